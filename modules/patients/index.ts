/** Patients: registration through the bot, profile, consents, family. */
import { AuditEntry, ConsentRecord } from './entities/consent.entity.ts';
import { FamilyLink, Patient, TelegramAccount } from './entities/patient.entity.ts';
import { RegistrationDraft } from './entities/registration-draft.entity.ts';
import { patientErrors } from './patients.errors.ts';

export type { RegistrationStep } from './patients.policy.ts';
export { CONSENT_TEXT_VERSION } from './patients.policy.ts';
export { patientsRouter } from './patients.router.ts';
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
  entities: [Patient, TelegramAccount, FamilyLink, ConsentRecord, AuditEntry, RegistrationDraft],
  errors: patientErrors,
};
