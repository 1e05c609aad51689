import { defineEntity, p } from '@mikro-orm/core';
import { LANGUAGES } from '../../../shared/localized.ts';
import { Patient, RELATIONS } from './patient.entity.ts';

/**
 * A one-time code that proves a registering person holds the phone the clinic has for their IIN
 * (for an IIN the clinic does not know, the phone they gave). The code is kept as a keyed hash;
 * its cipher lives only until the SMS is sent. `subjectHash` (the IIN's lookup hash) lets the rate
 * limit count per person as well as per Telegram account.
 */
export const SmsCodeSchema = defineEntity({
  name: 'SmsCode',
  tableName: 'patients_sms_code',
  properties: {
    id: p.integer().primary(),
    telegramUserId: p.bigint('number'),
    subjectHash: p.string().length(64),
    /** Where it goes; null when the clinic's record has no phone (nothing is sent). */
    phoneCipher: p.text().nullable(),
    codeHash: p.string().length(64),
    codeCipher: p.text().nullable(),
    language: p.enum(LANGUAGES),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    attempts: p.integer().default(0),
    usedAt: p.datetime().nullable(),
    sentAt: p.datetime().nullable(),
    failedAt: p.datetime().nullable(),
    error: p.string().length(300).nullable(),
  },
  indexes: [{ properties: ['telegramUserId', 'createdAt'] }, { properties: ['subjectHash', 'createdAt'] }],
});

export class SmsCode extends SmsCodeSchema.class {}
SmsCodeSchema.setClass(SmsCode);

export const CHECK_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;

/**
 * The desk's verification queue: a registering person asked to be confirmed by staff who see
 * their ID card. What they typed stays in their (encrypted) draft until staff decide.
 */
export const IdentityCheckSchema = defineEntity({
  name: 'IdentityCheck',
  tableName: 'patients_identity_check',
  properties: {
    id: p.integer().primary(),
    telegramUserId: p.bigint('number'),
    /**
     * Shown only in the person's chat: they read it out at the desk, and staff must type it to
     * approve, so an approval can only ever open the record to the one who stands there.
     */
    reference: p.string().length(6),
    status: p.enum(CHECK_STATUSES).default('pending'),
    requestedAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
    decidedBy: p.string().length(100).nullable(),
    reason: p.string().length(300).nullable(),
  },
  indexes: [{ properties: ['status', 'requestedAt'] }, { properties: ['telegramUserId', 'status'] }],
});

export class IdentityCheck extends IdentityCheckSchema.class {}
IdentityCheckSchema.setClass(IdentityCheck);

export const REQUEST_STATUSES = ['pending', 'approved', 'declined', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** Who may answer a family request: the person themselves, an existing guardian, or staff. */
export const APPROVERS = ['self', 'guardian', 'staff'] as const;
export type Approver = (typeof APPROVERS)[number];

/**
 * An account asks to manage someone the clinic already knows, or an adult: nothing is visible to
 * the requester until the approver agrees. For an IIN the clinic does not know (an adult), the
 * record is created only on approval, from what the requester typed (IIN encrypted).
 */
export const FamilyRequestSchema = defineEntity({
  name: 'FamilyRequest',
  tableName: 'patients_family_request',
  properties: {
    id: p.integer().primary(),
    requester: () => p.manyToOne(Patient).deleteRule('cascade'),
    dependant: () => p.manyToOne(Patient).nullable().deleteRule('cascade'),
    iinCipher: p.text(),
    iinHash: p.string().length(64),
    iinLast4: p.string().length(4),
    birthDate: p.date(),
    sex: p.enum(['male', 'female'] as const),
    lastName: p.string().length(100),
    firstName: p.string().length(100),
    middleName: p.string().length(100).nullable(),
    relation: p.enum(RELATIONS),
    approver: p.enum(APPROVERS),
    /** The typed names match the clinic's record (tolerantly); false goes to staff. */
    namesMatch: p.boolean(),
    status: p.enum(REQUEST_STATUSES).default('pending'),
    createdAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
    decidedBy: p.string().length(100).nullable(),
  },
  indexes: [{ properties: ['status', 'createdAt'] }, { properties: ['requester', 'status'] }],
});

export class FamilyRequest extends FamilyRequestSchema.class {}
FamilyRequestSchema.setClass(FamilyRequest);
