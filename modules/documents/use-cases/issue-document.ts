import { createHash, randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { actorOf } from '../../../shared/actor.ts';
import { BUTTONS } from '../../../shared/buttons.ts';
import type { Language } from '../../../shared/localized.ts';
import { localDate } from '../../../shared/time.ts';
import { visitFacts } from '../../booking/index.ts';
import { branchOrMain, catalogViews } from '../../clinic/index.ts';
import { queueNotice } from '../../notifications/index.ts';
import { auditPatientRead, patientBriefs, patientLanguage } from '../../patients/index.ts';
import { ownDoctorFor } from '../documents.access.ts';
import { type DocumentsCtx, kindOf, storage } from '../documents.context.ts';
import { documentErrors } from '../documents.errors.ts';
import type { DocText, DocumentKind } from '../documents.kinds.ts';
import { renderDocument } from '../documents.pdf.ts';
import type { issueInput } from '../documents.schemas.ts';
import { type DocumentView, documentView } from '../documents.views.ts';
import { Document } from '../entities/document.entity.ts';

/** Crockford's base32 without look-alikes: a code read off paper and typed by hand. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The short code of the verification page: 10 characters, 50 random bits, never guessed. */
export const newVerifyCode = (): string =>
  Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/** The next number of a kind in a year (`НАП-2026-000042`): a row lock per prefix and year. */
export async function nextNumber(em: EntityManager, prefix: string, year: number): Promise<string> {
  const [row] = (await em.execute(
    `insert into documents_counter (prefix, year, last) values (?, ?, 1)
     on conflict (prefix, year) do update set last = documents_counter.last + 1
     returning last`,
    [prefix, year],
  )) as { last: number }[];
  return `${prefix}-${year}-${String(row!.last).padStart(6, '0')}`;
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The texts of a document in its language (locales, keys `doc-…`). */
export function docText(ctx: Pick<DocumentsCtx, 'settings'>, language: Language): DocText {
  const texts = ctx.settings.documents.texts;
  if (!texts) throw new Error('documents need the renderer port (the locales) to write a page');
  return (key, params) => texts.plain(language, key, params ?? {});
}

/** Who, which visit and which doctor a document is about, checked against each other. */
export interface DocumentSubject {
  patientId: number;
  appointmentId?: number | null;
  doctorId?: number | null;
  branchId?: number | null;
}

export async function resolveSubject(ctx: DocumentsCtx, subject: DocumentSubject) {
  const patient = (await patientBriefs(ctx.em, [subject.patientId])).get(subject.patientId);
  if (!patient) throw documentErrors('patient_not_found');
  let { doctorId = null, branchId = null } = subject;
  doctorId = (await ownDoctorFor(ctx, patient.id)) ?? doctorId;
  if (subject.appointmentId) {
    const visit = await visitFacts(ctx.em, subject.appointmentId);
    // A visit of someone else is never a document's visit: the document would show up in their list.
    if (!visit || visit.patientId !== patient.id) throw documentErrors('visit_not_of_patient');
    doctorId ??= visit.doctorId;
    branchId ??= visit.branchId;
  }
  const views = await catalogViews(ctx.em, { doctorIds: doctorId ? [doctorId] : [] });
  const doctor = doctorId ? views.doctors.get(doctorId) : null;
  if (doctorId && !doctor) throw documentErrors('doctor_not_found');
  const branch = await branchOrMain(ctx.em, branchId);
  return { patient, doctor: doctor ?? null, branch };
}

/**
 * Files a document: the bytes into storage, the row with its number, an audit entry, and the news
 * to the patient (or every guardian) through the delivery queue, all in the caller's transaction,
 * so a document exists exactly when it is announced.
 */
export async function fileDocument(
  ctx: DocumentsCtx,
  doc: {
    number: string;
    verifyCode: string;
    kind: DocumentKind;
    subject: DocumentSubject & { doctorId: number | null; branchId: number | null };
    issueDate: string;
    language: Language;
    source: 'generated' | 'uploaded';
    fields: Record<string, unknown> | null;
    title: string | null;
    bytes: Uint8Array;
    fileName: string;
    mimeType: Document['mimeType'];
    timeZone: string;
    /** The bytes' SHA-256 when it was taken as they arrived (an upload); computed here otherwise. */
    sha256?: string;
  },
): Promise<Document> {
  const { em } = ctx;
  const fileKey = await storage.put(em, doc.bytes);
  const document = em.create(Document, {
    number: doc.number,
    kind: doc.kind.key,
    patientId: doc.subject.patientId,
    appointmentId: doc.subject.appointmentId ?? null,
    doctorId: doc.subject.doctorId,
    branchId: doc.subject.branchId,
    issueDate: doc.issueDate,
    language: doc.language,
    source: doc.source,
    fields: doc.fields,
    title: doc.title,
    verifyCode: doc.verifyCode,
    fileKey,
    fileName: doc.fileName,
    mimeType: doc.mimeType,
    sizeBytes: doc.bytes.byteLength,
    sha256: doc.sha256 ?? sha256Of(doc.bytes),
    issuedBy: actorOf(ctx.caller),
  });
  em.persist(document);
  await em.flush();
  auditPatientRead(em, ctx.caller, ctx.clock.now(), `document.issue.${doc.kind.key}`, doc.subject.patientId);
  await announceDocument(ctx, document, doc.timeZone);
  await em.flush();
  return document;
}

/** "A new document": to the patient and every guardian, care priority, with an "Open" button. */
export async function announceDocument(
  ctx: Pick<DocumentsCtx, 'em' | 'clock' | 'settings'>,
  document: Document,
  timeZone: string,
  purpose = 'documents.issued',
): Promise<boolean> {
  return queueNotice(ctx, {
    purpose,
    target: `document:${document.id}@${ctx.clock.now().getTime()}`,
    to: { patientId: document.patientId },
    template: 'doc-new',
    params: { kind: { text: `doc-kind-${document.kind}` }, number: document.number },
    buttons: [[{ label: 'doc-open', data: BUTTONS.openDocument.data({ documentId: document.id }) }]],
    priority: 'care',
    timeZone,
    subject: { kind: 'document', id: document.id },
    guard: { kind: 'document', documentId: document.id },
  });
}

/**
 * Staff issue a document from structured data: the kind's fields checked, the page written in the
 * patient's language unless another is asked, numbered, stored and announced.
 */
export async function issueDocument(
  ctx: DocumentsCtx,
  input: z.output<typeof issueInput>,
): Promise<DocumentView> {
  const kind = kindOf(ctx.hooks, input.kind);
  if (kind.moduleOnly) throw documentErrors('kind_unknown', { kind: kind.key });
  return writeDocument(ctx, kind, input);
}

/**
 * Another module issues a document of its own kind (payments: a receipt), in the caller's
 * transaction, announced like any other.
 */
export async function issueModuleDocument(
  ctx: DocumentsCtx,
  input: z.output<typeof issueInput>,
): Promise<DocumentView> {
  return writeDocument(ctx, kindOf(ctx.hooks, input.kind), input);
}

async function writeDocument(
  ctx: DocumentsCtx,
  kind: DocumentKind,
  input: z.output<typeof issueInput>,
): Promise<DocumentView> {
  if (!kind.fields) throw documentErrors('kind_upload_only', { kind: kind.key });
  const parsed = kind.fields.safeParse(input.fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw documentErrors('fields_invalid', { path: issue.path.join('.'), message: issue.message });
  }
  const fields = parsed.data as Record<string, unknown>;
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const { patient, doctor, branch } = await resolveSubject(tx, input);
    const language = input.language ?? (await patientLanguage(em, patient.id));
    const timeZone = branch?.timeZone ?? 'Asia/Almaty';
    const issueDate = localDate(ctx.clock.now(), timeZone);
    const number = await nextNumber(em, kind.prefix, Number(issueDate.slice(0, 4)));
    const verifyCode = newVerifyCode();
    const text = docText(ctx, language);
    const bytes = await renderDocument(
      kind,
      fields,
      {
        clinicName: ctx.settings.documents.clinicName,
        clinicLicence: ctx.settings.documents.clinicLicence,
        branch: branch && {
          name: branch.name[language],
          address: branch.address[language],
          phone: branch.phone,
        },
        timeZone,
        number,
        issueDate,
        patient: {
          fullName: [patient.lastName, patient.firstName, patient.middleName].filter(Boolean).join(' '),
          birthDate: patient.birthDate,
          iinMasked: patient.iinMasked,
        },
        doctor: doctor && { fullName: doctor.fullName, specialty: doctor.specialty[language] },
        verifyUrl: `${ctx.settings.documents.publicUrl}/verify/${verifyCode}`,
        verifyCode,
      },
      text,
      language,
    );
    const document = await fileDocument(tx, {
      number,
      verifyCode,
      kind,
      subject: { ...input, doctorId: doctor?.id ?? null, branchId: branch?.id ?? null },
      issueDate,
      language,
      source: 'generated',
      fields,
      title: null,
      bytes,
      fileName: `${number}.pdf`,
      mimeType: 'application/pdf',
      timeZone,
    });
    return documentView(
      document,
      kind.title(text, fields),
      doctor && { id: doctor.id, fullName: doctor.fullName },
    );
  });
}
