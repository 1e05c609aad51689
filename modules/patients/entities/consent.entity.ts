import { defineEntity, p } from '@mikro-orm/core';
import { Patient } from './patient.entity.ts';

/**
 * What a person agrees to. `telegram_documents`: medical documents may arrive as files in their
 * Telegram chat (Telegram keeps them on its servers); without it they get a link to our server.
 */
export const CONSENT_PURPOSES = ['personal_data', 'medical_data', 'marketing', 'telegram_documents'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/**
 * The consent ledger: every grant and withdrawal, with the version of the text the person saw.
 * Never updated, only appended; the current state is the latest row per purpose.
 */
export const ConsentRecordSchema = defineEntity({
  name: 'ConsentRecord',
  tableName: 'patients_consent_record',
  properties: {
    id: p.integer().primary(),
    patient: () => p.manyToOne(Patient).deleteRule('cascade'),
    purpose: p.enum(CONSENT_PURPOSES),
    textVersion: p.string().length(40),
    granted: p.boolean(),
    at: p.datetime(),
    channel: p.enum(['telegram', 'staff'] as const),
  },
  indexes: [
    // A person's current consent is their latest row for the purpose (at, then id): read backwards
    // from this index alone, with no sort, once per person when an audience of 100,000 is counted.
    {
      name: 'patients_consent_record_latest',
      expression:
        'create index "patients_consent_record_latest" on "patients_consent_record" ("patient_id", "purpose", "at", "id") include ("granted")',
    },
  ],
});

export class ConsentRecord extends ConsentRecordSchema.class {}
ConsentRecordSchema.setClass(ConsentRecord);
