import { describe, expect, it } from 'vitest';
import { BUTTONS, button } from './buttons.ts';

describe('button data', () => {
  it('builds and parses every button the server sends, and only its own data', () => {
    const data = BUTTONS.arrival.data({ answer: 'late', appointmentId: 12, version: 3 });
    expect(data).toBe('ar:late:12:3');
    expect(BUTTONS.arrival.parse(data)).toEqual({ answer: 'late', appointmentId: 12, version: 3 });
    expect(BUTTONS.arrival.parse('ar:maybe:12:3')).toBeNull();
    expect(BUTTONS.npsScore.parse(BUTTONS.npsSkip.data({ appointmentId: 5 }))).toBeNull();
    expect(BUTTONS.npsSkip.parse('nps:skip:5')).toEqual({ appointmentId: 5 });
    expect(BUTTONS.rebook.data({})).toBe('b:new');
    expect(BUTTONS.rebook.pattern.test('b:new')).toBe(true);
  });

  it('reads no button from numbers beyond an id, and builds none with them', () => {
    expect(BUTTONS.openVisit.parse('a:v:2147483647')).toEqual({ appointmentId: 2_147_483_647 });
    expect(BUTTONS.openVisit.parse('a:v:2147483648')).toBeNull();
    expect(BUTTONS.openVisit.parse('a:v:99999999999999999999')).toBeNull();
    expect(() => BUTTONS.openVisit.data({ appointmentId: 2_147_483_648 })).toThrow(/does not fit/);
    expect(() => BUTTONS.openVisit.data({ appointmentId: -1 })).toThrow(/does not fit/);
  });

  it('refuses data Telegram would refuse (over 64 bytes)', () => {
    const long = button('x'.repeat(60), { id: 'int' });
    expect(() => long.data({ id: 123456 })).toThrow(/over 64 bytes/);
  });
});
