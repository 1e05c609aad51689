/**
 * The audit log: who read or changed which patient's data, when and through what. Every module
 * writes it through `audit` (patients' door passes it on as `auditPatientRead`); admins read and
 * export it. Its own module, not a part of patients: every module writes it, reading it names staff
 * accounts and tokens (auth), and entries without a patient (a refused callback) belong to no one.
 */
import { defineModule } from '../../shared/module.ts';
import { auditErrors } from './audit.errors.ts';
import { auditRouter } from './audit.router.ts';
import { AuditEntry } from './entities/audit-entry.entity.ts';

export { audit, auditReads, auditRepeatedRead } from './audit.record.ts';
export type { AuditActorView, AuditEntryView, AuditExportView } from './audit.schemas.ts';
export { AUDIT_EXPORT_MAX_ROWS } from './use-cases/read-log.ts';

export const auditModule = defineModule({
  name: 'audit',
  entities: [AuditEntry],
  routers: { audit: auditRouter },
  errors: auditErrors,
});
