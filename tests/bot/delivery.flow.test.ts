import { afterEach, describe, expect, it } from 'vitest';
import { settledDeliveries, startTestApp, type TestApp } from '../support/app.ts';
import { demoTherapy } from '../support/demo.ts';
import { registerPatient } from '../support/patients.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * The delivery queue under Telegram's bad days: flood waits, server errors, a blocked user and a
 * restart in the middle of a dispatch. Every message that can arrive arrives exactly once.
 */
const MINUTE = 60_000;
let t: TestApp;
afterEach(() => t?.stop());

async function setup(env: Record<string, string> = {}) {
  t = await startTestApp({ QUIET_HOURS: 'off', ...env }, { bot: true });
  return demoTherapy(t);
}

/** `count` patients, each with a visit on the same day (so their reminders fall due together). */
async function patientsWithVisits(therapy: Awaited<ReturnType<typeof setup>>, count: number) {
  const from = new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(t.clock.now().getTime() + 12 * 86_400_000).toISOString().slice(0, 10);
  const { days } = await t.client().booking.availability.query({ ...therapy, from, to });
  const day = days.find((d) => d.slots.length >= count * 2)!;
  const people: { user: SandboxUser; startsAt: Date; visitId: number }[] = [];
  for (let i = 0; i < count; i++) {
    const user = await t.sandbox.user({ first_name: `Пациент${i}`, language_code: i % 2 ? 'kk' : 'ru' });
    await registerPatient(t.app, user.id, {
      language: i % 2 ? 'kk' : 'ru',
      firstName: `Пациент${'абвгдежзийклмнопрстуф'[i]}`,
    });
    await user.send('/menu');
    await user.expectMessage(/меню|мәзір/);
    // Every other slot, so the visits never overlap.
    const slot = day.slots[i * 2]!;
    const visit = await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: user.id })
      .booking.book({ ...therapy, startsAt: slot.startsAt });
    people.push({ user, startsAt: slot.startsAt, visitId: visit.id });
  }
  const local = new Date(people[0]!.startsAt.getTime() + 5 * 3_600_000);
  const dayBefore18 = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - 1, 13, 0);
  return { people, dayBefore18 };
}

const reminder = /Напоминаем: завтра у вас визит|Еске саламыз: ертең қабылдауыңыз бар/;

/** How many day-before reminders a user's chat holds, read afresh from the sandbox. */
async function remindersIn(user: SandboxUser): Promise<number> {
  const chat = await t.sandbox.request<{ messages: { from: string; text?: string }[] }>(
    'GET',
    `/sandbox/api/users/${user.id}/chat?after=0`,
  );
  return chat.messages.filter((m) => m.from === 'bot' && reminder.test(m.text ?? '')).length;
}

describe('delivery', () => {
  it('delivers every message exactly once through 429s and 5xx, and never to a user who blocked the bot', async () => {
    const therapy = await setup();
    const { people, dayBefore18 } = await patientsWithVisits(therapy, 8);
    const blocked = people[3]!.user;
    await blocked.block();
    await t.sandbox.fault({ method: 'sendMessage', kind: '429', count: 3, retry_after: 1 });
    await t.sandbox.fault({ method: 'sendMessage', kind: '500', count: 3 });
    await t.sandbox.advanceClock(Math.ceil((dayBefore18 - t.clock.now().getTime()) / MINUTE) + 1);
    for (const { user } of people)
      if (user !== blocked) await user.expectMessage(reminder, { timeout: 30_000 });
    // Nothing more is on its way, and every chat holds exactly one reminder.
    for (const { visitId } of people) await settledDeliveries(t, { appointmentId: visitId });
    for (const { user } of people)
      expect(await remindersIn(user), `${user.profile.first_name}`).toBe(user === blocked ? 0 : 1);

    const registrar = t.client(await t.tokenFor('registrar'));
    const visits = await registrar.booking.staff.dayBoard.query({
      branchId: therapy.branchId,
      date: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(people[0]!.startsAt),
    });
    const timelines = await Promise.all(
      visits.map((v) => registrar.notifications.timeline.query({ appointmentId: v.id })),
    );
    const statuses = timelines
      .flat()
      .filter((d) => d.purpose === 'reminder.d1')
      .map((d) => d.status);
    expect(statuses.sort()).toEqual(
      [...Array(7).fill('sent'), statuses.includes('failed') ? 'failed' : 'skipped'].sort(),
    );
    // The 5xx answers cost some deliveries a second attempt; they still went once.
    expect(timelines.flat().some((d) => d.status === 'sent' && d.attempts >= 2)).toBe(true);
  });

  it('loses nothing and doubles nothing when the app restarts in the middle of a dispatch', async () => {
    const therapy = await setup();
    const { people, dayBefore18 } = await patientsWithVisits(therapy, 8);
    // Slow Telegram down so the restart lands while messages are still going out.
    await t.sandbox.fault({ method: 'sendMessage', kind: '429', count: 4, retry_after: 1 });
    await t.sandbox.advanceClock(Math.ceil((dayBefore18 - t.clock.now().getTime()) / MINUTE) + 1);
    t = await t.restart();
    for (const { user } of people) await user.expectMessage(reminder, { timeout: 30_000 });
    for (const { visitId } of people) await settledDeliveries(t, { appointmentId: visitId });
    for (const { user } of people) expect(await remindersIn(user)).toBe(1);
  });

  it('holds a non-urgent message over quiet hours until the morning', async () => {
    const therapy = await setup({ QUIET_HOURS: '22:00-08:00' });
    const user = await t.sandbox.user({ first_name: 'Ночь', language_code: 'ru' });
    await registerPatient(t.app, user.id, { firstName: 'Ночь' });
    await user.send('/menu');
    await user.expectMessage(/Главное меню/);
    const from = new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(t.clock.now().getTime() + 12 * 86_400_000).toISOString().slice(0, 10);
    const { days } = await t.client().booking.availability.query({ ...therapy, from, to });
    const slot = days.flatMap((d) => d.slots)[0]!;
    const visit = await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: user.id })
      .booking.book({ ...therapy, startsAt: slot.startsAt });
    // Move to 20:30 Almaty on some evening, and complete the visit then.
    const now = t.clock.now().getTime();
    const local = new Date(now + 5 * 3_600_000);
    let evening = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 15, 30);
    if (evening <= now) evening += 86_400_000;
    await t.sandbox.advanceClock(Math.ceil((evening - now) / MINUTE));
    const registrar = t.client(await t.tokenFor('registrar'));
    for (const status of ['arrived', 'in_progress', 'completed'] as const) {
      await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status });
    }
    // 22:40: the NPS question is due, but it is night: it waits, queued for the morning.
    await t.sandbox.advanceClock(130);
    const held = await settledDeliveries(t, { appointmentId: visit.id });
    const nps = held.find((d) => d.purpose === 'feedback.nps');
    expect(nps).toMatchObject({ status: 'queued' });
    expect(nps!.notBefore.getTime()).toBeGreaterThan(t.clock.now().getTime() + 9 * 60 * MINUTE);
    // 08:01 the next morning.
    await t.sandbox.advanceClock(9 * 60 + 21 + 1);
    await user.expectMessage(/Как прошёл ваш визит/);
  });
});
