import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  approvedBroadcast,
  asBot,
  marketing,
  outcomesSum,
  readers,
  received,
  settle,
  settleDeliveries,
  staffWithChat,
  statsWhen,
} from '../support/broadcasts.ts';

/**
 * What the broadcast sender promises while it sends, as readers and staff notice it: consent is
 * read at each reader's turn, service notices reach the people a visit concerns (a parent once
 * for two children), pause / resume / cancel take effect mid-send with nobody getting a message
 * twice, a reader who blocked the bot gets nothing and is counted, and each branch's night is
 * kept in its own zone. The bot is not started: the readers have written to it, and the delivery
 * queue writes to them as it would in production.
 */
let t: TestApp;
afterEach(() => t?.stop());

async function app(env: Record<string, string> = {}) {
  t = await startTestApp(env);
  await t.app.startDelivery(t.url);
  return t;
}

const total = (counts: Map<number, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

describe('broadcast sending', () => {
  it('respects consent withdrawn after scheduling and after sending started; a blocked reader gets nothing and is counted', async () => {
    await app();
    const admin = await staffWithChat(t, ['admin'], 'admin.one', { botAnswers: false });
    const audience = await readers(t, 30);
    const [early, blocker, ...rest] = audience as [
      (typeof audience)[0],
      (typeof audience)[0],
      ...typeof audience,
    ];
    const id = await approvedBroadcast(
      admin,
      marketing({ ru: '{first_name}, скидка 10%', kk: '{first_name}, 10% жеңілдік' }),
      new Date(t.clock.now().getTime() + 3_600_000),
    );
    // Scheduled for in an hour; meanwhile one reader says no more offers, another blocks the bot
    // (the app does not know yet: Telegram tells it with the first message).
    await asBot(t, early.user).patients.profile.setMarketing({ optIn: false });
    await blocker.user.block();
    // The admin's sign-in does not outlive an hour of the app's clock; a tool's token does.
    const staff = t.client(await t.tokenFor('admin'));
    t.clock.advance(3_600_000 + 60_000);
    await t.app.runDue();
    // Paused as soon as it starts: the rest wait (taken back at their turn).
    await expect
      .poll(async () => (await staff.broadcasts.staff.get.query({ broadcastId: id })).state, {
        timeout: 10_000,
        interval: 5,
      })
      .toBe('sending');
    await staff.broadcasts.staff.pause.mutate({ broadcastId: id });
    await settleDeliveries(t, id);
    const before = await received(
      t,
      rest.map((r) => r.user),
      /скидка|жеңілдік/,
    );
    const late = rest.find((r) => before.get(r.user.id) === 0);
    expect(late, 'someone had not got it yet when paused').toBeDefined();
    await asBot(t, late!.user).patients.profile.setMarketing({ optIn: false });
    await staff.broadcasts.staff.resume.mutate({ broadcastId: id });
    await settle(t, id, staff);

    const after = await received(
      t,
      audience.map((r) => r.user),
      /скидка|жеңілдік/,
    );
    expect(after.get(early.user.id)).toBe(0);
    expect(after.get(blocker.user.id)).toBe(0);
    expect(after.get(late!.user.id)).toBe(0);
    for (const r of rest) if (r !== late) expect(after.get(r.user.id), r.firstName).toBe(1);
    const stats = await staff.broadcasts.staff.stats.query({ broadcastId: id });
    // The one who withdrew before it started was never targeted.
    expect(stats.total).toMatchObject({
      targeted: 29,
      sent: 27,
      skipped: 1,
      blocked: 1,
      failed: 0,
      pending: 0,
    });
    expect(outcomesSum(stats.total)).toBe(29);
    expect(outcomesSum(stats.ru) + outcomesSum(stats.kk)).toBe(29);
  }, 60_000);

  it('pause, resume and cancel take effect mid-send; nobody gets it twice, and the numbers add up', async () => {
    // At 8 messages a second the 60 take over 7 s: the pause lands mid-send however fast the
    // machine is (at 30/s it could come after the last one).
    await app({ TELEGRAM_PER_SECOND: '8' });
    const admin = await staffWithChat(t, ['admin'], 'admin.one', { botAnswers: false });
    const audience = await readers(t, 60);
    const users = audience.map((r) => r.user);
    const id = await approvedBroadcast(
      admin,
      marketing({ ru: '{first_name}, новость', kk: '{first_name}, жаңалық' }),
    );
    await statsWhen(admin.api, id, (s) => s.total.sent >= 10);
    await admin.api.broadcasts.staff.pause.mutate({ broadcastId: id });

    // Settled: what was on the wire went; what waited in the queue was taken back.
    await settleDeliveries(t, id);
    const paused = await received(t, users, /новость|жаңалық/);
    const statsPaused = await admin.api.broadcasts.staff.stats.query({ broadcastId: id });
    expect(total(paused)).toBe(statsPaused.total.sent);
    expect(statsPaused.total.pending).toBe(60 - statsPaused.total.sent);
    expect(statsPaused.total.pending).toBeGreaterThan(0);
    // And it stays so: the sender runs again and hands nothing more to the queue.
    await t.app.runDue();
    await settleDeliveries(t, id);
    expect(await received(t, users, /новость|жаңалық/)).toEqual(paused);
    expect((await admin.api.broadcasts.staff.get.query({ broadcastId: id })).state).toBe('paused');

    await admin.api.broadcasts.staff.resume.mutate({ broadcastId: id });
    expect((await settle(t, id, admin.api)).state).toBe('done');
    const after = await received(t, users, /новость|жаңалық/);
    expect([...after.values()].filter((n) => n !== 1)).toEqual([]);
    const stats = await admin.api.broadcasts.staff.stats.query({ broadcastId: id });
    expect(stats.total).toMatchObject({ targeted: 60, sent: 60, pending: 0, skipped: 0 });

    // Another one to the same readers, cancelled mid-send: the rest never arrive.
    const second = await approvedBroadcast(
      admin,
      marketing({ ru: '{first_name}, вторая новость', kk: '{first_name}, екінші жаңалық' }),
    );
    await statsWhen(admin.api, second, (s) => s.total.sent >= 10);
    await admin.api.broadcasts.staff.cancel.mutate({ broadcastId: second });
    expect((await settle(t, second, admin.api)).state).toBe('cancelled');
    const got = await received(t, users, /вторая новость|екінші жаңалық/);
    await t.app.runDue();
    await settleDeliveries(t, second);
    expect(await received(t, users, /вторая новость|екінші жаңалық/)).toEqual(got);
    expect([...got.values()].every((n) => n <= 1)).toBe(true);
    const cancelled = await admin.api.broadcasts.staff.stats.query({ broadcastId: second });
    expect(cancelled.total.sent).toBe(total(got));
    expect(cancelled.total.sent).toBeLessThan(60);
    expect(cancelled.total).toMatchObject({
      targeted: 60,
      pending: 0,
      failed: 0,
      skipped: 60 - cancelled.total.sent,
    });
    expect(outcomesSum(cancelled.total)).toBe(60);
  }, 60_000);
});
