import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.ts';
import {
  assertAgeAllowed,
  assertBookableTime,
  assertChangeable,
  assertTransition,
  assertWithinLimits,
  canTransition,
  freshOnlineRoom,
  moveToTime,
  onlineRoomFor,
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

  it('limits active visits in all, per category and per booking account', () => {
    const counts = (active: number, inCategory: number, byAccount: number | null = 0) => ({
      active,
      inCategory,
      byAccount,
    });
    expect(code(() => assertWithinLimits(counts(2, 0), settings))).toBeNull();
    expect(code(() => assertWithinLimits(counts(3, 0), settings))).toBe('limit_active');
    expect(code(() => assertWithinLimits(counts(1, 1), settings))).toBe('limit_category');
    expect(code(() => assertWithinLimits(counts(1, 1), { ...settings, maxActivePerCategory: 2 }))).toBeNull();
    expect(code(() => assertWithinLimits(counts(0, 0, 6), settings))).toBe('limit_account');
    // Staff book for no account: only the patient's own limits apply.
    expect(code(() => assertWithinLimits(counts(0, 0, null), settings))).toBeNull();
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
    });
  });
});
