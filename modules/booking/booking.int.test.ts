import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmhanaClient, type EmhanaClient } from '../../server/client.ts';
import { serviceToken, startTestApp, type TestApp } from '../../tests/support/app.ts';
import { failure } from '../../tests/support/errors.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { seedDemoClinic } from '../clinic/index.ts';

/** Booking through the API against real PostgreSQL, with the demo clinic's schedules. */
let t: TestApp;
let botToken: string;
let nextUser = 7_000_000;
let therapy: { branchId: number; serviceId: number; doctorId: number };

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoClinic({ em: t.app.orm.em.fork() });
  // Long-lived, like the real bot's: some tests move the clock days ahead.
  botToken = await serviceToken(t.app, 'bot');
  const branches = await t.client().clinic.branches.list.query();
  const almaty = branches[0]!;
  const services = await t.client().clinic.services.ofBranch.query({ branchId: almaty.id });
  const consult = services.find((s) => s.name.ru.includes('терапевта') && !s.online)!;
  const doctors = await t
    .client()
    .clinic.doctors.forService.query({ branchId: almaty.id, serviceId: consult.id });
  therapy = { branchId: almaty.id, serviceId: consult.id, doctorId: doctors[0]!.id };
});
afterAll(() => t.stop());

/** A registered patient and their bot-side client over HTTP (as the bot acting for them). */
async function patient(options: { birthDate?: string } = {}): Promise<{ id: number; api: EmhanaClient }> {
  const telegramUserId = ++nextUser;
  await registerPatient(t.app, telegramUserId, options);
  return { id: telegramUserId, api: createEmhanaClient({ url: t.url, token: botToken, telegramUserId }) };
}

/** The n-th free slot of the therapist, from the day after tomorrow on. */
async function freeSlot(n = 0, query = therapy) {
  const from = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(t.clock.now().getTime() + 12 * 86_400_000).toISOString().slice(0, 10);
  const { days } = await t.client().booking.availability.query({ ...query, from, to });
  const slots = days.flatMap((d) => d.slots);
  expect(slots.length).toBeGreaterThan(n);
  return slots[n]!;
}

describe('free slots', () => {
  it('offers only schedule times in the branch zone, and reports empty days', async () => {
    const from = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const to = new Date(t.clock.now().getTime() + 8 * 86_400_000).toISOString().slice(0, 10);
    const { timeZone, days } = await t.client().booking.availability.query({ ...therapy, from, to });
    expect(timeZone).toBe('Asia/Almaty');
    expect(days).toHaveLength(8);
    expect(days.some((d) => d.slots.length === 0)).toBe(true);
    for (const day of days) {
      for (const slot of day.slots) {
        const local = new Intl.DateTimeFormat('en-GB', {
          timeZone,
          hour: '2-digit',
          minute: '2-digit',
        }).format(slot.startsAt);
        expect(local >= '08:00' && local < '20:00', local).toBe(true);
        expect(slot.doctorIds).toEqual([therapy.doctorId]);
      }
    }
  });
});

