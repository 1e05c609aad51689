import { describe, expect, it } from 'vitest';
import { isSendable, remindersFor } from './booking.reminders.ts';
import { DEFAULT_BOOKING_SETTINGS } from './booking.settings.ts';

const settings = DEFAULT_BOOKING_SETTINGS.reminders;
const quiet = { start: 22 * 60, end: 8 * 60 };
const zone = 'Asia/Almaty'; // UTC+5
const at = (iso: string) => new Date(iso).getTime();
const plan = (startsAt: string, scheduledAt: string, s = settings) =>
  remindersFor({ startsAt: at(startsAt), scheduledAt: at(scheduledAt), timeZone: zone }, s, quiet).map(
    (r) => ({
      kind: r.kind,
      dueAt: new Date(r.dueAt).toISOString(),
      urgent: r.urgent,
    }),
  );

describe('reminders of a visit', () => {
  it('plans D-1 at 18:00 local the day before, H-3, H-1 and the arrival check', () => {
    // A visit on 3 Dec at 11:00 Almaty (06:00 UTC), booked a week before.
    expect(plan('2026-12-03T06:00:00Z', '2026-11-26T10:00:00Z')).toEqual([
      { kind: 'd1', dueAt: '2026-12-02T13:00:00.000Z', urgent: false },
      { kind: 'h3', dueAt: '2026-12-03T03:00:00.000Z', urgent: false },
      { kind: 'h1', dueAt: '2026-12-03T05:00:00.000Z', urgent: true },
      { kind: 'arrival', dueAt: '2026-12-03T06:05:00.000Z', urgent: true },
    ]);
  });

  it('skips what was already past when the visit got its time', () => {
    // Booked on 3 Dec at 09:30 Almaty for 11:00 the same day: only H-1 and the arrival check.
    expect(plan('2026-12-03T06:00:00Z', '2026-12-03T04:30:00Z').map((r) => r.kind)).toEqual([
      'h1',
      'arrival',
    ]);
  });

  it('drops an H-3 that falls into the night, but keeps H-1', () => {
    // A visit at 09:00 Almaty: H-3 would be at 06:00, H-1 at 08:00.
    expect(plan('2026-12-03T04:00:00Z', '2026-11-20T10:00:00Z').map((r) => r.kind)).toEqual([
      'd1',
      'h1',
      'arrival',
    ]);
  });

  it('follows the clinic’s settings: another evening hour, or reminders turned off', () => {
    const custom = { dayBeforeAt: '19:30', threeHours: false, oneHour: false, arrivalCheckMinutes: null };
    expect(plan('2026-12-03T06:00:00Z', '2026-11-26T10:00:00Z', custom)).toEqual([
      { kind: 'd1', dueAt: '2026-12-02T14:30:00.000Z', urgent: false },
    ]);
  });

  it('sends a reminder only in its moment, the arrival check until the visit ends', () => {
    const visit = { startsAt: at('2026-12-03T06:00:00Z'), endsAt: at('2026-12-03T06:30:00Z') };
    const h1 = { kind: 'h1' as const, dueAt: at('2026-12-03T05:00:00Z'), urgent: true };
    const arrival = { kind: 'arrival' as const, dueAt: at('2026-12-03T06:05:00Z'), urgent: true };
    expect(isSendable(h1, at('2026-12-03T04:59:00Z'), visit)).toBe(false);
    expect(isSendable(h1, at('2026-12-03T05:30:00Z'), visit)).toBe(true);
    expect(isSendable(h1, at('2026-12-03T06:01:00Z'), visit)).toBe(false);
    expect(isSendable(arrival, at('2026-12-03T06:10:00Z'), visit)).toBe(true);
    expect(isSendable(arrival, at('2026-12-03T06:31:00Z'), visit)).toBe(false);
  });
});
