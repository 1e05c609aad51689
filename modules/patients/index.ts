/** Patients: registration and proof of identity, profile, consents, family and guardianship. */

import { defineModule } from '../../shared/module.ts';
import { ConsentRecord } from './entities/consent.entity.ts';
import { FamilyRequest, IdentityCheck, SmsCode } from './entities/identity.entity.ts';
import { FamilyLink, Patient, TelegramAccount } from './entities/patient.entity.ts';
import { RegistrationDraft } from './entities/registration-draft.entity.ts';
import { patientErrors } from './patients.errors.ts';
import { dispatchPatients, SMS_QUEUE, smsWorker } from './patients.jobs.ts';
import { sealPhonesAtStart } from './patients.phone.ts';
import { patientRecipients } from './patients.recipients.ts';
import { patientsRouter } from './patients.router.ts';
import { patientsEnv, patientsSettings } from './patients.settings.ts';

export type { ConsentPurpose } from './entities/consent.entity.ts';
export { audit as auditPatientRead, auditReads as auditPatientReads } from './patients.access.ts';
export type { ErasureItem, ErasureStep } from './patients.hooks.ts';
export type { RegistrationStep } from './patients.policy.ts';
export type { PatientsSettings } from './patients.settings.ts';
export type {
  DependantView,
  MeView,
  PatientSummary,
  ProfileView,
  RegistrationView,
} from './patients.views.ts';
export {
  type AgeRange,
  audienceReadersSql,
  type PatientAudience,
  patientAudienceSql,
} from './use-cases/audience.ts';
export { actingPatientId, currentConsent, recordConsent } from './use-cases/consents.ts';
export {
  findPatients,
  type PatientContact,
  patientContacts,
  type StaffPatientView,
} from './use-cases/find-patients.ts';
export { managedPatientId, managedPatientIds } from './use-cases/manage-family.ts';
export { type PatientBrief, patientBriefs, patientLanguage } from './use-cases/patient-lookup.ts';
export { accountView } from './use-cases/register-patient.ts';

export const patientsModule = defineModule({
  name: 'patients',
  entities: [
    Patient,
    TelegramAccount,
    FamilyLink,
    FamilyRequest,
    ConsentRecord,
    RegistrationDraft,
    SmsCode,
    IdentityCheck,
  ],
  routers: { patients: patientsRouter },
  errors: patientErrors,
  queues: [SMS_QUEUE],
  workers: [smsWorker],
  dispatch: dispatchPatients,
  hookPoints: ['patientErasure'],
  hooks: { noticeRecipients: [patientRecipients] },
  env: patientsEnv,
  settings: patientsSettings,
  startup: sealPhonesAtStart,
});
