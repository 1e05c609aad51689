import { maskIin } from '../../shared/iin.ts';
import type { Language } from '../../shared/localized.ts';
import { isoDateOf } from '../../shared/time.ts';
import type { ConsentPurpose } from './entities/consent.entity.ts';
import type { Patient, Relation } from './entities/patient.entity.ts';
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

/** What the bot needs on every update: which language, and whether (as whom) the user is registered. */
export interface MeView {
  language: Language | null;
  registered: boolean;
  /** The patient the account is, once registered (a booking for someone else is told apart by it). */
  patientId: number | null;
  firstName: string | null;
  /** The question registration is at ('done' once registered): what a typed answer answers. */
  registrationStep: RegistrationStep;
}

export interface RegistrationView {
  step: RegistrationStep;
  language: Language | null;
  consentVersion: string;
  /**
   * At the verify step: whether codes go out by SMS, and whether the desk was asked (then the
   * request's reference, which the person tells the registrar).
   */
  verify: { sms: boolean; deskRequested: boolean; deskReference: string | null } | null;
  /** Once registered: the first name of the clinic's record (the greeting). */
  firstName: string | null;
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
  relation: Relation;
}

/** A request this account sent: only what the requester typed, never the clinic's data. */
export interface OutgoingRequestView {
  id: number;
  lastName: string;
  firstName: string;
  relation: Relation;
  createdAt: Date;
}

export interface FamilyView {
  dependants: DependantView[];
  requests: OutgoingRequestView[];
}

/** Someone who manages (or managed) the acting patient's visits. */
export interface GuardianView {
  linkId: number;
  name: string;
  relation: Relation;
  active: boolean;
  /** Why it ended, when it did: the person may give access back. */
  endedReason: 'dependant_registered' | 'came_of_age' | 'ended_by_dependant' | 'ended_by_staff' | null;
}

/** A guardianship as staff see it. */
export interface StaffGuardianView {
  linkId: number;
  guardian: { id: number; name: string };
  relation: Relation;
  active: boolean;
  /** "creator" (brought a new child), or who approved it. */
  grantedBy: string;
  createdAt: Date;
  endedReason: GuardianView['endedReason'];
}

/** A family request as staff see it in the queue. */
export interface FamilyRequestStaffView {
  id: number;
  requester: { id: number; name: string };
  typed: {
    lastName: string;
    firstName: string;
    middleName: string | null;
    birthDate: string;
    iinMasked: string;
  };
  relation: Relation;
  approver: 'self' | 'guardian' | 'staff';
  namesMatch: boolean;
  /** The clinic's record with that IIN, if there is one. */
  record: { id: number; name: string; birthDate: string } | null;
  status: 'pending' | 'approved' | 'declined' | 'cancelled';
  createdAt: Date;
}

/** A desk verification as staff see it: what the person typed, and the record it would open. */
export interface IdentityCheckView {
  id: number;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  typed: {
    lastName: string | null;
    firstName: string | null;
    middleName: string | null;
    birthDate: string | null;
    sex: 'male' | 'female' | null;
    iinMasked: string | null;
    phone: string | null;
  };
  /** null: the clinic does not know this IIN, approving creates a new record. */
  record: { id: number; name: string; birthDate: string; phoneMasked: string | null } | null;
  /** Other people waiting to be confirmed with the same IIN: look twice before approving. */
  otherPendingForIin: number;
}

export const displayName = (p: { lastName: string; firstName: string }) => `${p.lastName} ${p.firstName}`;
