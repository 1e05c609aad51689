import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../../modules/clinic/index.ts';
import type { EmhanaClient } from '../../server/client.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { serviceIdOf } from '../support/booking.ts';
import { settle, staffWithChat } from '../support/broadcasts.ts';
import { forgeButton } from '../support/forged-button.ts';
import { patientInChat } from '../support/patients.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * A broadcast's "book this service": the tap opens booking at that service below the message,
 * and the clinic sees who tapped and which visits came through the button, apart from visits its
 * readers booked another way the same week.
 */
let t: TestApp;
let marketer: EmhanaClient;
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
  const admin = await staffWithChat(t, ['admin'], 'admin.book');
  marketer = author.api;
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
  await admin.api.broadcasts.staff.approve.mutate({ broadcastId });
  await marketer.broadcasts.staff.schedule.mutate({ broadcastId, sendAt: null });
  const message = await aigerim.expectMessage(/Айгерім, неврология апталығы/);
  aigerimsButton = message.buttons![0]![0]!.data!;
  expect(aigerimsButton).toMatch(/^bc:b:[1-9]\d*:0$/);
  await sergey.expectMessage(/Сергей, неделя неврологии/);
  await settle(t, broadcastId, marketer);
});
afterAll(() => t.stop());

const numbers = () => marketer.broadcasts.staff.stats.query({ broadcastId });

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
});
