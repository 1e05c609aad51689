import { describe, expect, it } from 'vitest';
import { utcToZoned } from '../../shared/zoned-time.ts';
import {
  type BusyInterval,
  computeSlots,
  type DatedException,
  type DaySlots,
  type DoctorAvailability,
  firstFreeSlot,
  nearestSlots,
  type SlotQuery,
  type WeeklyInterval,
} from './booking.slots.ts';

const ALMATY = 'Asia/Almaty';
const BERLIN = 'Europe/Berlin';
const MINUTE = 60_000;

// A week of June 2025 in Almaty (UTC+5 all year since March 2024).
const MON = '2025-06-02';
const TUE = '2025-06-03';
const WED = '2025-06-04';
const THU = '2025-06-05';
const SAT = '2025-06-07';
const SUN = '2025-06-08';

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};
const toHhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** An Almaty wall time as epoch ms, worked out without the code under test. */
const almaty = (date: string, time: string) => Date.parse(`${date}T${time}:00+05:00`);
const utc = (text: string) => Date.parse(text);

/** Weekly intervals on the given ISO weekdays, spans written as "09:00-13:00". */
function week(weekdays: number[], ...spans: string[]): WeeklyInterval[] {
  return weekdays.flatMap((weekday) =>
    spans.map((span) => {
      const [start, end] = span.split('-');
      return { weekday, startMinute: toMinutes(start!), endMinute: toMinutes(end!) };
    }),
  );
}

/** Monday to Saturday, 09:00–13:00 and 14:00–18:00: lunch is the gap. */
const WORKWEEK = week([1, 2, 3, 4, 5, 6], '09:00-13:00', '14:00-18:00');

function doctor(doctorId: number, fields: Partial<DoctorAvailability> = {}): DoctorAvailability {
  return { doctorId, slotStepMinutes: 30, weekly: WORKWEEK, exceptions: [], busy: [], ...fields };
}

function query(fields: Partial<SlotQuery> = {}): SlotQuery {
  return {
    timeZone: ALMATY,
    from: MON,
    to: MON,
    durationMinutes: 30,
    now: almaty('2025-06-01', '00:00'),
    minNoticeMinutes: 0,
    horizonDays: 30,
    doctors: [doctor(1)],
    ...fields,
  };
}

function exception(date: string, kind: DatedException['kind'], span?: string): DatedException {
  const [start, end] = span ? span.split('-') : [];
  return {
    date,
    kind,
    startMinute: start ? toMinutes(start) : null,
    endMinute: end ? toMinutes(end) : null,
  };
}

const busy = (date: string, from: string, to: string): BusyInterval => ({
  start: almaty(date, from),
  end: almaty(date, to),
});

/** Each date's slots as local "HH:MM" starts (prefixed with the date should one fall on another). */
function local(days: DaySlots[], timeZone = ALMATY): Record<string, string[]> {
  return Object.fromEntries(
    days.map((day) => [
      day.date,
      day.slots.map((slot) => {
        const start = utcToZoned(slot.start, timeZone);
        return start.date === day.date ? toHhmm(start.minutes) : `${start.date} ${toHhmm(start.minutes)}`;
      }),
    ]),
  );
}

/** Each date's slots as "HH:MM doctorIds". */
function withDoctors(days: DaySlots[]): Record<string, string[]> {
  const times = local(days);
  return Object.fromEntries(
    days.map((day) => [
      day.date,
      day.slots.map((slot, i) => `${times[day.date]![i]} ${slot.doctorIds.join(',')}`),
    ]),
  );
}

