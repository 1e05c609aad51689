import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.ts';
import {
  ageAllowedSometime,
  ageAllowedThroughout,
  assertAgeAllowed,
  assertBookableTime,
  assertChangeable,
  assertTransition,
  canTransition,
  freshOnlineRoom,
  limitReached,
  moveToTime,
  onlineRoomFor,
  visitsInTheWay,
} from './booking.policy.ts';
import { DEFAULT_BOOKING_SETTINGS as settings } from './booking.settings.ts';
import { APPOINTMENT_STATUSES } from './entities/appointment.entity.ts';

const code = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

const now = Date.UTC(2026, 10, 25, 6, 0);
const minutes = (n: number) => now + n * 60_000;

describe('booking rules', () => {
  it('keeps the minimum notice (2 h by default) and the horizon (30 days)', () => {
    expect(code(() => assertBookableTime(minutes(119), now, settings))).toBe('too_soon');
    expect(code(() => assertBookableTime(minutes(120), now, settings))).toBeNull();
    expect(code(() => assertBookableTime(minutes(30 * 24 * 60), now, settings))).toBeNull();
    expect(code(() => assertBookableTime(minutes(30 * 24 * 60 + 1), now, settings))).toBe('too_far');
    expect(code(() => assertBookableTime(minutes(10), now, { ...settings, minNoticeMinutes: 0 }))).toBeNull();
  });

  it('lets patients change a visit only until the cut-off before it', () => {
    expect(code(() => assertChangeable(minutes(121), now, settings))).toBeNull();
    expect(code(() => assertChangeable(minutes(120), now, settings))).toBeNull();
    expect(code(() => assertChangeable(minutes(119), now, settings))).toBe('change_too_late');
    expect(code(() => assertChangeable(minutes(-30), now, settings))).toBe('change_too_late');
    expect(
      code(() => assertChangeable(minutes(119), now, { ...settings, changeCutoffMinutes: 60 })),
    ).toBeNull();
  });

  it('limits active visits in all, per category and kind of specialist, and per booking account', () => {
    const therapist = { ru: 'Врач-терапевт', kk: 'Дәрігер-терапевт' };
    const counts = (active: number, inTheWay: number, byAccount: number | null = 0) => ({
      active,
      inTheWay: Array.from({ length: inTheWay }, () => therapist),
      byAccount,
    });
    const own: { activeLimit: number | null } = { activeLimit: null };
    const reached = (c: ReturnType<typeof counts>, category = own, s = settings) =>
      limitReached(c, category, s)?.code ?? null;
    expect(reached(counts(2, 0))).toBeNull();
    expect(reached(counts(3, 0))).toBe('limit_active');
    expect(limitReached(counts(1, 1), own, settings)).toEqual({
      code: 'limit_category',
      max: 1,
      specialty: therapist,
    });
    expect(reached(counts(1, 1), own, { ...settings, maxActivePerCategory: 2 })).toBeNull();
    // A category's own limit wins over the clinic's default (lab tests: several at once).
    expect(reached(counts(2, 2), { activeLimit: 3 })).toBeNull();
    expect(limitReached(counts(2, 3), { activeLimit: 3 }, { ...settings, maxActivePerPatient: 5 })).toEqual({
      code: 'limit_category',
      max: 3,
      specialty: therapist,
    });
    expect(reached(counts(0, 0, 6))).toBe('limit_account');
    // Staff book for no account: only the patient's own limits apply.
    expect(reached(counts(0, 0, null))).toBeNull();
  });

  it('counts against a service only the visits of its category and of a specialty that provides it', () => {
    const consultations = 1;
    const diagnostics = 2;
    const therapist = { ru: 'Врач-терапевт', kk: 'Дәрігер-терапевт' };
    const cardiologist = { ru: 'Кардиолог', kk: 'Кардиолог' };
    const kind = (categoryId: number, ...specialties: { ru: string; kk: string }[]) => ({
      categoryId,
      specialties,
      activeLimit: null,
    });
    // One catch-all category of consultations, a therapist visit held.
    const held = [kind(consultations, therapist)];
    expect(visitsInTheWay(held, kind(consultations, cardiologist))).toEqual([]);
    expect(visitsInTheWay(held, kind(consultations, therapist))).toEqual([therapist]);
    // Another therapist, the specialty written with other case and spacing: still a therapist.
    const written = { ru: '  врач-терапевт ', kk: 'дәрігер-терапевт' };
    expect(visitsInTheWay(held, kind(consultations, written))).toHaveLength(1);
    // The same specialty in another category does not count.
    expect(visitsInTheWay(held, kind(diagnostics, therapist))).toEqual([]);
    // A service of two specialties counts as either, whichever order they were booked in.
    const ecg = kind(consultations, therapist, cardiologist);
    expect(visitsInTheWay(held, ecg)).toEqual([therapist]);
    expect(visitsInTheWay([ecg], kind(consultations, cardiologist))).toEqual([cardiologist]);
    // A service nobody provides now (its doctors left) stands in no one's way.
    expect(visitsInTheWay([kind(consultations)], kind(consultations, therapist))).toEqual([]);
  });

  it('offers a patient a service only if their age fits it on every day they could book', () => {
    const pediatric = { minAgeYears: null, maxAgeYears: 17 };
    const adult = { minAgeYears: 18, maxAgeYears: null };
    const window = { from: '2026-12-01', to: '2026-12-31' };
    // Turns 18 on 15 December: on today's age the paediatrician fits, on the visit's day maybe not.
    const almost = '2008-12-15';
    expect(ageAllowedThroughout(almost, window, pediatric)).toBe(false);
    expect(ageAllowedThroughout(almost, window, adult)).toBe(false);
    expect(ageAllowedThroughout('2008-12-15', { from: '2026-11-01', to: '2026-12-14' }, pediatric)).toBe(
      true,
    );
    expect(ageAllowedThroughout('1990-06-01', window, adult)).toBe(true);
    // Reception is offered what fits on some day; the booking then checks the day picked.
    expect(ageAllowedSometime(almost, window, pediatric)).toBe(true);
    expect(ageAllowedSometime(almost, window, adult)).toBe(true);
    expect(ageAllowedSometime('2008-01-01', window, pediatric)).toBe(false);
    expect(ageAllowedSometime('2010-06-01', window, adult)).toBe(false);
  });

  it('checks age limits on the day of the visit', () => {
    const pediatric = { minAgeYears: null, maxAgeYears: 17 };
    expect(code(() => assertAgeAllowed('2009-01-15', '2027-01-14', pediatric))).toBeNull(); // 17 the day before
    expect(code(() => assertAgeAllowed('2009-01-15', '2027-01-15', pediatric))).toBe('age_restricted'); // 18 today
    const adult = { minAgeYears: 18, maxAgeYears: null };
    expect(code(() => assertAgeAllowed('2010-06-01', '2026-12-01', adult))).toBe('age_restricted');
    expect(
      code(() => assertAgeAllowed('1990-06-01', '2026-12-01', { minAgeYears: null, maxAgeYears: null })),
    ).toBeNull();
  });

  it('follows the status machine and nothing else', () => {
    const allowed = APPOINTMENT_STATUSES.flatMap((from) =>
      APPOINTMENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'held→booked',
        'held→cancelled',
        'booked→confirmed',
        'booked→arrived',
        'booked→cancelled',
        'booked→no_show',
        'confirmed→arrived',
        'confirmed→cancelled',
        'confirmed→no_show',
        'arrived→in_progress',
        'arrived→completed',
        'arrived→cancelled',
        'in_progress→completed',
      ].sort(),
    );
    expect(code(() => assertTransition('completed', 'cancelled'))).toBe('invalid_transition');
    expect(code(() => assertTransition('booked', 'completed'))).toBe('invalid_transition');
  });
});

