import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/time.ts';
import { settledDeliveries, startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy, slotAfter } from '../../tests/support/demo.ts';
import { failure } from '../../tests/support/errors.ts';
import { patientInChat } from '../../tests/support/patients.ts';
import type { SandboxUser } from '../../tests/support/sandbox-user.ts';

/**
 * The clinic's numbers from a day of four visits, made and answered as people do: two booked in the
 * bot (one answers the reminder "I'm coming" and comes, one stays silent and does not come), one
 * booked by the desk on a call and completed, one booked at the console and cancelled at the
 * patient's request an hour before (a late cancellation).
 */
let t: TestApp;
let therapy: { branchId: number; serviceId: number; doctorId: number };
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  therapy = await demoTherapy(t);
});
afterAll(() => t.stop());

const as = (p: SandboxUser) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: p.id });
const staff = (role: 'admin' | 'registrar' | 'marketer' | 'operator') =>
  t.app.caller({ kind: 'service', name: role, roles: [role] });
async function advanceTo(at: number) {
  const minutes = Math.ceil((at - t.clock.now().getTime()) / MINUTE) + 1;
  if (minutes > 0) await t.sandbox.advanceClock(minutes);
}

describe('the clinic’s numbers', () => {
  it('count channels, no-shows, late cancels, reminder answers and NPS of a day, without naming anyone', async () => {
    const [came, silent, called, cancelled] = await Promise.all(
      (['Арман', 'Дана', 'Ержан', 'Сәуле'] as const).map((name, i) =>
        patientInChat(t, 'ru', name, { birthDate: `198${i}-04-1${i}` }),
      ),
    );
    const today = localDate(t.clock.now(), 'Asia/Almaty');
    const slots = await Promise.all([0, 2, 4, 6].map((n) => slotAfter(t, therapy, 2, n)));
    const registrar = staff('registrar');
    const patientId = async (p: SandboxUser) => (await as(p!).patients.me()).patientId!;
    const visits = [
      await as(came!).booking.book({ ...therapy, startsAt: slots[0]!.startsAt }),
      await as(silent!).booking.book({ ...therapy, startsAt: slots[1]!.startsAt }),
      await registrar.booking.staff.book({
        ...therapy,
        startsAt: slots[2]!.startsAt,
        patientId: await patientId(called!),
        channel: 'phone',
      }),
      await registrar.booking.staff.book({
        ...therapy,
        startsAt: slots[3]!.startsAt,
        patientId: await patientId(cancelled!),
      }),
    ];
    const visitDay = localDate(slots[0]!.startsAt, 'Asia/Almaty');

    // The reminder of the day before reaches all four; one answers "I'm coming".
    const dayBefore = new Date(`${visitDay}T18:00:00+05:00`).getTime() - 86_400_000;
    await advanceTo(dayBefore);
    await came!.expectMessage(/Напоминаем: завтра у вас визит/);
    await came!.tap('✅ Я приду');
    await settledDeliveries(t, { appointmentId: visits[0]!.id });
    // An hour before the fourth visit its patient calls to cancel: inside the 2-hour cut-off.
    await advanceTo(slots[3]!.startsAt.getTime() - 60 * MINUTE);
    await registrar.booking.staff.cancel({ appointmentId: visits[3]!.id, reason: 'patient_request' });
    await advanceTo(slots[3]!.startsAt.getTime() + 60 * MINUTE);
    for (const i of [0, 2])
      for (const status of ['arrived', 'in_progress', 'completed'] as const)
        await registrar.booking.staff.setStatus({ appointmentId: visits[i]!.id, status });
    await registrar.booking.staff.setStatus({ appointmentId: visits[1]!.id, status: 'no_show' });
    await as(came!).feedback.answer({ appointmentId: visits[0]!.id, score: 10 });
    await as(called!).feedback.answer({ appointmentId: visits[2]!.id, score: 4 });

    const period = { from: today, to: visitDay, interval: 'day' as const };
    const channels = await staff('marketer').analytics.staff.bookingChannels(period);
    expect(channels).toMatchObject({ total: 4, byChannel: { bot: 2, phone: 1, console: 1, api: 0 } });
    expect(channels.series).toEqual([{ period: today, bot: 2, phone: 1, console: 1, api: 0 }]);

    const attendance = await registrar.analytics.staff.attendance(period);
    expect(attendance).toMatchObject({
      due: 3,
      noShows: 1,
      cancelled: 1,
      lateCancels: 1,
      noShowRate: 0.3333,
      lateCancelRate: 0.25,
      lateCancelWindowMinutes: 120,
      reminders: {
        reminded: 3,
        answeredComing: 1,
        answeredShare: 0.3333,
        noShowRateAnswered: 0,
        noShowRateNotAnswered: 0.5,
      },
    });
    expect(attendance.series.map((s) => s.period)).toEqual([visitDay]);

    const nps = await staff('operator').analytics.staff.nps({ ...period, groupBy: 'doctor' });
    expect(nps.groups).toEqual([{ id: therapy.doctorId, name: expect.any(String) }]);
    expect(nps.points).toEqual([
      {
        period: localDate(t.clock.now(), 'Asia/Almaty'),
        groupId: therapy.doctorId,
        responses: 2,
        promoters: 1,
        passives: 0,
        detractors: 1,
        nps: 0,
      },
    ]);

    // A marketer does not see a doctor's day of two answers: a score that few is a person's.
    const marketerNps = await staff('marketer').analytics.staff.nps({ ...period, groupBy: 'doctor' });
    expect(marketerNps).toMatchObject({ points: [], groups: [], hidden: 1, minResponses: 5 });
    expect(nps).toMatchObject({ hidden: 0, minResponses: null });

    // Another doctor and another branch have none of it; the period before has nothing.
    const others = await registrar.analytics.staff.attendance({
      ...period,
      doctorId: therapy.doctorId + 1000,
    });
    expect(others).toMatchObject({ due: 0, noShowRate: null });
    const before = await staff('marketer').analytics.staff.bookingChannels({
      from: '2020-01-01',
      to: '2020-12-31',
    });
    expect(before.total).toBe(0);

    const money = await staff('admin').analytics.staff.payments(period);
    expect(money).toMatchObject({ currency: 'KZT', paid: { count: 0, tiyn: 0 }, netTiyn: 0 });

    // Counts only: nothing a marketer reads names a patient.
    const read = JSON.stringify([
      channels,
      await staff('marketer').analytics.staff.funnels(period),
      await staff('marketer').analytics.staff.broadcasts(period),
      await staff('marketer').analytics.staff.nps(period),
    ]);
    for (const name of ['Арман', 'Дана', 'Ержан', 'Сәуле', 'patient']) expect(read).not.toContain(name);
    // No phone number, IIN or Telegram id (long digit runs) either.
    expect(read).not.toMatch(/\d{10}/);
  });

  it('refuses a step naming an id no catalog row can have as bad input, and records nothing of it', async () => {
    const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: 1 });
    const attempt = crypto.randomUUID();
    for (const dims of [{ branchId: 2 ** 40 }, { serviceId: 2 ** 31 }, { doctorId: 2 ** 53 - 1 }]) {
      const refused = await failure(
        bot.analytics.track({ funnel: 'booking', attempt, step: 'service', ...dims }),
      );
      expect(refused.code).toBe('BAD_REQUEST');
    }
    const rows = await t.app.orm.em
      .fork()
      .getConnection()
      .execute('select count(*)::int as n from analytics_funnel_event where attempt = ?', [attempt]);
    expect(rows).toEqual([{ n: 0 }]);
    const marketer = staff('marketer').analytics.staff;
    expect(
      (await failure(marketer.funnels({ from: '2026-01-01', to: '2026-01-02', branchId: 2 ** 40 }))).code,
    ).toBe('BAD_REQUEST');
  });

  it('refuses a period that ends before it starts, or spans more than three years', async () => {
    const marketer = staff('marketer').analytics.staff;
    await expect(marketer.funnels({ from: '2026-03-02', to: '2026-03-01' })).rejects.toThrow(
      /before the start/,
    );
    await expect(marketer.funnels({ from: '2020-01-01', to: '2026-01-01' })).rejects.toThrow(/at most/);
  });
});
