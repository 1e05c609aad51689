import { z } from 'zod';
import { rowIdSchema as id } from '../../shared/ids.ts';
import { LANGUAGES } from '../../shared/localized.ts';
import { isoDateSchema } from '../../shared/time.ts';

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

/**
 * An uploaded file's description, from the upload's query string (the body is the file itself):
 * numbers arrive as text. The file's name, if sent, is ignored: the bytes say what it is.
 */
export const uploadInput = z.object({
  patientId: z.coerce.number().pipe(id),
  /** Any kind, a generated one or one that is only ever uploaded, the plugged-in ones included. */
  kind: z.string().min(1).max(40),
  /** What staff call it ("ОАК от 12.03"); the kind's name when not given. */
  title: z.string().trim().min(1).max(200).optional(),
  appointmentId: z.coerce.number().pipe(id).optional(),
  doctorId: z.coerce.number().pipe(id).optional(),
  branchId: z.coerce.number().pipe(id).optional(),
  /** The patient's language when not given. */
  language: z.enum(LANGUAGES).optional(),
  /** The day the lab or the other system issued it; today (the branch's day) when not given. */
  issueDate: isoDateSchema.optional(),
});

/** What an upload says of its file (the query string of POST /documents/upload). */
export type UploadDescription = z.output<typeof uploadInput>;