describe('online visit rooms', () => {
  it('are 128 random bits in base32 after the configured base, never the same twice', () => {
    const rooms = new Set(Array.from({ length: 1000 }, () => freshOnlineRoom('https://meet.example/x-')));
    expect(rooms.size).toBe(1000);
    for (const room of rooms) expect(room).toMatch(/^https:\/\/meet\.example\/x-[a-z2-7]{26}$/);
  });

  it("are the doctor's standing room when they have one, else a fresh room", () => {
    expect(onlineRoomFor({ onlineUrl: 'https://zoom.example/dr' }, 'https://meet.example/x-')).toBe(
      'https://zoom.example/dr',
    );
    expect(onlineRoomFor({ onlineUrl: null }, 'https://meet.example/x-')).toMatch(
      /^https:\/\/meet\.example\/x-[a-z2-7]{26}$/,
    );
  });
});

describe('a move', () => {
  it('is a new version at the new time, booked again, and forgets "running late" said for the old time', () => {
    const at = (iso: string) => new Date(iso);
    const visit = {
      status: 'confirmed' as const,
      statusChangedAt: at('2026-12-01T03:00:00Z'),
      scheduledAt: at('2026-12-01T03:00:00Z'),
      version: 3,
      doctorId: 1,
      startsAt: at('2026-12-02T04:00:00Z'),
      endsAt: at('2026-12-02T04:30:00Z'),
      lateMinutes: 15 as number | null,
      lateReportedAt: at('2026-12-02T03:50:00Z') as Date | null,
      comingAnsweredAt: at('2026-12-01T15:00:00Z') as Date | null,
    };
    const now = at('2026-12-02T03:55:00Z');
    moveToTime(
      visit,
      { doctorId: 2, startsAt: at('2026-12-03T04:00:00Z'), endsAt: at('2026-12-03T04:30:00Z') },
      now,
    );
    expect(visit).toMatchObject({
      status: 'booked',
      version: 4,
      doctorId: 2,
      lateMinutes: null,
      lateReportedAt: null,
      // "I'm coming" was about the old time: the new one is asked again.
      comingAnsweredAt: null,
    });
  });
});
