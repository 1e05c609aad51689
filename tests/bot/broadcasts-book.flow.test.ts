import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../../modules/clinic/index.ts';
import type { EmhanaClient } from '../../server/client.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { serviceIdOf, summaryOfFirstFreeTime } from '../support/booking.ts';
import { settle, staffWithChat } from '../support/broadcasts.ts';
import { forgeButton } from '../support/forged-button.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * A broadcast's "book this service": the tap opens booking at that service below the message,
 * and the clinic sees who tapped and which visits came through the button, apart from visits its
 * readers booked another way the same week.
 */
let t: TestApp;
let marketer: EmhanaClient;
let admin: EmhanaClient;
let aigerim: SandboxUser;
let sergey: SandboxUser;
let broadcastId: number;
/** The data of Aigerim's own "book" button. */
let aigerimsButton: string;

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  await seedDemoClinic({ em: t.app.orm.em.fork() });
  aigerim = await patientInChat(t, 'kk', 'Айгерім', { marketing: true });
  sergey = await patientInChat(t, 'ru', 'Сергей', { marketing: true });
  const author = await staffWithChat(t, ['marketer'], 'marketer.book');
  const approver = await staffWithChat(t, ['admin'], 'admin.book');
  marketer = author.api;
  admin = approver.api;
  // The neurologist sees patients in Astana only: booking goes straight to the doctors.
  const astana = (await t.client().clinic.branches.list.query()).find((b) => b.name.ru.includes('Астана'))!;
  const neurology = await serviceIdOf(t, astana.id, 'Приём невролога');
  const draft = await marketer.broadcasts.staff.create.mutate({
    kind: 'marketing',
    title: 'Neurology week',
    audience: {},
    text: { ru: '{first_name}, неделя неврологии', kk: '{first_name}, неврология апталығы' },
    buttons: [{ kind: 'book', label: { ru: 'Записаться', kk: 'Жазылу' }, serviceId: neurology }],
  });
  broadcastId = draft.id;
  await marketer.broadcasts.staff.testSend.mutate({ broadcastId });
  await author.user.expectMessages([/неделя неврологии/, /неврология апталығы/]);
  await admin.broadcasts.staff.approve.mutate({ broadcastId });
  await marketer.broadcasts.staff.schedule.mutate({ broadcastId, sendAt: null });
  const message = await aigerim.expectMessage(/Айгерім, неврология апталығы/);
  aigerimsButton = message.buttons![0]![0]!.data!;
  expect(aigerimsButton).toMatch(/^bc:b:[1-9]\d*:0$/);
  await sergey.expectMessage(/Сергей, неделя неврологии/);
  await settle(t, broadcastId, marketer);
});
afterAll(() => t.stop());

const numbers = (id = broadcastId) => marketer.broadcasts.staff.stats.query({ broadcastId: id });

/** A broadcast to every consenting reader with one "book" button for this service, sent and done. */
async function sendBooking(serviceId: number, label: { ru: string; kk: string }): Promise<number> {
  const draft = await marketer.broadcasts.staff.create.mutate({
    kind: 'marketing',
    title: label.ru,
    audience: {},
    text: { ru: '{first_name}, новое', kk: '{first_name}, жаңалық' },
    buttons: [{ kind: 'book', label, serviceId }],
  });
  await marketer.broadcasts.staff.testSend.mutate({ broadcastId: draft.id });
  await admin.broadcasts.staff.approve.mutate({ broadcastId: draft.id });
  await marketer.broadcasts.staff.schedule.mutate({ broadcastId: draft.id, sendAt: null });
  await settle(t, draft.id, marketer);
  return draft.id;
}

