import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  datesBetween,
  isoWeekday,
  utcToZoned,
  whenWallClockReaches,
  zonedToUtc,
} from './zoned-time.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const at = (text: string) => Date.parse(text);
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const sameWall = (a: { date: string; minutes: number }, b: { date: string; minutes: number }) =>
  a.date === b.date && a.minutes === b.minutes;
/** 2024's transitions of the zones below (UTC). */
const transitions = [
  '2024-02-29T18:00Z', // Almaty, +06 → +05
  '2024-03-10T05:30Z', // St John's
  '2024-03-10T07:00Z', // New York
  '2024-03-31T01:00Z', // Berlin
  '2024-04-06T15:00Z', // Lord Howe, half an hour back
  '2024-10-05T15:30Z', // Lord Howe, half an hour forward
  '2024-10-27T01:00Z', // Berlin
  '2024-11-03T03:30Z', // St John's
  '2024-11-03T06:00Z', // New York
];

describe('zonedToUtc', () => {
  it.each([
    // Kazakhstan moved from UTC+6 to UTC+5 on 2024-03-01.
    ['2024-02-29', '09:00', 'Asia/Almaty', '2024-02-29T03:00:00.000Z'],
    ['2024-03-01', '09:00', 'Asia/Almaty', '2024-03-01T04:00:00.000Z'],
    ['2023-07-10', '09:00', 'Asia/Almaty', '2023-07-10T03:00:00.000Z'],
    ['2025-06-02', '09:00', 'Asia/Almaty', '2025-06-02T04:00:00.000Z'],
    ['2024-03-01', '00:00', 'Asia/Almaty', '2024-02-29T19:00:00.000Z'],
    ['2024-01-15', '12:00', 'Europe/Berlin', '2024-01-15T11:00:00.000Z'],
    ['2024-07-15', '12:00', 'Europe/Berlin', '2024-07-15T10:00:00.000Z'],
    ['2024-03-31', '01:59', 'Europe/Berlin', '2024-03-31T00:59:00.000Z'],
    ['2024-03-31', '03:00', 'Europe/Berlin', '2024-03-31T01:00:00.000Z'],
    ['2024-10-27', '03:00', 'Europe/Berlin', '2024-10-27T02:00:00.000Z'],
    ['2024-11-03', '00:59', 'America/New_York', '2024-11-03T04:59:00.000Z'],
    ['2024-11-03', '02:00', 'America/New_York', '2024-11-03T07:00:00.000Z'],
    ['2024-03-10', '03:00', 'America/New_York', '2024-03-10T07:00:00.000Z'],
    // A transition at half past a UTC hour, and a zone 45 minutes off the hour.
    ['2024-03-10', '01:59', 'America/St_Johns', '2024-03-10T05:29:00.000Z'],
    ['2024-03-10', '03:00', 'America/St_Johns', '2024-03-10T05:30:00.000Z'],
    ['2024-06-01', '09:00', 'Asia/Kathmandu', '2024-06-01T03:15:00.000Z'],
    ['2024-06-01', '00:00', 'UTC', '2024-06-01T00:00:00.000Z'],
  ])('%s %s in %s is %s', (date, hhmm, zone, expected) => {
    const [h, m] = hhmm.split(':').map(Number);
    expect(iso(zonedToUtc(date, h! * 60 + m!, zone))).toBe(expected);
  });

  it.each([
    ['2024-03-31', 120, 'Europe/Berlin'],
    ['2024-03-31', 150, 'Europe/Berlin'],
    ['2024-03-31', 179, 'Europe/Berlin'],
    ['2024-03-10', 150, 'America/New_York'],
    ['2024-03-10', 150, 'America/St_Johns'],
    // Chile and Cuba skip local midnight itself.
    ['2024-09-08', 0, 'America/Santiago'],
    ['2024-03-10', 30, 'America/Havana'],
  ])('%s minute %i in %s does not exist', (date, minutes, zone) => {
    expect(zonedToUtc(date, minutes, zone)).toBeNull();
  });

  it.each([
    // The hour before Almaty's change happened twice (00:00 +06 became 23:00 +05).
    ['2024-02-29', 23 * 60, 'Asia/Almaty', '2024-02-29T17:00:00.000Z'],
    ['2024-02-29', 23 * 60 + 30, 'Asia/Almaty', '2024-02-29T17:30:00.000Z'],
    ['2024-10-27', 2 * 60 + 30, 'Europe/Berlin', '2024-10-27T00:30:00.000Z'],
    ['2024-11-03', 60 + 30, 'America/New_York', '2024-11-03T05:30:00.000Z'],
  ])('%s minute %i in %s, which happens twice, is the earlier %s', (date, minutes, zone, expected) => {
    expect(iso(zonedToUtc(date, minutes, zone))).toBe(expected);
  });

  it('takes minute 1440 as midnight at the end of the date', () => {
    expect(zonedToUtc('2024-02-29', 1440, 'Asia/Almaty')).toBe(zonedToUtc('2024-03-01', 0, 'Asia/Almaty'));
    expect(iso(zonedToUtc('2024-12-31', 1440, 'Asia/Almaty'))).toBe('2024-12-31T19:00:00.000Z');
  });

  it('refuses dates that do not exist and minutes outside a day', () => {
    expect(() => zonedToUtc('2024-02-30', 0, 'Asia/Almaty')).toThrow(RangeError);
    expect(() => zonedToUtc('2023-02-29', 0, 'Asia/Almaty')).toThrow(RangeError);
    expect(() => zonedToUtc('2024-3-1', 0, 'Asia/Almaty')).toThrow(RangeError);
    expect(() => zonedToUtc('2024-03-01', -1, 'Asia/Almaty')).toThrow(RangeError);
    expect(() => zonedToUtc('2024-03-01', 1441, 'Asia/Almaty')).toThrow(RangeError);
    expect(() => zonedToUtc('2024-03-01', 0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('whenWallClockReaches', () => {
  it.each([
    // Skipped wall times: the instant the clock jumps over them.
    ['2024-03-31', 2 * 60 + 30, 'Europe/Berlin', '2024-03-31T01:00:00.000Z'],
    ['2024-03-31', 2 * 60, 'Europe/Berlin', '2024-03-31T01:00:00.000Z'],
    ['2024-03-10', 2 * 60 + 45, 'America/St_Johns', '2024-03-10T05:30:00.000Z'],
    ['2024-09-07', 1440, 'America/Santiago', '2024-09-08T04:00:00.000Z'],
    // Existing ones: as zonedToUtc, the earlier of two.
    ['2024-03-31', 3 * 60, 'Europe/Berlin', '2024-03-31T01:00:00.000Z'],
    ['2024-10-27', 2 * 60 + 30, 'Europe/Berlin', '2024-10-27T00:30:00.000Z'],
    ['2024-03-01', 9 * 60, 'Asia/Almaty', '2024-03-01T04:00:00.000Z'],
  ])('%s minute %i in %s is reached at %s', (date, minutes, zone, expected) => {
    expect(iso(whenWallClockReaches(date, minutes, zone))).toBe(expected);
  });
});

describe('utcToZoned', () => {
  it.each([
    ['2024-02-29T03:00:00Z', 'Asia/Almaty', '2024-02-29', 9 * 60, 4],
    ['2024-03-01T04:00:00Z', 'Asia/Almaty', '2024-03-01', 9 * 60, 5],
    // The second 23:30 of 29 February in Almaty, already at UTC+5.
    ['2024-02-29T18:30:00Z', 'Asia/Almaty', '2024-02-29', 23 * 60 + 30, 4],
    ['2024-02-29T19:00:00Z', 'Asia/Almaty', '2024-03-01', 0, 5],
    ['2024-11-03T06:30:00Z', 'America/New_York', '2024-11-03', 60 + 30, 7],
    ['2024-03-31T01:00:00Z', 'Europe/Berlin', '2024-03-31', 3 * 60, 7],
    ['2024-12-31T23:59:59Z', 'UTC', '2024-12-31', 23 * 60 + 59, 2],
  ])('%s in %s is %s minute %i, weekday %i', (instant, zone, date, minutes, weekday) => {
    expect(utcToZoned(at(instant), zone)).toEqual({ date, minutes, weekday });
  });

  it('agrees with Intl minute by minute around transitions and hour by hour over a year', () => {
    const zones = [
      'Asia/Almaty',
      'Europe/Berlin',
      'America/New_York',
      'America/St_Johns',
      'Australia/Lord_Howe',
    ];
    for (const zone of zones) {
      const reference = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      });
      const instants: number[] = [];
      for (let t = at('2024-01-01T00:00:00Z'); t < at('2025-01-01T00:00:00Z'); t += 3_600_000)
        instants.push(t);
      for (const transition of transitions) {
        for (let t = at(transition) - 90 * 60_000; t <= at(transition) + 90 * 60_000; t += 60_000)
          instants.push(t);
      }
      const mismatches: string[] = [];
      for (const t of instants) {
        const parts = Object.fromEntries(reference.formatToParts(t).map((p) => [p.type, p.value]));
        const expected = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
        const local = utcToZoned(t, zone);
        const actual = `${local.date} ${hhmm(local.minutes)}`;
        // Back to UTC: the same minute, or an earlier instant showing the same wall time.
        const back = zonedToUtc(local.date, local.minutes, zone);
        const backOk = back !== null && back <= t - (t % 60_000) && sameWall(utcToZoned(back, zone), local);
        if (actual !== expected || !backOk) mismatches.push(`${zone} ${iso(t)}: ${actual}, Intl ${expected}`);
      }
      expect(mismatches).toEqual([]);
    }
  });
});

describe('calendar dates', () => {
  it.each([
    ['2024-02-26', 1],
    ['2024-02-29', 4],
    ['2024-03-01', 5],
    ['2024-03-03', 7],
    ['1970-01-01', 4],
    ['2000-01-01', 6],
  ])('%s is ISO weekday %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-28', 2, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2024-03-01', 0, '2024-03-01'],
    ['2024-01-31', 366, '2025-01-31'],
  ])('%s plus %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('lists the dates between two dates, both included', () => {
    expect(datesBetween('2024-02-27', '2024-03-02')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
    ]);
    expect(datesBetween('2024-03-01', '2024-03-01')).toEqual(['2024-03-01']);
    expect(datesBetween('2024-03-02', '2024-03-01')).toEqual([]);
  });
});

describe('addYears', () => {
  it('moves a date by whole years, 29 February to the 28th in a common year', () => {
    expect(addYears('2026-11-30', -18)).toBe('2008-11-30');
    expect(addYears('2024-02-29', -18)).toBe('2006-02-28');
    expect(addYears('2024-02-29', -16)).toBe('2008-02-29');
  });
});
