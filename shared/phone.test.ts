import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone } from './phone.ts';
import { groupKazakhPhone } from './phone-format.ts';

describe('phone numbers', () => {
  it.each([
    ['+77011234567', '+77011234567'],
    ['87011234567', '+77011234567'],
    ['8 (701) 123-45-67', '+77011234567'],
    ['+7 701 123 45 67', '+77011234567'],
    ['77011234567', '+77011234567'], // as Telegram shares contacts, without the plus
    ['7011234567', '+77011234567'],
    ['8 727 250 00 00', '+77272500000'],
    ['+7 (7172) 79-50-50', '+77172795050'],
    ['+79161234567', '+79161234567'],
    ['+998 90 123 45 67', '+998901234567'],
  ])('normalizes %s to %s', (input, e164) => {
    expect(normalizePhone(input)).toBe(e164);
  });

  it.each([['12345'], ['+7701123456'], ['phone'], [''], ['+7 000 000 00 00'], ['8701123456789']])(
    'refuses %s',
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );

  it('formats for reading', () => {
    expect(formatPhone('+77011234567')).toBe('+7 701 123 45 67');
    // The console's grouping (without libphonenumber) is the same, and leaves other numbers alone.
    expect(groupKazakhPhone('+77011234567')).toBe('+7 701 123 45 67');
    expect(groupKazakhPhone('+4915112345678')).toBeNull();
  });
});
