import { describe, expect, it } from 'vitest';
import { nextOpening } from './support.policy.ts';

/** Monday–Saturday, 09:00–20:00 Almaty (UTC+5). */
const hours = { start: 9 * 60, end: 20 * 60, days: [1, 2, 3, 4, 5, 6], timeZone: 'Asia/Almaty' };
const at = (iso: string) => new Date(iso);

describe('when operators next answer', () => {
  it('is now (null) within the hours of a working day', () => {
    expect(nextOpening(at('2026-12-01T10:00:00+05:00'), hours)).toBeNull();
    expect(nextOpening(at('2026-12-01T19:59:00+05:00'), hours)).toBeNull();
  });
  it('is this morning before the hours, tomorrow morning after them', () => {
    expect(nextOpening(at('2026-12-01T07:30:00+05:00'), hours)?.toISOString()).toBe(
      '2026-12-01T04:00:00.000Z',
    );
    expect(nextOpening(at('2026-12-01T20:00:00+05:00'), hours)?.toISOString()).toBe(
      '2026-12-02T04:00:00.000Z',
    );
  });
  it('skips the day off: Saturday evening and Sunday point to Monday morning', () => {
    expect(nextOpening(at('2026-12-05T21:00:00+05:00'), hours)?.toISOString()).toBe(
      '2026-12-07T04:00:00.000Z',
    );
    expect(nextOpening(at('2026-12-06T12:00:00+05:00'), hours)?.toISOString()).toBe(
      '2026-12-07T04:00:00.000Z',
    );
  });
});
