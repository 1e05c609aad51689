import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import { LANGUAGES } from '../../../shared/localized.ts';
import { searchNameOf } from '../../../shared/person-name.ts';

export const SEXES = ['male', 'female'] as const;

type Names = { lastName: string; firstName: string; middleName?: string | null };
/** See searchNameOf in shared/person-name.ts: Kazakh, Russian and Latin spellings folded alike. */
const searchNameOfPatient = (e: Names): string => searchNameOf([e.lastName, e.firstName, e.middleName]);

/**
 * A person the clinic serves: registered through the bot, added as someone's dependant, or
 * entered by staff. The IIN and the phone are stored encrypted with a keyed hash for lookups; only
 * the IIN's last four digits are kept in clear, for showing it masked.
 */
export const PatientSchema = defineEntity({
  name: 'Patient',
  tableName: 'patients_patient',
  properties: {
    id: p.integer().primary(),
    lastName: p.string().length(100),
    firstName: p.string().length(100),
    middleName: p.string().length(100).nullable(),
    /**
     * The name as staff search it (see searchNameOf): written on create and update, never by hand.
     * A row written past the ORM (an older build, a raw seed) has '' until its next update, and is
     * found by IIN or phone meanwhile. Text, not varchar: the skeleton can be longer than the name
     * (я → иа, x → кс).
     */
    searchName: p
      .text()
      .default('')
      .hidden()
      .onCreate((e: Names) => searchNameOfPatient(e))
      .onUpdate((e: Names) => searchNameOfPatient(e)),
    iinCipher: p.text().hidden(),
    iinHash: p.string().length(64).unique().hidden(),
    iinLast4: p.string().length(4),
    birthDate: p.date(),
    sex: p.enum(SEXES),
    /** The phone on record (E.164), sealed; its keyed hash finds and compares it without opening it. */
    phoneCipher: p.text().nullable().hidden(),
    phoneHash: p.string().length(64).nullable().hidden(),
    /**
     * Whether that phone is the patient's own. False when the desk was given someone else's (a
     * daughter's number for her mother): it stays the number to call, but proves nothing, so
     * sharing it in the bot or a code sent to it never links an account to this record.
     */
    phoneIsOwn: p.boolean().default(true),
    /**
     * A phone stored in clear before phones were sealed: start-up seals it into the two fields
     * above and clears it (see sealLegacyPhones); kept only until every database has been through that.
     */
    legacyPhone: p.string().length(20).nullable().hidden().name('phone'),
    /** Set when the person asked to delete their data: identity kept for medical records only. */
    erasedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
  indexes: [
    { properties: ['phoneHash'] },
    // Word prefixes (the search), then trigrams (its fallback for near spellings): see find-patients.ts.
    {
      name: 'patients_patient_search_name_words',
      expression: `create index "patients_patient_search_name_words" on "patients_patient" using gin (to_tsvector('simple', "search_name"))`,
    },
    {
      name: 'patients_patient_search_name_trgm',
      expression:
        'create index "patients_patient_search_name_trgm" on "patients_patient" using gin ("search_name" gin_trgm_ops)',
    },
  ],
});

export class Patient extends PatientSchema.class {}
PatientSchema.setClass(Patient);

/**
 * A Telegram user as the bot knows them, from the first tap on: their language and, once
 * registered, the patient they are. One Telegram account per patient.
 */
export const TelegramAccountSchema = defineEntity({
  name: 'TelegramAccount',
  tableName: 'patients_telegram_account',
  properties: {
    telegramUserId: p.bigint('number').primary(),
    patient: () => p.oneToOne(Patient).nullable().unique().deleteRule('set null'),
    language: p.enum(LANGUAGES).nullable(),
    /** When the user blocked the bot (Telegram answers 403); cleared when they come back. */
    blockedAt: p.datetime().nullable(),
    registeredAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
});

export class TelegramAccount extends TelegramAccountSchema.class {}
TelegramAccountSchema.setClass(TelegramAccount);

export const RELATIONS = ['child', 'parent', 'spouse', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Why a guardianship ended (the dependant may give it back while the row is kept). */
export const LINK_END_REASONS = [
  'dependant_registered',
  'came_of_age',
  'ended_by_dependant',
  'ended_by_staff',
] as const;

/**
 * Someone a patient manages in the bot: a child, an elderly parent. Given, never taken: a link is
 * created for a new child the guardian brings, or when an existing guardian, the person
 * themselves or staff approve a request (see FamilyRequest). A link given for a minor ends when
 * they come of age or register their own account, unless they keep it.
 */
export const FamilyLinkSchema = defineEntity({
  name: 'FamilyLink',
  tableName: 'patients_family_link',
  properties: {
    id: p.integer().primary(),
    guardian: () => p.manyToOne(Patient).deleteRule('cascade'),
    dependant: () => p.manyToOne(Patient).deleteRule('cascade'),
    relation: p.enum(RELATIONS),
    status: p.enum(['active', 'ended'] as const).default('active'),
    /** Given while the dependant was a minor: it ends when they come of age. */
    untilAdult: p.boolean().default(false),
    /** Who gave it ("creator" for a new child's record, or the approving actor). */
    grantedBy: p.string().length(100).default('creator'),
    endedAt: p.datetime().nullable(),
    endedReason: p.enum(LINK_END_REASONS).nullable(),
    createdAt: p.datetime().onCreate(appNow),
  },
  uniques: [{ properties: ['guardian', 'dependant'] }],
  indexes: [{ properties: ['dependant', 'status'] }],
});

export class FamilyLink extends FamilyLinkSchema.class {}
FamilyLinkSchema.setClass(FamilyLink);
