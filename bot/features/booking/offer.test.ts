import { describe, expect, it } from 'vitest';
import { openingMonth } from './calendar.ts';
import { nearestPairs, shortName } from './offer.ts';

describe('the month a calendar opens on', () => {
  it('is the month of the first free day when it has more than that day', () => {
    expect(openingMonth(['2026-12-01', '2026-12-02', '2027-01-05'], '2026-11')).toEqual({
      month: '2026-12',
      lone: null,
    });
  });

  it('is the next month with free days when the first month has only one, that day kept as a shortcut', () => {
    expect(openingMonth(['2026-11-30', '2026-12-02', '2026-12-04'], '2026-11')).toEqual({
      month: '2026-12',
      lone: '2026-11-30',
    });
  });

  it('stays on a month with one free day when no later month has any', () => {
    expect(openingMonth(['2026-11-30'], '2026-11')).toEqual({ month: '2026-11', lone: null });
    expect(openingMonth([], '2026-11')).toEqual({ month: '2026-11', lone: null });
  });
});

describe('nearest times across doctors', () => {
  const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00Z`);
  it('lists each free (time, doctor) pair earliest first, a time two doctors have free twice', () => {
    const days = [
      { date: '2026-12-01', slots: [{ startsAt: at('04:00'), doctorIds: [7, 9] }] },
      {
        date: '2026-12-02',
        slots: [
          { startsAt: at('05:00'), doctorIds: [9] },
          { startsAt: at('06:00'), doctorIds: [7] },
        ],
      },
    ];
    expect(nearestPairs(days, 3)).toEqual([
      { date: '2026-12-01', startsAt: at('04:00'), doctorId: 7 },
      { date: '2026-12-01', startsAt: at('04:00'), doctorId: 9 },
      { date: '2026-12-02', startsAt: at('05:00'), doctorId: 9 },
    ]);
    expect(nearestPairs([], 6)).toEqual([]);
  });

  it('names a doctor on a button by surname and initials', () => {
    expect(shortName('Ахметова Айгүл Серікқызы')).toBe('Ахметова А. С.');
    expect(shortName('Petrov')).toBe('Petrov');
  });
});
