import { defineEntity, p } from '@mikro-orm/core';

/**
 * What a Telegram user has confirmed so far while registering. It lives on the server so an
 * interrupted registration resumes where it stopped, whatever happened to the bot meanwhile;
 * it is deleted when the registration completes, and after a day without activity (unless the
 * person waits for the desk to confirm them). The phone and the IIN are encrypted like every
 * personal identifier at rest.
 */
export const RegistrationDraftSchema = defineEntity({
  name: 'RegistrationDraft',
  tableName: 'patients_registration_draft',
  properties: {
    telegramUserId: p.bigint('number').primary(),
    consentVersion: p.string().length(40).nullable(),
    consentsAcceptedAt: p.datetime().nullable(),
    marketingOptIn: p.boolean().nullable(),
    marketingAnsweredAt: p.datetime().nullable(),
    phoneCipher: p.text().nullable(),
    /** Shared with Telegram's contact button as the sender's own: Telegram vouches for it. */
    phoneVerified: p.boolean().default(false),
    lastName: p.string().length(100).nullable(),
    firstName: p.string().length(100).nullable(),
    /** null: not asked yet; '' : skipped. */
    middleName: p.string().length(100).nullable(),
    iinCipher: p.text().nullable(),
    iinHash: p.string().length(64).nullable(),
    iinLast4: p.string().length(4).nullable(),
    birthDate: p.date().nullable(),
    sex: p.enum(['male', 'female'] as const).nullable(),
    /** The summary was confirmed and the person must now prove who they are (code or desk). */
    proofRequestedAt: p.datetime().nullable(),
    /** By the app clock, on every change: abandoned drafts are purged by it. */
    updatedAt: p.datetime(),
  },
  indexes: [{ properties: ['updatedAt'] }],
});

export class RegistrationDraft extends RegistrationDraftSchema.class {}
RegistrationDraftSchema.setClass(RegistrationDraft);
