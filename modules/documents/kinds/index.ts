import type { DocumentKind } from '../documents.kinds.ts';
import { certificateKind } from './certificate.ts';
import { labResultsKind } from './lab-results.ts';
import { prescriptionKind } from './prescription.ts';
import { referralKind } from './referral.ts';
import { visitSummaryKind } from './visit-summary.ts';

/** The medical kinds a clinic in Kazakhstan issues; other modules add theirs through a hook. */
export const MEDICAL_KINDS: readonly DocumentKind[] = [
  referralKind,
  prescriptionKind,
  certificateKind,
  visitSummaryKind,
  labResultsKind,
] as DocumentKind[];
