import { defineEntity, p } from '@mikro-orm/core';

/**
 * What a Telegram user has confirmed so far while registering. It lives on the server so an
 * interrupted registration resumes where it stopped, whatever happened to the bot meanwhile;
 * it is deleted when the registration completes.
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
    phone: p.string().length(20).nullable(),
    lastName: p.string().length(100).nullable(),
    firstName: p.string().length(100).nullable(),
    /** null: not asked yet; '' : skipped. */
    middleName: p.string().length(100).nullable(),
    iinCipher: p.text().nullable(),
    iinHash: p.string().length(64).nullable(),
    iinLast4: p.string().length(4).nullable(),
    birthDate: p.date().nullable(),
    sex: p.enum(['male', 'female'] as const).nullable(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class RegistrationDraft extends RegistrationDraftSchema.class {}
RegistrationDraftSchema.setClass(RegistrationDraft);
