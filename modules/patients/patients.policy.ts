import { type IinFacts, parseIin } from '../../shared/iin.ts';
import type { Language } from '../../shared/localized.ts';
import { normalizePersonName } from '../../shared/person-name.ts';
import { normalizePhone } from '../../shared/phone.ts';
import { patientErrors } from './patients.errors.ts';

/**
 * Versions of the consent texts in locales/ (consent-*). Change the text → bump the version: the
 * ledger records which version each person accepted, and a registration that showed an old text
 * asks again.
 */
export const CONSENT_TEXT_VERSION = '2026-11-v1';

export const REGISTRATION_STEPS = [
  'language',
  'consents',
  'marketing',
  'phone',
  'last_name',
  'first_name',
  'middle_name',
  'iin',
  'summary',
  'done',
] as const;
export type RegistrationStep = (typeof REGISTRATION_STEPS)[number];

export interface DraftFacts {
  registered: boolean;
  language: Language | null;
  consentVersion: string | null;
  consentsAccepted: boolean;
  marketingAnswered: boolean;
  phone: string | null;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  iin: boolean;
}

/** The first thing still missing; the bot asks exactly that. */
export function nextRegistrationStep(d: DraftFacts): RegistrationStep {
  if (d.registered) return 'done';
  if (!d.language) return 'language';
  if (!d.consentsAccepted || d.consentVersion !== CONSENT_TEXT_VERSION) return 'consents';
  if (!d.marketingAnswered) return 'marketing';
  if (!d.phone) return 'phone';
  if (!d.lastName) return 'last_name';
  if (!d.firstName) return 'first_name';
  if (d.middleName === null) return 'middle_name';
  if (!d.iin) return 'iin';
  return 'summary';
}

export function normalizeName(input: string): string {
  const name = normalizePersonName(input);
  if (!name) throw patientErrors('name_invalid');
  return name;
}

export function checkIin(input: string, today: string): IinFacts {
  const parsed = parseIin(input, today);
  if (typeof parsed === 'string') throw patientErrors(`iin_${parsed}`);
  return parsed;
}

/**
 * A phone from a shared contact must be the sender's own (Telegram tells whose contact it is);
 * a typed one must be a valid number.
 */
export function checkPhone(
  input: { phone: string; contactUserId?: number | null },
  telegramUserId: number,
): string {
  if (input.contactUserId !== undefined && input.contactUserId !== telegramUserId) {
    throw patientErrors('contact_not_own');
  }
  const phone = normalizePhone(input.phone);
  if (!phone) throw patientErrors('phone_invalid');
  return phone;
}
