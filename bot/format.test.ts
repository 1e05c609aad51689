import { describe, expect, it } from 'vitest';
import { formatDay, formatWhen } from './format.ts';

// 14:05 UTC on 3 January 2027 is 19:05 in Almaty (UTC+5).
const at = new Date('2027-01-03T14:05:00Z');
const zone = 'Asia/Almaty';

describe('formatWhen: one way to write an instant in a message', () => {
  it('writes the date as people say it, without the year, on the 24-hour clock in the branch zone', () => {
    expect(formatWhen(at, zone, 'ru')).toBe('3 января, 19:05');
    expect(formatWhen(at, zone, 'kk')).toBe('3 қаңтар, 19:05');
    expect(formatWhen(new Date('2027-01-03T19:30:00Z'), zone, 'ru')).toBe('4 января, 00:30');
  });

  it('adds the weekday for cards and lists, and gives the date and the time apart for sentences', () => {
    expect(formatWhen(at, zone, 'ru', 'day')).toBe('вс, 3 января, 19:05');
    expect(formatWhen(at, zone, 'kk', 'day')).toBe('3 қаңтар, жс, 19:05');
    expect(formatWhen(at, zone, 'kk', 'date')).toBe('3 қаңтар');
    expect(formatWhen(at, zone, 'ru', 'time')).toBe('19:05');
  });

  it('has Kazakh month names from the runtime (a runtime without kk data would fall back silently)', () => {
    expect(formatDay('2027-01-15', 'kk')).toBe('15 қаңтар');
    expect(formatDay('2027-05-09', 'kk')).toBe('9 мамыр');
  });
});
