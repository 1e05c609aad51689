import type { Language } from '../../shared/localized.ts';
import { isoDateOf } from '../../shared/time.ts';
import type { Document, DocumentStatus } from './entities/document.entity.ts';

/** A document as staff and the bot see it: never the file, never the verification code's owner. */
export interface DocumentView {
  id: number;
  number: string;
  kind: string;
  title: string;
  patientId: number;
  appointmentId: number | null;
  doctor: { id: number; fullName: string } | null;
  issueDate: string;
  language: Language;
  source: 'generated' | 'uploaded';
  status: DocumentStatus;
  revokedAt: Date | null;
  revokeReason: string | null;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
}

export const documentView = (
  d: Document,
  title: string,
  doctor: { id: number; fullName: string } | null,
): DocumentView => ({
  id: d.id,
  number: d.number,
  kind: d.kind,
  title,
  patientId: d.patientId,
  appointmentId: d.appointmentId ?? null,
  doctor,
  issueDate: isoDateOf(d.issueDate),
  language: d.language,
  source: d.source,
  status: d.status,
  revokedAt: d.revokedAt ?? null,
  revokeReason: d.revokeReason ?? null,
  fileName: d.fileName,
  mimeType: d.mimeType,
  sizeBytes: d.sizeBytes,
  sha256: d.sha256,
});
