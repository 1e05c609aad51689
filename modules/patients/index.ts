/** Patients: registration and proof of identity, profile, consents, family and guardianship. */
import { AuditEntry, ConsentRecord } from './entities/consent.entity.ts';
import { FamilyRequest, IdentityCheck, SmsCode } from './entities/identity.entity.ts';
import { FamilyLink, Patient, TelegramAccount } from './entities/patient.entity.ts';
import { RegistrationDraft } from './entities/registration-draft.entity.ts';
import { patientErrors } from './patients.errors.ts';
import { SMS_QUEUE } from './patients.jobs.ts';

export type { ErasureItem, ErasureStep } from './patients.hooks.ts';
export { dispatchPatients, SMS_QUEUE, type SmsOutcome, type SmsSender, sendCode } from './patients.jobs.ts';
export { sealLegacyPhones } from './patients.phone.ts';
export type { RegistrationStep } from './patients.policy.ts';
export { CONSENT_TEXT_VERSION } from './patients.policy.ts';
export { patientRecipients } from './patients.recipients.ts';
export { patientsRouter } from './patients.router.ts';
export { DEFAULT_PATIENTS_SETTINGS, type PatientsSettings } from './patients.settings.ts';
export type {
  DependantView,
  MeView,
  PatientSummary,
  ProfileView,
  RegistrationView,
} from './patients.views.ts';
export { findPatients, type StaffPatientView } from './use-cases/find-patients.ts';
export { managedPatient, managedPatientIds } from './use-cases/manage-family.ts';
export { Patient, TelegramAccount };

export const patientsModule = {
  name: 'patients',
  entities: [
    Patient,
    TelegramAccount,
    FamilyLink,
    FamilyRequest,
    ConsentRecord,
    AuditEntry,
    RegistrationDraft,
    SmsCode,
    IdentityCheck,
  ],
  errors: patientErrors,
  queues: [SMS_QUEUE],
};
