import { ageOn, type IinFacts, parseIin } from '../../shared/iin.ts';
import type { Language } from '../../shared/localized.ts';
import { normalizePersonName, sameName } from '../../shared/person-name.ts';
import { normalizePhone } from '../../shared/phone.ts';
import type { ConsentPurpose } from './entities/consent.entity.ts';
import { patientErrors } from './patients.errors.ts';

/**
 * Versions of the consent texts in locales/ (consent-*). Change the text → bump the version: the
 * ledger records which version each person accepted, and a registration that showed an old text
 * asks again.
 */
export const CONSENT_TEXT_VERSION = '2026-11-v2';
/** The question "receive medical documents here in Telegram?" (locales: doc-consent-ask), its own text. */
export const TELEGRAM_DOCUMENTS_CONSENT_VERSION = '2026-11-d1';

/** The version of the text a purpose's answer was given to. */
export const consentVersionOf = (purpose: ConsentPurpose): string =>
  purpose === 'telegram_documents' ? TELEGRAM_DOCUMENTS_CONSENT_VERSION : CONSENT_TEXT_VERSION;

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
  /** The record is not theirs yet: a code or the desk must prove who they are. */
  'verify',
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
  proofRequested: boolean;
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
  return d.proofRequested ? 'verify' : 'summary';
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

/** Registration is for adults only (by the IIN's birth date): children are added by a guardian. */
export function assertAdult(facts: IinFacts, today: string, adultAge: number): void {
  if (ageOn(facts.birthDate, today) < adultAge) throw patientErrors('minor_self_registration', { adultAge });
}

/** Whether a name typed for someone matches the clinic's record, the way people type names. */
export function namesMatch(
  record: { lastName: string; firstName: string },
  typed: { lastName: string; firstName: string },
): boolean {
  return sameName(record.lastName, typed.lastName) && sameName(record.firstName, typed.firstName);
}

/** One-time codes: short-lived, few attempts, a pause between sends, few sends per hour and per day. */
export const CODE_POLICY = {
  ttlMinutes: 10,
  maxAttempts: 5,
  resendAfterSeconds: 60,
  perAccountPerHour: 3,
  perPersonPerDay: 5,
} as const;

/** Six random digits. */
export function newCode(): string {
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  return String(n! % 1_000_000).padStart(6, '0');
}

/** Compares two strings in time that depends only on their length. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A pending desk check or an unfinished registration waits this long before it is dropped. */
export const DRAFT_TTL_MS = 24 * 3_600_000;
export const DESK_CHECK_TTL_MS = 14 * 24 * 3_600_000;
