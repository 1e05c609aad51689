import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/free-port.ts';
import { formatTiyn } from '../../shared/money.ts';
import type { Caller } from '../../shared/roles.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bookTherapist } from '../support/booking.ts';
import { demoTherapy } from '../support/demo.ts';
import { patientInChat } from '../support/patients.ts';
import { linkShown } from '../support/payments.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * Paying in the bot through the sandbox's stand-ins of the real providers, as a person would: a
 * prepaid visit booked and paid on Halyk's page (its callback reaches the app over HTTP and is
 * confirmed by the status API), the money given back by an admin; an invoice paid by Kaspi,
 * found by the poller. The chat's message with the link becomes "paid" each time.
 */
let t: TestApp;
const ADMIN: Caller = { kind: 'service', name: 'admin', roles: ['admin'] };
const DESK: Caller = { kind: 'service', name: 'desk', roles: ['registrar'] };
const tenge = (text: string) => `${text.replaceAll(' ', '\u00a0')}\u00a0₸`;

beforeAll(async () => {
  // Halyk calls back the app's public address: this server's.
  const port = await freePort();
  t = await startTestApp({ PORT: String(port) }, { bot: true, port });
  const { serviceId } = await demoTherapy(t);
  await t.app.caller(ADMIN).clinic.services.update({ id: serviceId, prepaid: true });
});
afterAll(() => t.stop());

const idOf = async (p: SandboxUser) =>
  (await t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: p.id }).patients.profile.get()).id;
const urlOf = (m: { buttons?: { url?: string }[][] }) => m.buttons!.flat().find((b) => b.url)!.url!;

describe('paying through the providers’ stand-ins', () => {
  it('a prepaid visit paid on Halyk’s page: "paid" in the chat, the receipt, then a refund (ru)', async () => {
    const p = await patientInChat(t, 'ru', 'Дина');
    const booked = await bookTherapist(p, 'ru');
    expect(booked.buttons?.flat().map((b) => b.text)).toEqual(['💳 Оплатить']);
    await p.tap('💳 Оплатить');
    const card = await p.expectMessage(/Итого к оплате/);
    await p.tap('💳 Halyk (карта)');
    const link = await p.expectMessage(/Ссылка действует до/);
    const page = urlOf(link);
    expect(page).toMatch(/\/sandbox\/halyk\/pay\//);
    expect(await (await fetch(page)).text()).toContain('Оплатить');
    await linkShown(t);
    // The person pays with the test card on the bank's page.
    expect((await fetch(`${page}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(303);
    const paid = await p.expectEdit(/✅ Счёт № .* оплачен/);
    expect(paid.message_id).toBe(link.message_id);
    await p.expectMessage(/Новый документ: Чек об оплате/);
    expect(card.text).toContain('Итого к оплате');

    const patientId = await idOf(p);
    const [payment] = (await t.app.caller(DESK).payments.staff.payments({ patientId, status: 'paid' })).items;
    expect(payment).toMatchObject({ provider: 'halyk' });
    const refund = await t.app.caller(ADMIN).payments.staff.refund({
      paymentId: payment!.id,
      reason: 'визит перенесён в другую клинику',
      idempotencyKey: `flow-${payment!.id}`,
    });
    expect(refund.status).toBe('done');
    const told = await p.expectMessage(/↩️ Возврат по счёту/);
    expect(told.text).toContain(formatTiyn(payment!.amountTiyn, 'ru'));
    await p.tap('💳 Оплата');
    const after = await p.expectMessage(/Оплата/);
    expect(after.text).toContain(`Возвращено: ${formatTiyn(payment!.amountTiyn, 'ru')}`);
  });

  it('an invoice paid by Kaspi: the QR, the payer confirms in the app, the poller finds it (kk)', async () => {
    const p = await patientInChat(t, 'kk', 'Айгерім');
    const invoice = await t.app.caller(DESK).payments.staff.createInvoice({
      patientId: await idOf(p),
      lines: [{ title: { ru: 'Справка', kk: 'Анықтама' }, unitPriceTiyn: 500_000 }],
    });
    await p.expectMessage(`№ ${invoice.number} шот, сомасы ${tenge('5 000')}`);
    await p.tap('💳 Төлеу');
    await p.expectMessage(/Барлығы төлеуге/);
    await p.tap('Kaspi');
    const qr = await p.expectMessage((m) => m.photo !== undefined);
    const id = urlOf(qr).split('/').at(-1);
    // The payer's Kaspi app: scan, then confirm (the test environment's emulator calls).
    for (const step of ['scan', 'confirm'])
      await fetch(`${t.url}/sandbox/kaspi/r1/v01/test/payment/${step}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': t.app.sandbox!.kaspi.apiKey },
        body: JSON.stringify({ QrPaymentId: Number(id) }),
      });
    await t.sandbox.advanceClock(1);
    const paid = await p.expectEdit(/шот төленді/);
    expect(paid.message_id).toBe(qr.message_id);
    await p.expectMessage(/Жаңа құжат: Төлем туралы чек/);
  });

  it('the providers’ pay pages tell the state in the patient’s words, not as a code (kk)', async () => {
    const p = await patientInChat(t, 'kk', 'Әсел');
    const patientId = await idOf(p);
    const words = async (url: string, init?: RequestInit) => {
      const html = await (await fetch(url, init)).text();
      return /id="status"[^>]*>([^<]*)</.exec(html)?.[1];
    };
    // Halyk's page speaks the language the invoice was made in (the app tells ePay: kaz).
    const halyk = await t.app.caller(DESK).payments.staff.createInvoice({
      patientId,
      lines: [{ title: { ru: 'Справка', kk: 'Анықтама' }, unitPriceTiyn: 300_000 }],
    });
    await p.expectMessage(`№ ${halyk.number} шот, сомасы ${tenge('3 000')}`);
    await p.tap('💳 Төлеу');
    await p.expectMessage(/Барлығы төлеуге/);
    await p.tap('💳 Halyk (карта)');
    const page = urlOf(await p.expectMessage(/Сілтеме/));
    await linkShown(t);
    expect(await words(page)).toBe('төлем күтілуде');
    expect(await (await fetch(page)).text()).toContain('>Төлеу</button>');
    await fetch(`${page}/pay`, { method: 'POST', redirect: 'manual' });
    expect(await words(page)).toBe('төленді');
    await p.expectEdit(/шот төленді/);
    // Kaspi is not told a language: its page speaks the browser's (Telegram's, in Kazakh here).
    const kaspi = await t.app.caller(DESK).payments.staff.createInvoice({
      patientId,
      lines: [{ title: { ru: 'Справка', kk: 'Анықтама' }, unitPriceTiyn: 200_000 }],
    });
    await p.expectMessage(`№ ${kaspi.number} шот, сомасы ${tenge('2 000')}`);
    await p.tap('💳 Төлеу');
    await p.expectMessage(/Барлығы төлеуге/);
    await p.tap('Kaspi');
    const qr = urlOf(await p.expectMessage((m) => m.photo !== undefined));
    const kazakh = { headers: { 'accept-language': 'kk-KZ,kk;q=0.9,ru;q=0.8' } };
    expect(await words(qr, kazakh)).toBe('төлем күтілуде');
    expect(await words(qr)).toBe('ожидает оплаты');
    await t.sandbox.advanceClock(24 * 60);
    expect(await words(qr, kazakh)).toBe('сілтеменің мерзімі өтті');
  });
});
