import { z } from 'zod';
import { LANGUAGES } from '../../shared/localized.ts';

const id = z.number().int().positive();

/** A generated document: the kind's fields are checked by the kind itself (kinds come from modules). */
export const issueInput = z.object({
  patientId: id,
  kind: z.string().min(1).max(40),
  fields: z.record(z.string(), z.unknown()),
  appointmentId: id.nullish(),
  doctorId: id.nullish(),
  branchId: id.nullish(),
  /** The patient's language when not given. */
  language: z.enum(LANGUAGES).nullish(),
});

export const patientDocumentsInput = z.object({ patientId: id });
export const documentIdInput = z.object({ documentId: id });
export const consentAnswerInput = z.object({ documentId: id, granted: z.boolean() });
export const revokeInput = z.object({ documentId: id, reason: z.string().trim().min(1).max(1000) });
