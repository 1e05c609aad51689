import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { patientInChat } from '../support/patients.ts';

/**
 * The first-response limit as the staff see it: a request nobody has answered for longer than
 * SUPPORT_FIRST_RESPONSE_MINUTES is announced in the staff group once (number and name, never
 * the question); an answer in time announces nothing.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SUPPORT_FIRST_RESPONSE_MINUTES: '20' }, { bot: true });
});
afterAll(() => t.stop());

describe('a request waiting too long', () => {
  it('is announced in the staff group once, and an answered one is not', async () => {
    const owner = await t.sandbox.user({ first_name: 'Гульнар' });
    const group = await t.sandbox.forumGroup({ title: 'Регистратура', owner });
    // As if started with STAFF_CHAT_ID set to it (the sandbox names a group at random).
    t.app.settings.notifications.staffChatId = group.id;

    const waiting = await patientInChat(t, 'kk', 'Айжан');
    const answered = await patientInChat(t, 'ru', 'Тимур');
    const open = (p: typeof waiting, text: string) =>
      t.app
        .caller({ kind: 'bot', name: 'bot', telegramUserId: p.id })
        .support.tickets.open({ text, sourceKey: `tg:${p.id}:77` });
    const late = await open(waiting, 'Талдау нәтижесі қашан дайын болады?');
    const quick = await open(answered, 'Можно ли прийти без записи?');
    await t.app.caller({ kind: 'service', name: 'op', roles: ['operator'] }).support.staff.reply({
      ticketId: quick.ticket.id,
      text: 'Да, с 8 до 10.',
      idempotencyKey: 'quick-answer',
    });

    await t.sandbox.advanceClock(21);
    const alert = await group.expectMessage(0, /ждёт ответа/);
    expect(alert.text).toBe(`⏰ Обращение № ${late.ticket.id} (Айжан Сейтқали) ждёт ответа уже 21 мин.`);
    expect(alert.text).not.toContain('Талдау');

    // Another minute: no second announcement, and none for the answered request.
    await t.sandbox.advanceClock(1);
    await t.app.runDue();
    const said = (await group.topicMessages(0)).filter((m) => m.text?.includes('ждёт ответа'));
    expect(said.map((m) => m.text)).toEqual([alert.text]);
  });
});
