import { describe, expect, it } from 'vitest';
import { ageOn, iinControlDigit, parseIin } from './iin.ts';

/** Builds a valid IIN from its first 11 digits (tests need many, real people's are off limits). */
function valid(first11: string): string {
  const control = iinControlDigit(first11);
  if (control === null) throw new Error(`no IIN starts with ${first11}`);
  return first11 + control;
}

const today = '2026-11-25';

describe('IIN', () => {
  it.each([
    ['a man born in 1985', valid('85031530012'), { birthDate: '1985-03-15', sex: 'male' }],
    ['a woman born in 1992', valid('92120140023'), { birthDate: '1992-12-01', sex: 'female' }],
    ['a boy born in 2015', valid('15060950034'), { birthDate: '2015-06-09', sex: 'male' }],
    ['a girl born in 2020 on 29 February', valid('20022960045'), { birthDate: '2020-02-29', sex: 'female' }],
    ['a man born in 1899', valid('99123110056'), { birthDate: '1899-12-31', sex: 'male' }],
    [
      'spaces and dashes are ignored',
      valid('85031530012').replace(/(\d{6})(\d{6})/, '$1 $2'),
      { birthDate: '1985-03-15' },
    ],
  ])('reads %s', (_, iin, facts) => {
    expect(parseIin(iin, today)).toMatchObject(facts);
  });

  it('uses the second weight pass when the first gives 10, and refuses numbers with no control digit', () => {
    const serials = [...Array(10_000).keys()].map((n) => `8503153${String(n).padStart(4, '0')}`);
    const firstPassTen = serials.filter((first11) => {
      const sum = [...first11].map(Number).reduce((s, d, i) => s + d * (i + 1), 0);
      return sum % 11 === 10;
    });
    expect(firstPassTen.length).toBeGreaterThan(100);
    for (const first11 of firstPassTen) {
      const second =
        [...first11]
          .map(Number)
          .reduce((s, d, i) => s + d * ([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2][i] ?? 0), 0) % 11;
      if (second === 10) {
        expect(iinControlDigit(first11)).toBeNull();
        for (const control of '0123456789') expect(parseIin(first11 + control, today)).toBe('checksum');
      } else {
        expect(iinControlDigit(first11)).toBe(second);
        expect(parseIin(first11 + second, today)).toMatchObject({ birthDate: '1985-03-15', sex: 'male' });
      }
    }
  });

  it.each([
    ['letters', '85031530O12A', 'format'],
    ['too short', '85031530012', 'format'],
    ['too long', '8503153001234', 'format'],
    ['an empty answer', '', 'format'],
    ['a century digit 0', valid('85031500012'), 'century'],
    ['a century digit 7', valid('85031570012'), 'century'],
    ['31 April', valid('85043130012'), 'date'],
    ['29 February of a common year', valid('23022960012'), 'date'],
    ['month 13', valid('85131530012'), 'date'],
    ['a birth date in the future', valid('27010150012'), 'future'],
  ])('refuses %s', (_, iin, problem) => {
    expect(parseIin(iin, today)).toBe(problem);
  });

  it('refuses a wrong control digit', () => {
    const good = valid('85031530012');
    const bad = good.slice(0, 11) + ((Number(good[11]) + 1) % 10);
    expect(parseIin(bad, today)).toBe('checksum');
  });

  it('counts whole years of age', () => {
    expect(ageOn('2015-06-09', '2026-06-08')).toBe(10);
    expect(ageOn('2015-06-09', '2026-06-09')).toBe(11);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
  });
});
