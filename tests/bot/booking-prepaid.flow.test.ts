import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/roles.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bookTherapist, summaryOfTherapist } from '../support/booking.ts';
import { demoTherapy } from '../support/demo.ts';
import { patientInChat } from '../support/patients.ts';

/**
 * A prepaid service booked in the bot: the confirmation itself offers "Pay" for the invoice the
 * booking issued; a service that is not prepaid is confirmed without it.
 */
let t: TestApp;
let serviceId: number;
const ADMIN: Caller = { kind: 'service', name: 'admin', roles: ['admin'] };
const DESK: Caller = { kind: 'service', name: 'desk', roles: ['registrar'] };

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  ({ serviceId } = await demoTherapy(t));
});
afterAll(() => t.stop());

/** The patient's one invoice, as staff see it. */
async function onlyInvoiceOf(telegramUserId: number) {
  const patientId = (await t.app.caller({ kind: 'bot', name: 'bot', telegramUserId }).patients.profile.get())
    .id;
  const { items } = await t.app.caller(DESK).payments.staff.invoices({ patientId });
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe('a prepaid service booked in the bot', () => {
  it('is confirmed with a "Pay" button for its invoice, in Russian and in Kazakh', async () => {
    await t.app.caller(ADMIN).clinic.services.update({ id: serviceId, prepaid: true });
    for (const [language, label, name] of [
      ['ru', '💳 Оплатить', 'Дана'],
      ['kk', '💳 Төлеу', 'Жанар'],
    ] as const) {
      const p = await patientInChat(t, language, name);
      const booked = await bookTherapist(p, language);
      const invoice = await onlyInvoiceOf(p.id);
      expect(invoice).toMatchObject({ origin: 'prepaid_booking', status: 'unpaid' });
      expect(booked.buttons?.flat()).toEqual([
        expect.objectContaining({ text: label, data: `p:i:${invoice.id}` }),
      ]);
    }
  });

  it('says before the confirm tap that it is paid ahead, how much and by when, in Russian and in Kazakh', async () => {
    await t.app.caller(ADMIN).clinic.services.update({ id: serviceId, prepaid: true });
    for (const [language, name, told] of [
      [
        'ru',
        'Мадина',
        /Эта услуга оплачивается заранее: .+₸ нужно оплатить до начала визита \(.+\d\d:\d\d\)/,
      ],
      [
        'kk',
        'Сәуле',
        /Бұл қызметке алдын ала төлем жасалады: .+₸ сомасын қабылдау басталғанға дейін \(.+\d\d:\d\d\) төлеу керек/,
      ],
    ] as const) {
      const p = await patientInChat(t, language, name);
      const summary = await summaryOfTherapist(p, language);
      expect(summary.text).toMatch(told);
      // Nothing is invoiced before the patient confirms.
      expect(
        (
          await t.app.caller(DESK).payments.staff.invoices({
            patientId: (
              await t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: p.id }).patients.profile.get()
            ).id,
          })
        ).items,
      ).toEqual([]);
    }
  });

  it('is not offered for a service that is not prepaid', async () => {
    await t.app.caller(ADMIN).clinic.services.update({ id: serviceId, prepaid: false });
    const p = await patientInChat(t, 'ru', 'Асель');
    const summary = await summaryOfTherapist(p, 'ru');
    expect(summary.text).not.toMatch(/оплачивается заранее/);
    await p.tap('✅ Записаться');
    const booked = await p.expectEdit(/Вы записаны!/);
    expect(booked.buttons?.flat() ?? []).toEqual([]);
    const self = await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: p.id })
      .patients.profile.get();
    expect((await t.app.caller(DESK).payments.staff.invoices({ patientId: self.id })).items).toEqual([]);
  });
});
