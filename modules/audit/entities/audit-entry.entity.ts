import { defineEntity, p } from '@mikro-orm/core';
import { AUDIT_VIAS } from '../../../shared/actor.ts';

/**
 * Who read or changed patient data, what they did, when and through what (never the data itself).
 * Appended by every module through this module's door and never updated. The table keeps the name
 * it had when patients owned it, so old rows, dumps and reports stay where they were.
 */
export const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'patients_audit_entry',
  properties: {
    id: p.bigint('number').primary(),
    /** `staff:<account id>`, `service:<token name>`, `tg:<Telegram user id>`, `system`, `anonymous`. */
    actor: p.string().length(100),
    action: p.string().length(60),
    patientId: p.integer().nullable(),
    at: p.datetime(),
    via: p.enum(AUDIT_VIAS),
  },
  // The log is read newest first (at, then id, for entries of one instant), by patient, by actor
  // or whole: each filter walks its own index backwards, with no sort.
  indexes: [
    { name: 'patients_audit_entry_patient', properties: ['patientId', 'at', 'id'] },
    { name: 'patients_audit_entry_actor', properties: ['actor', 'at', 'id'] },
    { name: 'patients_audit_entry_at', properties: ['at', 'id'] },
  ],
});

export class AuditEntry extends AuditEntrySchema.class {}
AuditEntrySchema.setClass(AuditEntry);
