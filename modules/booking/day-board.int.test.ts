import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, utcToZoned } from '../../shared/zoned-time.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy } from '../../tests/support/demo.ts';
import { failure } from '../../tests/support/errors.ts';
import { registerPatient } from '../../tests/support/patients.ts';

/**
 * The desk's day board as the console uses it: asked again every few seconds, it records each
 * patient it shows once per staff member and hour, not once per refresh; and the desk's own free
 * slots, which skip the patients' minimum notice.
 */
let t: TestApp;
let therapy: { branchId: number; serviceId: number; doctorId: number };
let admin: ReturnType<TestApp['client']>;
let nextUser = 7_900_000;

beforeAll(async () => {
  t = await startTestApp();
  therapy = await demoTherapy(t);
  admin = t.client(await t.tokenFor('admin'));
});
afterAll(() => t.stop());

const dayOf = (at: Date) => utcToZoned(at.getTime(), 'Asia/Almaty').date;

/**
 * A registrar's own account, called in process as a signed-in staff member is (a login token would
 * run out while the test moves the clock through the hour); each is their own actor in the log.
 */
async function registrarNamed(username: string) {
  const { id } = await t.app.caller({ kind: 'system' }).staff.create({
    username,
    displayName: username,
    password: 'a long enough password',
    roles: ['registrar'],
  });
  return t.app.caller({ kind: 'staff', accountId: id, name: username, roles: ['registrar'] });
}

/** The therapist's first day with free time at least `after` days ahead, as the desk sees it. */
async function workingDay(after: number) {
  const from = addDays(dayOf(t.clock.now()), after);
  const { days } = await admin.booking.staff.availability.query({ ...therapy, from, to: addDays(from, 14) });
  return days.find((d) => d.slots.length > 0)!;
}

/** The board's entries for a patient (newest first), of one staff member or of all. */
const boardEntries = async (patientId: number, username?: string) =>
  (await admin.audit.entries.query({ patientId, action: 'appointment.day_board', limit: 200 })).items.filter(
    (e) => username === undefined || e.actor.username === username,
  );

describe('the day board', () => {
  it('records each patient once per staff member and hour, however often the board refreshes', async () => {
    const registrar = await registrarNamed('desk.one');
    const colleague = await registrarNamed('desk.two');
    const first = await registerPatient(t.app, ++nextUser);
    const second = await registerPatient(t.app, ++nextUser, { firstName: 'Дана' });
    const { date: day, slots } = await workingDay(3);
    const a = slots[0]!;
    const b = slots.find((s) => s.startsAt >= a.endsAt)!;
    await registrar.booking.staff.book({ ...therapy, patientId: first.id, startsAt: a!.startsAt });
    const board = (who: typeof registrar) =>
      who.booking.staff.dayBoard({ branchId: therapy.branchId, date: day });

    // Twelve refreshes a minute apart: one entry.
    for (let i = 0; i < 12; i++) {
      expect((await board(registrar)).map((v) => v.patient.id)).toContain(first.id);
      t.clock.advance(60_000);
    }
    expect(await boardEntries(first.id)).toHaveLength(1);

    // A patient who appears on the board later is recorded when first shown; a colleague's sight is theirs.
    await registrar.booking.staff.book({ ...therapy, patientId: second.id, startsAt: b!.startsAt });
    await board(registrar);
    await board(registrar);
    await board(colleague);
    expect(await boardEntries(second.id)).toHaveLength(2);
    expect(new Set((await boardEntries(second.id)).map((e) => e.actor.username))).toEqual(
      new Set(['desk.one', 'desk.two']),
    );

    // An hour after the first sight, the board open still: a new entry says she still had it on screen.
    t.clock.advance(49 * 60_000);
    await board(registrar);
    const entries = await boardEntries(first.id, 'desk.one');
    expect(entries).toHaveLength(2);
    expect(entries[0]!.at.getTime() - entries[1]!.at.getTime()).toBeGreaterThanOrEqual(60 * 60_000);
    // Changes are not reads: each is recorded every time.
    const visit = (await board(registrar)).find((v) => v.patient.id === first.id)!;
    await registrar.booking.staff.setStatus({ appointmentId: visit.id, status: 'confirmed' });
    const changes = await admin.audit.entries.query({ patientId: first.id, action: 'appointment.confirmed' });
    expect(changes.items).toHaveLength(1);
  });

  it('offers the desk times sooner than a patient may book, and only to the desk', async () => {
    // A working day's morning: the therapist's next free time within two hours.
    const { date: day, slots } = await workingDay(7);
    const first = slots[0]!;
    t.clock.advance(first.startsAt.getTime() - 30 * 60_000 - t.clock.now().getTime());
    const desk = t.client(await t.tokenFor('registrar'));
    const soon = await desk.booking.staff.availability.query({ ...therapy, from: day, to: day });
    const open = await t.client().booking.availability.query({ ...therapy, from: day, to: day });
    expect(soon.days[0]!.slots[0]!.startsAt).toEqual(first.startsAt);
    expect(open.days[0]!.slots[0]!.startsAt.getTime()).toBeGreaterThanOrEqual(
      t.clock.now().getTime() + 120 * 60_000,
    );
    // The desk books it.
    const someone = await registerPatient(t.app, ++nextUser);
    const booked = await desk.booking.staff.book.mutate({
      ...therapy,
      patientId: someone.id,
      startsAt: first.startsAt,
      channel: 'phone',
    });
    expect(booked.status).toBe('booked');

    for (const role of ['doctor', 'marketer', 'operator'] as const) {
      const other = t.client(await t.tokenFor(role));
      const refused = await failure(
        other.booking.staff.availability.query({ ...therapy, from: day, to: day }),
      );
      expect(refused.code, role).toBe('FORBIDDEN');
    }
    const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: 1 });
    expect((await failure(bot.booking.staff.availability({ ...therapy, from: day, to: day }))).code).toBe(
      'FORBIDDEN',
    );
  });
});