describe("a broadcast's book button", () => {
  it("refuses another reader's button, counting nothing", async () => {
    const mallory = await patientInChat(t, 'ru', 'Мэллори');
    await forgeButton(t, mallory, 'Записаться', aigerimsButton);
    await mallory.tap('Записаться');
    await mallory.expectMessage('Эта кнопка больше не работает.');
    await mallory.expectNoMessage(300);
    expect((await numbers()).total).toMatchObject({ tapped: 0, taps: 0, bookedFromButton: 0 });
  });

  it('opens booking at its service below the message; the visit counts as the button’s', async () => {
    await aigerim.tap('Жазылу');
    // A new message under the broadcast, which stays to be read again.
    await aigerim.expectMessage(/Дәрігерді таңдаңыз/);
    await aigerim.tapData(/^b:d:\d+:\d+:\d+:[1-9]\d*$/);
    await aigerim.expectEdit(/Күнді таңдаңыз/);
    await aigerim.tapData(/^b:t:/);
    await aigerim.expectEdit(/уақытты таңдаңыз/);
    await aigerim.tapData(/^b:h:/);
    const summary = await aigerim.expectEdit(/Жазылуды тексеріңіз/);
    expect(summary.text).toContain('Невролог қабылдауы');
    await aigerim.tap('✅ Жазылу');
    await aigerim.expectEdit(/Сіз жазылдыңыз!/);

    // Sergey books the same service through the menu the same week: a booking, not the button's.
    await sergey.send('/menu');
    await sergey.expectMessage(/Главное меню/);
    await sergey.tap('📅 Записаться');
    await sergey.expectMessage(/Выберите филиал/);
    await sergey.tap(/Астана/);
    await sergey.expectEdit(/Выберите направление/);
    await sergey.tap('Неврология');
    await sergey.expectEdit(/Выберите услугу/);
    await sergey.tap(/^Приём невролога —/);
    await sergey.expectEdit(/Выберите врача/);
    await sergey.tapData(/^b:d:\d+:\d+:\d+:[1-9]\d*$/);
    await sergey.expectEdit(/Выберите день/);
    await sergey.tapData(/^b:t:/);
    await sergey.expectEdit(/выберите время/);
    await sergey.tapData(/^b:h:/);
    await sergey.expectEdit(/Проверьте запись/);
    await sergey.tap('✅ Записаться');
    await sergey.expectEdit(/Вы записаны!/);

    const stats = await numbers();
    expect(stats.kk).toMatchObject({ tapped: 1, taps: 1, booked: 1, bookedFromButton: 1 });
    expect(stats.ru).toMatchObject({ tapped: 0, booked: 1, bookedFromButton: 0 });
    expect(stats.total).toMatchObject({ tapped: 1, booked: 2, bookedFromButton: 1 });
  });

  it('asks whom for first in a family, offers the branches that have it, and forgets the broadcast once booking starts anew', async () => {
    const aizhan = await patientInChat(t, 'ru', 'Айжан', { marketing: true });
    await t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: aizhan.id }).patients.family.add({
      iin: makeIin('2016-03-03', 'male'),
      lastName: 'Сейтқали',
      firstName: 'Нурик',
      relation: 'child',
    });
    const almaty = (await t.client().clinic.branches.list.query()).find((b) => b.name.ru.includes('Алматы'))!;
    const thyroid = await serviceIdOf(t, almaty.id, 'УЗИ щитовидной железы');
    const id = await sendBooking(thyroid, { ru: 'Записаться на УЗИ', kk: 'УДЗ-ға жазылу' });
    await aizhan.expectMessage(/Айжан, новое/);

    await aizhan.tap('Записаться на УЗИ');
    await aizhan.expectMessage(/Для кого запись\?/);
    await aizhan.tap('Для меня (Айжан)');
    const branches = await aizhan.expectEdit(/УЗИ щитовидной железы: выберите филиал/);
    expect(branches.buttons?.flat().map((b) => b.text)).toEqual([
      'Емхана — Алматы',
      'Емхана — Астана',
      '← Назад',
    ]);
    await aizhan.tap(/Алматы/);
    await aizhan.expectEdit(/Выберите врача/);
    // She leaves it there and books the therapist from the menu: a booking, not the button's.
    await aizhan.tap('📅 Записаться');
    await aizhan.expectMessage(/Для кого запись\?/);
    await aizhan.tap('Для меня (Айжан)');
    await aizhan.expectEdit(/Выберите филиал/);
    await aizhan.tap(/Алматы/);
    await aizhan.expectEdit(/Выберите направление/);
    await aizhan.tap('Терапия');
    await aizhan.expectEdit(/Выберите услугу/);
    await aizhan.tap(/^Первичный приём терапевта —/);
    await summaryOfFirstFreeTime(aizhan);
    await aizhan.tap('✅ Записаться');
    await aizhan.expectEdit(/Вы записаны!/);
    expect((await numbers(id)).ru).toMatchObject({ tapped: 1, booked: 1, bookedFromButton: 0 });

    // The service is withdrawn after the broadcast went out: its button says so.
    await admin.clinic.services.deactivate.mutate({ id: thyroid });
    await sergey.expectMessage(/Сергей, новое/);
    await sergey.tap('Записаться на УЗИ');
    await sergey.expectMessage('Эта услуга сейчас недоступна для записи. Выберите другую в «📅 Записаться».');
  });
});
