import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../../modules/clinic/index.ts';
import { localDate } from '../../shared/time.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bookTherapist } from '../support/booking.ts';
import { makeIin } from '../support/iin.ts';
import { registrationSteps } from '../support/registration.ts';

/** The funnels count what patients do in the bot, and keep nothing that names them. */
let t: TestApp;
const { registerThrough } = registrationSteps(() => t);

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  await seedDemoClinic({ em: t.app.orm.em.fork() });
});
afterAll(() => t.stop());

const today = () => localDate(t.clock.now(), 'Asia/Almaty');
const marketer = () =>
  t.app.caller({ kind: 'service', name: 'marketing', roles: ['marketer'] }).analytics.staff;

const read = () => marketer().funnels({ from: today(), to: today() });
/** The funnels of today, once `ready` holds (steps are reported without the patient waiting on them). */
async function funnelsWhen(ready: (f: Awaited<ReturnType<typeof read>>) => boolean) {
  for (let i = 0; i < 100; i++) {
    const f = await read();
    if (ready(f)) return f;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}
const counts = (steps: { step: string; count: number }[]) =>
  Object.fromEntries(steps.map((s) => [s.step, s.count]));

describe('funnels from the bot', () => {
  it('a registration and a booking made in the chat appear step by step, with no personal data stored', async () => {
    const iin = makeIin('1991-03-08', 'female');
    const patient = await t.sandbox.user({ first_name: 'Жанар', language_code: 'ru' });
    await registerThrough(patient, 'ru', iin);
    const registered = await funnelsWhen((f) => counts(f.registration).done === 1);
    expect(counts(registered.registration)).toEqual({
      started: 1,
      consent: 1,
      phone: 1,
      name: 1,
      iin: 1,
      done: 1,
    });
    expect(registered.registration.every((s) => s.dropOff === 0)).toBe(true);

    await bookTherapist(patient, 'ru');
    const booked = await funnelsWhen((f) => counts(f.booking).confirmed === 1);
    expect(counts(booked.booking)).toEqual({
      opened: 1,
      service: 1,
      doctor: 1,
      day: 1,
      time: 1,
      confirmed: 1,
    });
    expect(booked.booking[5]).toMatchObject({ conversion: 1, dropOff: 0 });

    // A second booking opened and left at the branches: one more attempt, dropped before a service.
    await patient.send('/menu');
    await patient.expectMessage(/Главное меню/);
    await patient.tap('📅 Записаться');
    await patient.expectMessage(/Выберите филиал/);
    const left = await funnelsWhen((f) => counts(f.booking).opened === 2);
    expect(counts(left.booking)).toMatchObject({ opened: 2, service: 1, doctor: 1, confirmed: 1 });
    expect(left.booking[1]).toMatchObject({ step: 'service', dropOff: 1, dropOffRate: 0.5, conversion: 0.5 });

    // Filtered by the branch: the attempt that chose it counts there, the one that chose none does
    // not; another branch has none.
    const branches = await t.client().clinic.branches.list.query();
    const almaty = branches.find((b) => b.name.ru.includes('Алматы'))!;
    const other = branches.find((b) => b.id !== almaty.id)!;
    const inAlmaty = await marketer().funnels({ from: today(), to: today(), branchId: almaty.id });
    expect(counts(inAlmaty.booking)).toMatchObject({ opened: 1, confirmed: 1 });
    expect(
      counts((await marketer().funnels({ from: today(), to: today(), branchId: other.id })).booking),
    ).toMatchObject({
      opened: 0,
    });

    // What is stored names no one: random attempt ids, steps, times, catalog ids and the language.
    const rows = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute('select * from analytics_funnel_event')) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [
        'at',
        'attempt',
        'branch_id',
        'doctor_id',
        'funnel',
        'id',
        'language',
        'service_id',
        'step',
        'step_index',
      ].sort(),
    );
    const stored = JSON.stringify(rows);
    const patientId = (
      await t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: patient.id }).patients.me()
    ).patientId!;
    for (const secret of [String(patient.id), iin, patient.phone.replace('+', '')])
      expect(stored).not.toContain(secret);
    expect(rows.every((r) => r.attempt !== String(patientId))).toBe(true);
    // Two attempts at booking, one at registration: the ids are per attempt, not per person.
    expect(new Set(rows.filter((r) => r.funnel === 'booking').map((r) => r.attempt)).size).toBe(2);
  });

  it('a step reported again (a retry) is counted once, and a step of another funnel is refused', async () => {
    const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: 1 }).analytics;
    const before = counts((await marketer().funnels({ from: today(), to: today() })).registration);
    const attempt = crypto.randomUUID();
    await bot.track({ funnel: 'registration', attempt, step: 'phone', language: 'kk' });
    await bot.track({ funnel: 'registration', attempt, step: 'phone', language: 'kk' });
    const after = counts((await marketer().funnels({ from: today(), to: today() })).registration);
    // Reaching the phone step counts the steps before it too, once.
    expect(after).toEqual({
      ...before,
      started: before.started! + 1,
      consent: before.consent! + 1,
      phone: before.phone! + 1,
    });
    await expect(bot.track({ funnel: 'registration', attempt, step: 'confirmed' })).rejects.toThrow(
      /not a step/,
    );
    // Nothing that could name a person is taken.
    await expect(
      bot.track({ funnel: 'booking', attempt, step: 'opened', patientId: 5 } as never),
    ).rejects.toThrow();
  });
});