/** "HH:MM" from `first` to `last`, both included, every `step` minutes. */
function every(step: number, first: string, last: string): string[] {
  const times: string[] = [];
  for (let m = toMinutes(first); m <= toMinutes(last); m += step) times.push(toHhmm(m));
  return times;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('computeSlots: a working day', () => {
  it('offers every step of both halves of the day, at the right instants in Almaty', () => {
    const days = computeSlots(query());
    expect(local(days)).toEqual({ [MON]: [...every(30, '09:00', '12:30'), ...every(30, '14:00', '17:30')] });
    const first = days[0]!.slots[0]!;
    expect(iso(first.start)).toBe('2025-06-02T04:00:00.000Z');
    expect(first.end - first.start).toBe(30 * MINUTE);
    expect(first.doctorIds).toEqual([1]);
  });

  it('never lets a slot straddle the lunch break, even with a duration longer than the step', () => {
    const days = computeSlots(query({ durationMinutes: 60, doctors: [doctor(1, { slotStepMinutes: 15 })] }));
    expect(local(days)[MON]).toEqual([...every(15, '09:00', '12:00'), ...every(15, '14:00', '17:00')]);
    for (const slot of days[0]!.slots) {
      expect(slot.end - slot.start).toBe(60 * MINUTE);
      const straddles = slot.start < almaty(MON, '14:00') && slot.end > almaty(MON, '13:00');
      expect(straddles).toBe(false);
    }
  });

  it('ends the last slot exactly at the end of the interval', () => {
    const step15 = computeSlots(
      query({ durationMinutes: 45, doctors: [doctor(1, { slotStepMinutes: 15 })] }),
    );
    const last = step15[0]!.slots.at(-1)!;
    expect(toHhmm(utcToZoned(last.start, ALMATY).minutes)).toBe('17:15');
    expect(last.end).toBe(almaty(MON, '18:00'));
    // With a 20-minute step the next start after 17:00 would end at 18:05.
    const step20 = computeSlots(
      query({ durationMinutes: 45, doctors: [doctor(1, { slotStepMinutes: 20 })] }),
    );
    expect(local(step20)[MON]).toEqual([
      ...['09:00', '09:20', '09:40', '10:00', '10:20', '10:40', '11:00', '11:20', '11:40', '12:00'],
      ...['14:00', '14:20', '14:40', '15:00', '15:20', '15:40', '16:00', '16:20', '16:40', '17:00'],
    ]);
  });

  it('runs a day to midnight when the interval ends at 24:00', () => {
    const days = computeSlots(query({ doctors: [doctor(1, { weekly: week([1], '22:00-24:00') })] }));
    expect(local(days)[MON]).toEqual(['22:00', '22:30', '23:00', '23:30']);
    expect(days[0]!.slots.at(-1)!.end).toBe(almaty(TUE, '00:00'));
  });

  it('aligns steps to the start of each interval', () => {
    const weekly = week([1], '09:10-10:00', '10:45-11:40');
    const days = computeSlots(
      query({ durationMinutes: 20, doctors: [doctor(1, { slotStepMinutes: 20, weekly })] }),
    );
    expect(local(days)[MON]).toEqual(['09:10', '09:30', '10:45', '11:05']);
  });

  it('does not join intervals that only touch, and offers a start two intervals share once', () => {
    const touching = computeSlots(
      query({
        durationMinutes: 60,
        doctors: [doctor(1, { weekly: week([1], '09:00-10:30', '10:30-12:00') })],
      }),
    );
    expect(local(touching)[MON]).toEqual(['09:00', '09:30', '10:30', '11:00']);
    const overlapping = computeSlots(
      query({ doctors: [doctor(1, { weekly: week([1], '10:00-11:30', '09:00-11:00') })] }),
    );
    expect(local(overlapping)[MON]).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00']);
  });
});

describe('computeSlots: busy time', () => {
  it('drops every start whose slot partly overlaps an appointment', () => {
    // 10:10–10:40 blocks 09:45, 10:00, 10:15 and 10:30 for a 30-minute service.
    const days = computeSlots(
      query({
        doctors: [
          doctor(1, {
            slotStepMinutes: 15,
            weekly: week([1], '09:00-12:00'),
            busy: [busy(MON, '10:10', '10:40')],
          }),
        ],
      }),
    );
    expect(local(days)[MON]).toEqual(['09:00', '09:15', '09:30', '10:45', '11:00', '11:15', '11:30']);
  });

  it('keeps slots that only touch an appointment', () => {
    const days = computeSlots(
      query({
        doctors: [
          doctor(1, {
            weekly: week([1], '09:00-12:00'),
            busy: [busy(MON, '10:00', '10:30'), busy(MON, '11:30', '12:00')],
          }),
        ],
      }),
    );
    expect(local(days)[MON]).toEqual(['09:00', '09:30', '10:30', '11:00']);
  });

  it('blocks every start of a long service that would run into an appointment', () => {
    const days = computeSlots(
      query({
        durationMinutes: 60,
        doctors: [
          doctor(1, {
            slotStepMinutes: 15,
            weekly: week([1], '09:00-12:00'),
            busy: [busy(MON, '10:30', '10:45')],
          }),
        ],
      }),
    );
    expect(local(days)[MON]).toEqual(['09:00', '09:15', '09:30', '10:45', '11:00']);
  });

  it('takes busy time in any order, overlapping, and spanning several days', () => {
    const days = computeSlots(
      query({
        from: MON,
        to: THU,
        doctors: [
          doctor(1, {
            weekly: week([1, 2, 3, 4], '09:00-12:00'),
            busy: [
              busy(WED, '11:00', '23:59'),
              { start: almaty(WED, '23:00'), end: almaty(THU, '10:00') },
              busy(MON, '11:00', '11:20'),
              busy(TUE, '08:00', '09:45'),
              busy(MON, '09:30', '10:05'),
              busy(MON, '09:10', '09:40'),
              { start: almaty(TUE, '11:00'), end: almaty(TUE, '10:00') }, // empty: ignored
            ],
          }),
        ],
      }),
    );
    expect(local(days)).toEqual({
      [MON]: ['10:30', '11:30'],
      [TUE]: ['10:00', '10:30', '11:00', '11:30'],
      [WED]: ['09:00', '09:30', '10:00', '10:30'],
      [THU]: ['10:00', '10:30', '11:00', '11:30'],
    });
  });

  it('reports a fully booked day as empty', () => {
    const days = computeSlots(query({ doctors: [doctor(1, { busy: [busy(MON, '08:00', '19:00')] })] }));
    expect(days).toEqual([{ date: MON, slots: [] }]);
  });
});

describe('computeSlots: exceptions', () => {
  it('gives nothing on a day off, whatever else the date has', () => {
    const exceptions = [
      exception(TUE, 'day_off'),
      exception(WED, 'hours', '10:00-12:00'),
      exception(WED, 'day_off'),
    ];
    const days = computeSlots(
      query({
        from: MON,
        to: WED,
        doctors: [doctor(1, { weekly: week([1, 2, 3], '09:00-10:00'), exceptions })],
      }),
    );
    expect(local(days)).toEqual({ [MON]: ['09:00', '09:30'], [TUE]: [], [WED]: [] });
  });

  it('replaces the week with changed hours, several rows being several intervals', () => {
    const exceptions = [
      exception(WED, 'hours', '15:00-16:00'),
      exception(WED, 'hours', '10:00-12:00'),
      exception(SUN, 'hours', '10:00-11:00'),
    ];
    const days = computeSlots(query({ from: WED, to: SUN, doctors: [doctor(1, { exceptions })] }));
    const full = [...every(30, '09:00', '12:30'), ...every(30, '14:00', '17:30')];
    expect(local(days)).toEqual({
      [WED]: ['10:00', '10:30', '11:00', '11:30', '15:00', '15:30'],
      [THU]: full,
      '2025-06-06': full,
      [SAT]: full,
      [SUN]: ['10:00', '10:30'],
    });
  });

  it('subtracts a break, which may cut an interval in two; steps restart after it', () => {
    const days = computeSlots(
      query({
        from: MON,
        to: TUE,
        doctors: [
          doctor(1, {
            weekly: week([1, 2], '09:00-12:00'),
            exceptions: [exception(MON, 'break', '11:00-11:30'), exception(TUE, 'break', '10:05-10:20')],
          }),
        ],
      }),
    );
    expect(local(days)).toEqual({
      [MON]: ['09:00', '09:30', '10:00', '10:30', '11:30'],
      [TUE]: ['09:00', '09:30', '10:20', '10:50', '11:20'],
    });
  });

  it('subtracts breaks from changed hours too, and a break over a whole interval removes it', () => {
    const exceptions = [
      exception(MON, 'hours', '09:00-11:00'),
      exception(MON, 'hours', '15:00-16:00'),
      exception(MON, 'break', '09:30-10:00'),
      exception(MON, 'break', '14:30-16:30'),
    ];
    const days = computeSlots(query({ doctors: [doctor(1, { exceptions })] }));
    expect(local(days)[MON]).toEqual(['09:00', '10:00', '10:30']);
  });

  it('ignores exceptions of other dates', () => {
    const days = computeSlots(
      query({
        doctors: [doctor(1, { weekly: week([1], '09:00-10:00'), exceptions: [exception(TUE, 'day_off')] })],
      }),
    );
    expect(local(days)[MON]).toEqual(['09:00', '09:30']);
  });
});

describe('computeSlots: notice and horizon', () => {
  it('drops the slots that start before now plus the minimum notice', () => {
    const days = computeSlots(
      query({ from: MON, to: TUE, now: almaty(MON, '09:40'), minNoticeMinutes: 120, doctors: [doctor(1)] }),
    );
    expect(local(days)).toEqual({
      [MON]: ['12:00', '12:30', ...every(30, '14:00', '17:30')],
      [TUE]: [...every(30, '09:00', '12:30'), ...every(30, '14:00', '17:30')],
    });
  });

  it('keeps a slot starting exactly at now plus the notice', () => {
    const days = computeSlots(query({ now: almaty(MON, '09:30'), minNoticeMinutes: 120 }));
    expect(local(days)[MON]![0]).toBe('11:30');
  });

  it('drops the slots that start after now plus the horizon, and reports those days empty', () => {
    const days = computeSlots(
      query({ from: MON, to: THU, now: almaty(MON, '09:00'), horizonDays: 2, doctors: [doctor(1)] }),
    );
    expect(local(days)).toEqual({
      [MON]: [...every(30, '09:00', '12:30'), ...every(30, '14:00', '17:30')],
      [TUE]: [...every(30, '09:00', '12:30'), ...every(30, '14:00', '17:30')],
      [WED]: ['09:00'],
      [THU]: [],
    });
  });

  it('reports every date of the range, past ones and ones without work included', () => {
    const days = computeSlots(
      query({
        from: '2025-05-31',
        to: '2025-06-09',
        now: almaty('2025-06-07', '13:00'),
        doctors: [doctor(1)],
      }),
    );
    expect(days.map((day) => day.date)).toEqual([
      '2025-05-31',
      '2025-06-01',
      MON,
      TUE,
      WED,
      THU,
      '2025-06-06',
      SAT,
      SUN,
      '2025-06-09',
    ]);
    expect(days.filter((day) => day.slots.length > 0).map((day) => day.date)).toEqual([SAT, '2025-06-09']);
    expect(local(days)[SAT]).toEqual(every(30, '14:00', '17:30'));
  });

  it('gives no dates when the range is backwards', () => {
    expect(computeSlots(query({ from: TUE, to: MON }))).toEqual([]);
  });
});

describe('computeSlots: several doctors ("any doctor")', () => {
  it('merges slots at the same start, listing the free doctors in the order given', () => {
    const a = doctor(7, { weekly: week([1], '09:00-11:00'), busy: [busy(MON, '09:30', '10:00')] });
    const b = doctor(3, { weekly: week([1], '10:00-12:00') });
    const c = doctor(5, { slotStepMinutes: 20, weekly: week([1], '10:00-11:00') });
    expect(withDoctors(computeSlots(query({ doctors: [a, b, c] })))[MON]).toEqual([
      '09:00 7',
      '10:00 7,3,5',
      '10:20 5',
      '10:30 7,3',
      '11:00 3',
      '11:30 3',
    ]);
    expect(withDoctors(computeSlots(query({ doctors: [c, b, a] })))[MON]).toEqual([
      '09:00 7',
      '10:00 5,3,7',
      '10:20 5',
      '10:30 3,7',
      '11:00 3',
      '11:30 3',
    ]);
  });

  it('lists only the doctors who work that day', () => {
    const mondays = doctor(1, { weekly: week([1], '09:00-10:00') });
    const tuesdays = doctor(2, { weekly: week([2], '09:00-10:00') });
    const days = computeSlots(query({ from: MON, to: TUE, doctors: [mondays, tuesdays] }));
    expect(withDoctors(days)).toEqual({ [MON]: ['09:00 1', '09:30 1'], [TUE]: ['09:00 2', '09:30 2'] });
  });

  it('gives empty days for a doctor without a schedule', () => {
    const days = computeSlots(query({ from: MON, to: TUE, doctors: [doctor(1, { weekly: [] })] }));
    expect(days).toEqual([
      { date: MON, slots: [] },
      { date: TUE, slots: [] },
    ]);
    expect(computeSlots(query({ doctors: [] }))).toEqual([{ date: MON, slots: [] }]);
  });
});

describe('computeSlots: time zones', () => {
  it('follows Almaty from UTC+6 to UTC+5 on 1 March 2024', () => {
    const days = computeSlots(
      query({
        from: '2024-02-29',
        to: '2024-03-01',
        now: utc('2024-02-01T00:00:00Z'),
        doctors: [doctor(1, { weekly: week([4, 5], '09:00-10:00') })],
      }),
    );
    expect(days.map((day) => day.slots.map((slot) => iso(slot.start)))).toEqual([
      ['2024-02-29T03:00:00.000Z', '2024-02-29T03:30:00.000Z'],
      ['2024-03-01T04:00:00.000Z', '2024-03-01T04:30:00.000Z'],
    ]);
    expect(local(days)).toEqual({ '2024-02-29': ['09:00', '09:30'], '2024-03-01': ['09:00', '09:30'] });
  });

  it('offers the first 23:00 of the night Almaty repeated an hour, and checks busy time in real time', () => {
    const days = computeSlots(
      query({
        from: '2024-02-29',
        to: '2024-03-01',
        now: utc('2024-02-01T00:00:00Z'),
        doctors: [
          doctor(1, {
            weekly: [],
            exceptions: [
              exception('2024-02-29', 'hours', '22:00-24:00'),
              exception('2024-03-01', 'hours', '00:00-01:00'),
            ],
            // 23:30 +06, the first of the two.
            busy: [{ start: utc('2024-02-29T17:30:00Z'), end: utc('2024-02-29T18:00:00Z') }],
          }),
        ],
      }),
    );
    expect(days.map((day) => day.slots.map((slot) => iso(slot.start)))).toEqual([
      ['2024-02-29T16:00:00.000Z', '2024-02-29T16:30:00.000Z', '2024-02-29T17:00:00.000Z'],
      ['2024-02-29T19:00:00.000Z', '2024-02-29T19:30:00.000Z'],
    ]);
  });

  it('skips the hour Berlin springs over, and ends slots by the real end of the interval', () => {
    const spring = '2025-03-30'; // a Sunday: 02:00 CET became 03:00 CEST
    const run = (durationMinutes: number, hours: string) =>
      computeSlots(
        query({
          timeZone: BERLIN,
          from: spring,
          to: spring,
          durationMinutes,
          now: utc('2025-03-01T00:00:00Z'),
          doctors: [doctor(1, { weekly: [], exceptions: [exception(spring, 'hours', hours)] })],
        }),
      )[0]!.slots.map((slot) => `${toHhmm(utcToZoned(slot.start, BERLIN).minutes)} ${iso(slot.start)}`);
    expect(run(30, '01:00-04:00')).toEqual([
      '01:00 2025-03-30T00:00:00.000Z',
      '01:30 2025-03-30T00:30:00.000Z',
      '03:00 2025-03-30T01:00:00.000Z',
      '03:30 2025-03-30T01:30:00.000Z',
    ]);
    // 01:30 CET + 60 minutes is 03:30 CEST, still inside; 03:30 + 60 would pass 04:00.
    expect(run(60, '01:00-04:00')).toEqual([
      '01:00 2025-03-30T00:00:00.000Z',
      '01:30 2025-03-30T00:30:00.000Z',
      '03:00 2025-03-30T01:00:00.000Z',
    ]);
    // An interval to 02:30 ends when the clock jumps, at 03:00 CEST: 01:30 + 30 still fits,
    // while 01:30 + 60 would run past it.
    expect(run(30, '01:00-02:30')).toEqual([
      '01:00 2025-03-30T00:00:00.000Z',
      '01:30 2025-03-30T00:30:00.000Z',
    ]);
    expect(run(60, '01:00-02:30')).toEqual(['01:00 2025-03-30T00:00:00.000Z']);
  });

  it('offers each wall time once on the night Berlin falls back, the first time round', () => {
    const autumn = '2025-10-26'; // a Sunday: 03:00 CEST became 02:00 CET
    const days = computeSlots(
      query({
        timeZone: BERLIN,
        from: '2025-10-24',
        to: '2025-10-27',
        now: utc('2025-10-01T00:00:00Z'),
        doctors: [
          doctor(1, {
            weekly: week([5, 1], '09:00-10:00'),
            exceptions: [exception(autumn, 'hours', '01:00-04:00')],
          }),
        ],
      }),
    );
    expect(days.map((day) => day.slots.map((slot) => iso(slot.start)))).toEqual([
      ['2025-10-24T07:00:00.000Z', '2025-10-24T07:30:00.000Z'],
      [],
      [
        '2025-10-25T23:00:00.000Z',
        '2025-10-25T23:30:00.000Z',
        '2025-10-26T00:00:00.000Z',
        '2025-10-26T00:30:00.000Z',
        '2025-10-26T02:00:00.000Z',
        '2025-10-26T02:30:00.000Z',
      ],
      ['2025-10-27T08:00:00.000Z', '2025-10-27T08:30:00.000Z'],
    ]);
    expect(local(days, BERLIN)[autumn]).toEqual(['01:00', '01:30', '02:00', '02:30', '03:00', '03:30']);
  });

  it('works through a date whose midnight does not exist (Chile skips 00:00–01:00)', () => {
    const days = computeSlots(
      query({
        timeZone: 'America/Santiago',
        from: '2024-09-07',
        to: '2024-09-08',
        now: utc('2024-09-01T00:00:00Z'),
        doctors: [
          doctor(1, {
            weekly: [],
            exceptions: [
              exception('2024-09-07', 'hours', '22:00-24:00'),
              exception('2024-09-08', 'hours', '00:00-02:00'),
            ],
          }),
        ],
      }),
    );
    expect(days.map((day) => day.slots.map((slot) => iso(slot.start)))).toEqual([
      [
        '2024-09-08T02:00:00.000Z',
        '2024-09-08T02:30:00.000Z',
        '2024-09-08T03:00:00.000Z',
        '2024-09-08T03:30:00.000Z',
      ],
      ['2024-09-08T04:00:00.000Z', '2024-09-08T04:30:00.000Z'],
    ]);
  });
});

describe('computeSlots: bad input', () => {
  it('refuses a step, duration or clock that would loop forever or let everything through', () => {
    expect(() => computeSlots(query({ doctors: [doctor(1, { slotStepMinutes: 0 })] }))).toThrow(RangeError);
    expect(() => computeSlots(query({ durationMinutes: 0 }))).toThrow(RangeError);
    expect(() => computeSlots(query({ now: Number.NaN }))).toThrow(RangeError);
    expect(() => computeSlots(query({ from: '2025-02-30' }))).toThrow(RangeError);
  });
});

describe('firstFreeSlot', () => {
  it('gives the earliest slot of all days', () => {
    const days = computeSlots(
      query({
        from: SUN,
        to: '2025-06-10',
        now: almaty(SUN, '12:00'),
        doctors: [
          doctor(4, { busy: [busy('2025-06-09', '09:00', '10:00')] }),
          doctor(2, { weekly: week([1], '09:30-11:00') }),
        ],
      }),
    );
    const first = firstFreeSlot(days);
    expect(first && { start: iso(first.start), doctorIds: first.doctorIds }).toEqual({
      start: '2025-06-09T04:30:00.000Z',
      doctorIds: [2],
    });
  });

  it('gives null when nothing is free', () => {
    expect(firstFreeSlot(computeSlots(query({ from: SUN, to: SUN })))).toBeNull();
    expect(firstFreeSlot([])).toBeNull();
  });
});

describe('nearestSlots', () => {
  const days = computeSlots(
    query({
      from: MON,
      to: TUE,
      doctors: [doctor(1, { weekly: week([1, 2], '09:00-12:00'), busy: [busy(MON, '10:00', '10:30')] })],
    }),
  );
  const times = (slots: { start: number }[]) =>
    slots.map((slot) => {
      const start = utcToZoned(slot.start, ALMATY);
      return `${start.date} ${toHhmm(start.minutes)}`;
    });

  it('gives the slots closest to a time that was just taken, in order of start', () => {
    expect(times(nearestSlots(days, almaty(MON, '10:00'), 2))).toEqual([`${MON} 09:30`, `${MON} 10:30`]);
    // 09:00 and 11:00 are an hour away each: the earlier one wins the tie.
    expect(times(nearestSlots(days, almaty(MON, '10:00'), 3))).toEqual([
      `${MON} 09:00`,
      `${MON} 09:30`,
      `${MON} 10:30`,
    ]);
    expect(times(nearestSlots(days, almaty(MON, '10:00'), 4))).toEqual([
      `${MON} 09:00`,
      `${MON} 09:30`,
      `${MON} 10:30`,
      `${MON} 11:00`,
    ]);
  });

  it('includes a slot at exactly that time, and prefers the earlier of two equally near', () => {
    expect(times(nearestSlots(days, almaty(MON, '11:00'), 1))).toEqual([`${MON} 11:00`]);
    expect(times(nearestSlots(days, almaty(MON, '10:45'), 1))).toEqual([`${MON} 10:30`]);
    expect(times(nearestSlots(days, almaty(MON, '10:45'), 2))).toEqual([`${MON} 10:30`, `${MON} 11:00`]);
  });

  it('reaches across days and stops at what there is', () => {
    // From 22:20: Tuesday 09:00 is 10 h 40 min ahead, Monday 11:30 10 h 50 min back, then
    // Tuesday 09:30 at 11 h 10 min and Monday 11:00 at 11 h 20 min.
    expect(times(nearestSlots(days, almaty(MON, '22:20'), 2))).toEqual([`${MON} 11:30`, `${TUE} 09:00`]);
    expect(times(nearestSlots(days, almaty(MON, '23:00'), 2))).toEqual([`${TUE} 09:00`, `${TUE} 09:30`]);
    expect(nearestSlots(days, almaty(MON, '10:00'), 100)).toHaveLength(11);
    expect(times(nearestSlots(days, almaty(WED, '10:00'), 2))).toEqual([`${TUE} 11:00`, `${TUE} 11:30`]);
    expect(nearestSlots(days, almaty(MON, '10:00'), 0)).toEqual([]);
    expect(nearestSlots([], almaty(MON, '10:00'), 3)).toEqual([]);
  });
});
