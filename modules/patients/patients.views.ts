import { maskIin } from '../../shared/iin.ts';
import type { Language } from '../../shared/localized.ts';
import { isoDateOf } from '../../shared/time.ts';
import type { ConsentPurpose } from './entities/consent.entity.ts';
import type { Patient } from './entities/patient.entity.ts';
import type { RegistrationStep } from './patients.policy.ts';

export interface PatientSummary {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** Last four digits only. */
  iinMasked: string;
  birthDate: string;
  sex: 'male' | 'female';
}

export const patientSummary = (p: Patient): PatientSummary => ({
  id: p.id,
  lastName: p.lastName,
  firstName: p.firstName,
  middleName: p.middleName ?? null,
  iinMasked: maskIin(p.iinLast4),
  birthDate: isoDateOf(p.birthDate),
  sex: p.sex,
});

/** What the bot needs on every update: which language, and whether the user is registered. */
export interface MeView {
  language: Language | null;
  registered: boolean;
  firstName: string | null;
}

export interface RegistrationView {
  step: RegistrationStep;
  language: Language | null;
  consentVersion: string;
  draft: {
    phone: string | null;
    lastName: string | null;
    firstName: string | null;
    middleName: string | null;
    iinMasked: string | null;
    birthDate: string | null;
    sex: 'male' | 'female' | null;
    marketingOptIn: boolean | null;
  };
}

export interface ConsentState {
  granted: boolean;
  at: Date;
  version: string;
}

export interface ProfileView extends PatientSummary {
  phone: string | null;
  language: Language;
  consents: Partial<Record<ConsentPurpose, ConsentState>>;
}

export interface DependantView extends PatientSummary {
  relation: 'child' | 'parent' | 'spouse' | 'other';
}
