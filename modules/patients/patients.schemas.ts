import { z } from 'zod';
import { LANGUAGES } from '../../shared/localized.ts';
import { pageLimit } from '../../shared/pages.ts';
import { RELATIONS } from './entities/patient.entity.ts';

export const languageInput = z.object({ language: z.enum(LANGUAGES) });

export const consentAnswerInput = z.object({ version: z.string().min(1).max(40), accepted: z.boolean() });

export const marketingInput = z.object({ optIn: z.boolean() });
export const grantedInput = z.object({ granted: z.boolean() });

/** A phone either from a shared contact (with whose contact it is) or typed. */
export const phoneInput = z.object({
  phone: z.string().max(40),
  /** Telegram's contact.user_id; absent for a typed number or a contact without a Telegram user. */
  contactUserId: z.number().int().nullable().optional(),
});

export const namePartInput = z.object({
  part: z.enum(['last', 'first', 'middle']),
  /** null skips the middle name. */
  value: z.string().max(200).nullable(),
});

export const iinInput = z.object({ iin: z.string().max(40) });

export const editFieldInput = z.object({ field: z.enum(['phone', 'name', 'iin']) });

export const addDependantInput = z.object({
  iin: z.string().max(40),
  lastName: z.string().max(200),
  firstName: z.string().max(200),
  middleName: z.string().max(200).nullable().default(null),
  relation: z.enum(RELATIONS),
});

export const dependantIdInput = z.object({ dependantId: z.number().int().positive() });

export const deleteMyDataInput = z.object({ confirm: z.literal(true) });

export const codeInput = z.object({ code: z.string().max(20) });

export const requestIdInput = z.object({ requestId: z.number().int().positive() });

export const answerRequestInput = requestIdInput.extend({ approve: z.boolean() });

export const guardianAccessInput = z.object({ linkId: z.number().int().positive(), keep: z.boolean() });

/** A queue page: the waiting oldest first, the decided newest first (cursor: the last id shown). */
const queuePage = { cursor: z.number().int().positive().nullish(), limit: pageLimit(50, 100) };

export const identityQueueInput = z.object({
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']).default('pending'),
  ...queuePage,
});

export const decideIdentityInput = z.object({
  id: z.number().int().positive(),
  approve: z.boolean(),
  /** The reference the person reads out from their chat: required to approve. */
  reference: z.string().trim().max(20).nullable().default(null),
  reason: z.string().trim().max(300).nullable().default(null),
});

export const familyQueueInput = z.object({
  status: z.enum(['pending', 'approved', 'declined', 'cancelled']).default('pending'),
  ...queuePage,
});

export const decideRequestInput = z.object({ id: z.number().int().positive(), approve: z.boolean() });

export const patientIdInput = z.object({ patientId: z.number().int().positive() });

export const linkIdInput = z.object({ linkId: z.number().int().positive() });

/** Reception registers a caller without Telegram; each field is checked as in the bot's registration. */
export const deskRegistrationInput = z.object({
  lastName: z.string().max(100),
  firstName: z.string().max(100),
  middleName: z.string().max(100).nullish(),
  iin: z.string().max(40),
  phone: z.string().max(40),
  /**
   * Whether the phone is the caller's own. A relative's number is kept to call, but a phone the desk
   * only wrote down is never proof in the bot: the desk must say which it is.
   */
  phoneIsOwn: z.boolean(),
  /** The person signed the clinic's consent to process personal data (the bot's text, on paper). */
  consentSigned: z.literal(true),
});
