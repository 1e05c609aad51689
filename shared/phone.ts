import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { groupKazakhPhone } from './phone-format.ts';

/**
 * Phone numbers as E.164 (+77011234567). Kazakhstan is the default region, so "8 701 123 45 67"
 * and "701 123 4567" are read as Kazakh numbers; a number must be possible *and* valid for its
 * country (libphonenumber's full metadata), not just a run of digits.
 */
export function normalizePhone(input: string, defaultRegion: 'KZ' = 'KZ'): string | null {
  const cleaned = input.trim();
  if (!/^[+\d\s()\-.]{5,25}$/.test(cleaned)) return null;
  // Telegram shares contacts without the plus sign ("77011234567").
  const candidate =
    /^7\d{10}$/.test(cleaned.replace(/\D/g, '')) && !cleaned.startsWith('+') && !cleaned.startsWith('8')
      ? `+${cleaned.replace(/\D/g, '')}`
      : cleaned;
  const parsed = parsePhoneNumberFromString(candidate, defaultRegion);
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

export const phoneSchema = z.string().transform((value, ctx) => {
  const phone = normalizePhone(value);
  if (!phone) {
    ctx.addIssue({ code: 'custom', message: 'must be a valid phone number, such as +7 701 123 45 67' });
    return z.NEVER;
  }
  return phone;
});

/**
 * +7 701 123 45 67 — for showing, never for storing. Numbers of Kazakhstan (and Russia) as
 * groupKazakhPhone writes them (libphonenumber gives "+7 701 123 4567"); others as libphonenumber
 * groups them.
 */
export function formatPhone(e164: string): string {
  return groupKazakhPhone(e164) ?? parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