describe('no double booking', () => {
  it('gives one booking and 49 conflicts for 50 parallel attempts on one slot', async () => {
    const slot = await freeSlot(3);
    const people = await Promise.all(Array.from({ length: 50 }, () => patient()));
    const results = await Promise.allSettled(
      people.map((p) => p.api.booking.book.mutate({ ...therapy, startsAt: slot.startsAt })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = await Promise.all(
      results
        .filter((r) => r.status === 'rejected')
        .map((r) => failure(Promise.reject((r as PromiseRejectedResult).reason))),
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    expect(new Set(lost.map((l) => `${l.code}/${l.domain?.code}`))).toEqual(new Set(['CONFLICT/slot_taken']));
    const rows = (await t.app.orm.em
      .getConnection()
      .execute(
        `select count(*)::int as n from booking_appointment where doctor_id = ? and starts_at = ? and status = 'booked'`,
        [therapy.doctorId, slot.startsAt],
      )) as { n: number }[];
    expect(rows[0]?.n).toBe(1);
  });

  it('confirms more holds at once than the pool has connections (each confirmation keeps to its own)', async () => {
    // Twenty confirmations in process, ten connections: one that asked for a second connection
    // inside its transaction would wait for the others, and they for it, forever.
    const people = await Promise.all(Array.from({ length: 20 }, () => patient()));
    const { days } = await t.client().booking.availability.query({
      ...therapy,
      from: new Date(t.clock.now().getTime() + 16 * 86_400_000).toISOString().slice(0, 10),
      to: new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    // An hour apart, so that no two visits overlap.
    const slots: { startsAt: Date }[] = [];
    for (const slot of days.flatMap((d) => d.slots)) {
      const last = slots.at(-1);
      if (!last || slot.startsAt.getTime() - last.startsAt.getTime() >= 3_600_000) slots.push(slot);
    }
    expect(slots.length).toBeGreaterThanOrEqual(people.length);
    const asBot = (id: number) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: id }).booking;
    const holds: { id: number }[] = [];
    for (const [i, p] of people.entries())
      holds.push(await asBot(p.id).hold({ ...therapy, patientId: null, startsAt: slots[i]!.startsAt }));
    const stuck = sleep(15_000, 'stuck' as const, { ref: false });
    const confirmed = await Promise.race([
      Promise.all(people.map((p, i) => asBot(p.id).confirm({ appointmentId: holds[i]!.id }))),
      stuck,
    ]);
    expect(confirmed === 'stuck' ? 'stuck' : confirmed.map((v) => v.status)).toEqual(
      people.map(() => 'booked'),
    );
  });

  it('lets a reschedule racing a new booking for the same slot leave one winner and an untouched loser', async () => {
    const [original, target] = [await freeSlot(6), await freeSlot(7)];
    const mover = await patient();
    const booked = await mover.api.booking.book.mutate({ ...therapy, startsAt: original.startsAt });
    const newcomer = await patient();
    const [moved, fresh] = await Promise.allSettled([
      mover.api.booking.reschedule.mutate({ appointmentId: booked.id, startsAt: target.startsAt }),
      newcomer.api.booking.book.mutate({ ...therapy, startsAt: target.startsAt }),
    ]);
    expect([moved.status, fresh.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
    const after = await mover.api.booking.get.query({ appointmentId: booked.id });
    if (moved.status === 'fulfilled') {
      expect(after.startsAt).toEqual(target.startsAt);
    } else {
      // The loser's visit stays exactly where it was, and its old time is still its own.
      expect(after.startsAt).toEqual(original.startsAt);
      expect(after.status).toBe('booked');
      expect((await failure(Promise.reject(moved.reason))).domain?.code).toBe('slot_taken');
    }
  });

  it('keeps one patient from two overlapping visits with different doctors', async () => {
    const someone = await patient();
    const range = {
      from: new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10),
      to: new Date(t.clock.now().getTime() + 12 * 86_400_000).toISOString().slice(0, 10),
    };
    const mine = (await t.client().booking.availability.query({ ...therapy, ...range })).days
      .flatMap((d) => d.slots)
      .slice(40);
    // Any other doctor of the branch, in another category, free at the same time as the therapist.
    const services = await t.client().clinic.services.ofBranch.query({ branchId: therapy.branchId });
    const therapyCategory = services.find((s) => s.id === therapy.serviceId)!.categoryId;
    let found: { other: typeof therapy; mine: (typeof mine)[number]; theirs: (typeof mine)[number] } | null =
      null;
    for (const service of services.filter(
      (s) => s.categoryId !== therapyCategory && s.minAgeYears === null && s.maxAgeYears === null,
    )) {
      for (const doctor of await t
        .client()
        .clinic.doctors.forService.query({ branchId: therapy.branchId, serviceId: service.id })) {
        if (found || doctor.id === therapy.doctorId) continue;
        const other = { branchId: therapy.branchId, serviceId: service.id, doctorId: doctor.id };
        const theirs = (await t.client().booking.availability.query({ ...other, ...range })).days.flatMap(
          (d) => d.slots,
        );
        for (const a of mine) {
          const b = theirs.find((x) => x.startsAt < a.endsAt && x.endsAt > a.startsAt);
          if (b) {
            found = { other, mine: a, theirs: b };
            break;
          }
        }
      }
    }
    if (!found) return expect.fail('no doctor of the demo branch works at the same time as the therapist');
    await someone.api.booking.book.mutate({ ...therapy, startsAt: found.mine.startsAt });
    const seen = await failure(
      someone.api.booking.book.mutate({ ...found.other, startsAt: found.theirs.startsAt }),
    );
    expect(seen.domain?.code).toBe('patient_busy');
  });
});

describe('rules', () => {
  it('refuses a slot sooner than the minimum notice and beyond the horizon', async () => {
    const someone = await patient();
    const soon = new Date(t.clock.now().getTime() + 30 * 60_000);
    expect(
      (await failure(someone.api.booking.book.mutate({ ...therapy, startsAt: soon }))).domain?.code,
    ).toBe('too_soon');
    const far = new Date(t.clock.now().getTime() + 40 * 86_400_000);
    expect((await failure(someone.api.booking.book.mutate({ ...therapy, startsAt: far }))).domain?.code).toBe(
      'too_far',
    );
  });

  it('refuses a time that is not a slot of the schedule', async () => {
    const someone = await patient();
    const slot = await freeSlot(0);
    const odd = new Date(slot.startsAt.getTime() + 7 * 60_000);
    expect((await failure(someone.api.booking.book.mutate({ ...therapy, startsAt: odd }))).domain?.code).toBe(
      'slot_unavailable',
    );
  });

  it('limits one active visit per category and kind of specialist', async () => {
    const someone = await patient();
    await someone.api.booking.book.mutate({ ...therapy, startsAt: (await freeSlot(12)).startsAt });
    const second = await failure(
      someone.api.booking.book.mutate({ ...therapy, startsAt: (await freeSlot(13)).startsAt }),
    );
    expect(second.domain).toMatchObject({ code: 'limit_category', params: { max: 1 } });
  });

  it('books a paediatric service only for a child', async () => {
    const services = await t.client().clinic.services.ofBranch.query({ branchId: therapy.branchId });
    const pediatric = services.find((s) => s.maxAgeYears === 17)!;
    const pediatrician = (
      await t
        .client()
        .clinic.doctors.forService.query({ branchId: therapy.branchId, serviceId: pediatric.id })
    )[0]!;
    const query = { branchId: therapy.branchId, serviceId: pediatric.id, doctorId: pediatrician.id };
    const adult = await patient({ birthDate: '1980-01-01' });
    const slot = await freeSlot(0, query);
    expect(
      (await failure(adult.api.booking.book.mutate({ ...query, startsAt: slot.startsAt }))).domain?.code,
    ).toBe('age_restricted');
    // …but the same parent books it for their child.
    const child = await adult.api.patients.family.add.mutate({
      iin: (await import('../../tests/support/iin.ts')).makeIin('2017-05-05', 'male'),
      lastName: 'Сейтқали',
      firstName: 'Дамир',
      relation: 'child',
    });
    const booked = await adult.api.booking.book.mutate({
      ...query,
      startsAt: slot.startsAt,
      patientId: child.family.dependants[0]!.id,
    });
    expect(booked.patient.firstName).toBe('Дамир');
    const mine = await adult.api.booking.mine.query();
    expect(mine.upcoming.map((a) => a.patient.firstName)).toContain('Дамир');
  });

  it('stops patients changing a visit within the cut-off, but not the clinic', async () => {
    const someone = await patient();
    const slot = await freeSlot(20);
    const booked = await someone.api.booking.book.mutate({ ...therapy, startsAt: slot.startsAt });
    t.clock.advance(slot.startsAt.getTime() - t.clock.now().getTime() - 60 * 60_000);
    const late = await failure(
      someone.api.booking.cancel.mutate({ appointmentId: booked.id, reason: 'plans_changed' }),
    );
    // It asks the patient to call: with the number of the visit's branch.
    const branch = (await t.client().clinic.branches.list.query()).find((b) => b.id === therapy.branchId)!;
    expect(late.domain).toMatchObject({
      code: 'change_too_late',
      params: { cutoffMinutes: 120, phone: branch.phone },
    });
    expect(branch.phone).toMatch(/^\+7\d{10}$/);
    const registrar = t.client(await t.tokenFor('registrar'));
    const cancelled = await registrar.booking.staff.cancel.mutate({
      appointmentId: booked.id,
      reason: 'doctor_unavailable',
    });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'clinic',
      cancelReason: 'doctor_unavailable',
    });
    // Its time is free again.
    const again = await patient();
    await expect(again.api.booking.book.mutate({ ...therapy, startsAt: slot.startsAt })).rejects.toThrow(
      /too_soon|notice/,
    );
    const staffBooked = await registrar.booking.staff.book.mutate({
      ...therapy,
      patientId: (await again.api.patients.profile.get.query()).id,
      startsAt: slot.startsAt,
    });
    expect(staffBooked.status).toBe('booked');
  });

  it('moves a visit along the status machine and refuses invalid steps', async () => {
    const someone = await patient();
    const booked = await someone.api.booking.book.mutate({
      ...therapy,
      startsAt: (await freeSlot(25)).startsAt,
    });
    const registrar = t.client(await t.tokenFor('registrar'));
    const step = (status: 'confirmed' | 'arrived' | 'in_progress' | 'completed' | 'no_show') =>
      registrar.booking.staff.setStatus.mutate({ appointmentId: booked.id, status });
    expect((await failure(step('in_progress'))).domain).toMatchObject({ code: 'invalid_transition' });
    await step('confirmed');
    await step('arrived');
    await step('in_progress');
    expect((await step('completed')).status).toBe('completed');
    expect((await failure(step('no_show'))).domain).toMatchObject({
      code: 'invalid_transition',
      params: { from: 'completed' },
    });
    // Once it is over, the patient hears that it cannot be cancelled, not that it is too late.
    t.clock.advance(booked.endsAt.getTime() - t.clock.now().getTime() + 60_000);
    const cancel = someone.api.booking.cancel.mutate({ appointmentId: booked.id, reason: 'plans_changed' });
    expect((await failure(cancel)).domain).toMatchObject({
      code: 'invalid_transition',
      params: { from: 'completed', to: 'cancelled' },
    });
  });
});

describe('running late', () => {
  const dayOf = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(at);

  it('records the minutes on the visit for the day board even with no staff chat set', async () => {
    const someone = await patient();
    const other = await patient();
    const slot = await freeSlot(40);
    const booked = await someone.api.booking.book.mutate({ ...therapy, startsAt: slot.startsAt });
    t.clock.advance(slot.startsAt.getTime() - t.clock.now().getTime() - 10 * 60_000);
    const ref = { appointmentId: booked.id, version: booked.version };

    // Another patient's forged button, and minutes out of range or missing, change nothing.
    const foreign = await failure(other.api.booking.arrival.mutate({ ...ref, answer: 'late', minutes: 15 }));
    expect(foreign.code).toBe('NOT_FOUND');
    for (const bad of [{ minutes: 0 }, { minutes: 500 }, {}])
      expect(
        (await failure(someone.api.booking.arrival.mutate({ ...ref, answer: 'late', ...bad }))).code,
      ).toBe('BAD_REQUEST');
    const registrar = t.client(await t.tokenFor('registrar'));
    const board = () =>
      registrar.booking.staff.dayBoard.query({ branchId: therapy.branchId, date: dayOf(slot.startsAt) });
    expect((await board()).find((a) => a.id === booked.id)!.runningLate).toBeNull();

    const saidAt = t.clock.now().getTime();
    await someone.api.booking.arrival.mutate({ ...ref, answer: 'late', minutes: 15 });
    const row = (await board()).find((a) => a.id === booked.id)!;
    expect(row.runningLate?.minutes).toBe(15);
    expect(row.runningLate!.reportedAt.getTime()).toBeGreaterThanOrEqual(saidAt);
    expect(row.runningLate!.reportedAt.getTime()).toBeLessThanOrEqual(t.clock.now().getTime());
    expect(row.status).toBe('booked');
    // Nothing to post to: no staff-chat delivery was made up.
    // (No bot runs here, so the patient's reminders stay queued; only what was queued matters.)
    const posts = await registrar.notifications.timeline.query({ appointmentId: booked.id });
    expect(posts.filter((d) => d.purpose === 'staff.running_late')).toEqual([]);
  });
});

describe('access', () => {
  it('never shows one patient another’s appointment', async () => {
    const owner = await patient();
    const booked = await owner.api.booking.book.mutate({
      ...therapy,
      startsAt: (await freeSlot(30)).startsAt,
    });
    const stranger = await patient();
    expect((await failure(stranger.api.booking.get.query({ appointmentId: booked.id }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await failure(stranger.api.booking.cancel.mutate({ appointmentId: booked.id, reason: 'other' }))).code,
    ).toBe('NOT_FOUND');
  });

  it('lets a doctor see and change only their own visits', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    await admin.staff.create.mutate({
      username: 'dr.own',
      displayName: 'Doctor',
      password: 'doctor-password-1',
      roles: ['doctor'],
      doctorId: therapy.doctorId,
    });
    const { token } = await t
      .client()
      .auth.login.mutate({ username: 'dr.own', password: 'doctor-password-1' });
    const doctor = t.client(token);
    const someone = await patient();
    const slot = await freeSlot(35);
    const booked = await someone.api.booking.book.mutate({ ...therapy, startsAt: slot.startsAt });
    const board = await doctor.booking.staff.dayBoard.query({
      branchId: therapy.branchId,
      date: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(slot.startsAt),
    });
    expect(board.map((a) => a.id)).toContain(booked.id);
    expect(new Set(board.map((a) => a.doctor.id))).toEqual(new Set([therapy.doctorId]));
    await doctor.booking.staff.setStatus.mutate({ appointmentId: booked.id, status: 'arrived' });
    expect(
      (await failure(doctor.booking.staff.cancel.mutate({ appointmentId: booked.id, reason: 'other' }))).code,
    ).toBe('FORBIDDEN');
  });

  it('finds a patient by IIN or phone for a phone booking, and audits it', async () => {
    const registrar = t.client(await t.tokenFor('registrar'));
    const someone = await patient();
    const profile = await someone.api.patients.profile.get.query();
    const byPhone = await registrar.booking.staff.findPatients.query({ phone: profile.phone! });
    expect(byPhone.map((p) => p.id)).toEqual([profile.id]);
    const audits = (await t.app.orm.em
      .getConnection()
      .execute(`select actor from patients_audit_entry where patient_id = ? and action = 'patient.find'`, [
        profile.id,
      ])) as {
      actor: string;
    }[];
    expect(audits.map((a) => a.actor)).toEqual(['service:test-registrar']);
  });
});

describe('limits in a clinic with one category for all its doctors', () => {
  it('books a cardiologist next to a therapist visit, refuses a second therapist visit, still moves the visit', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    const services = await t.client().clinic.services.ofBranch.query({ branchId: therapy.branchId });
    const named = (ru: string) => services.find((s) => s.name.ru === ru)!;
    const consult = named('Первичный приём терапевта');
    const repeat = named('Повторный приём терапевта');
    const cardio = named('Приём кардиолога');
    const moved = [consult, repeat, cardio];
    const catchAll = await admin.clinic.categories.create.mutate({
      name: { ru: 'Консультации врачей', kk: 'Дәрігерлер кеңесі' },
    });
    for (const s of moved) await admin.clinic.services.update.mutate({ id: s.id, categoryId: catchAll.id });
    try {
      const doctorOf = async (serviceId: number) =>
        (await t.client().clinic.doctors.forService.query({ branchId: therapy.branchId, serviceId }))[0]!.id;
      const cardiology = {
        branchId: therapy.branchId,
        serviceId: cardio.id,
        doctorId: await doctorOf(cardio.id),
      };
      const repeated = { ...therapy, serviceId: repeat.id };
      const someone = await patient();
      const first = await someone.api.booking.book.mutate({
        ...therapy,
        startsAt: (await freeSlot(2)).startsAt,
      });

      // The list tells it before anyone picks a time: the cardiologist is open, the therapist not.
      const offered = await someone.api.booking.services.query({
        branchId: therapy.branchId,
        patientId: null,
      });
      expect(offered.find((s) => s.id === cardio.id)?.blocked).toBeNull();
      expect(offered.find((s) => s.id === repeat.id)?.blocked).toEqual({
        code: 'limit_category',
        max: 1,
        specialty: { ru: 'Врач-терапевт', kk: 'Дәрігер-терапевт' },
      });

      const heart = await someone.api.booking.book.mutate({
        ...cardiology,
        startsAt: (await freeSlot(6, cardiology)).startsAt,
      });
      const second = await failure(
        someone.api.booking.book.mutate({ ...repeated, startsAt: (await freeSlot(10, repeated)).startsAt }),
      );
      expect(second.domain).toMatchObject({ code: 'limit_category', params: { max: 1 } });
      // A hold is refused the same way, and nothing was taken.
      const held = await failure(
        someone.api.booking.hold.mutate({ ...repeated, startsAt: (await freeSlot(10, repeated)).startsAt }),
      );
      expect(held.domain?.code).toBe('limit_category');
      expect((await someone.api.booking.mine.query()).upcoming.map((a) => a.id).sort()).toEqual(
        [first.id, heart.id].sort(),
      );

      // At the limit, each visit still moves: it keeps its service, so it stands only in its own way.
      const later = await freeSlot(14);
      const movedFirst = await someone.api.booking.reschedule.mutate({
        appointmentId: first.id,
        startsAt: later.startsAt,
      });
      expect(movedFirst.startsAt).toEqual(later.startsAt);

      // Reception books past a patient's limits, as before.
      const registrar = t.client(await t.tokenFor('registrar'));
      const profile = await someone.api.patients.profile.get.query();
      const byPhone = await registrar.booking.staff.book.mutate({
        ...repeated,
        patientId: profile.id,
        startsAt: (await freeSlot(20, repeated)).startsAt,
      });
      expect(byPhone.status).toBe('booked');
    } finally {
      for (const s of moved)
        await admin.clinic.services.update.mutate({ id: s.id, categoryId: s.categoryId });
      await admin.clinic.categories.deactivate.mutate({ id: catchAll.id });
    }
  });

  it('lets a patient book several lab tests at once: the lab category has its own limit', async () => {
    const services = await t.client().clinic.services.ofBranch.query({ branchId: therapy.branchId });
    const categories = await t.client().clinic.categories.list.query();
    const lab = categories.find((c) => c.name.ru === 'Лабораторные анализы')!;
    expect(lab.activeLimit).toBe(3);
    const tests = services.filter((s) => s.categoryId === lab.id);
    expect(tests.length).toBeGreaterThanOrEqual(3);
    const someone = await patient();
    for (const [n, test] of tests.slice(0, 3).entries()) {
      const nurse = (
        await t.client().clinic.doctors.forService.query({ branchId: therapy.branchId, serviceId: test.id })
      )[0]!;
      const query = { branchId: therapy.branchId, serviceId: test.id, doctorId: nurse.id };
      await someone.api.booking.book.mutate({ ...query, startsAt: (await freeSlot(4 * n, query)).startsAt });
    }
    expect((await someone.api.booking.mine.query()).upcoming).toHaveLength(3);
    // Three in all is the patient's overall limit (BOOKING_MAX_ACTIVE_PER_PATIENT), lab or not.
    const offered = await someone.api.booking.services.query({ branchId: therapy.branchId, patientId: null });
    expect(offered.find((s) => s.id === tests[0]!.id)?.blocked?.code).toBe('limit_active');
  });
});
