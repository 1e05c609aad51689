import type { z } from 'zod';
import { actorOf } from '../../../shared/actor.ts';
import type { Language } from '../../../shared/localized.ts';
import type { TokenService } from '../../../shared/tokens.ts';
import { branchOrMain, catalogViews, clinicPhone } from '../../clinic/index.ts';
import type { AttachmentSource, DeliveryGuard } from '../../notifications/index.ts';
import { queueNotice } from '../../notifications/index.ts';
import {
  actingPatientId,
  auditPatientRead,
  auditPatientReads,
  currentConsent,
  managedPatientId,
  managedPatientIds,
  patientBriefs,
  recordConsent,
} from '../../patients/index.ts';
import { ownDoctorFor } from '../documents.access.ts';
import { type DocumentsCtx, kindOf, storage } from '../documents.context.ts';
import { documentErrors } from '../documents.errors.ts';
import type { revokeInput } from '../documents.schemas.ts';
import { type DocumentView, documentView } from '../documents.views.ts';
import { Document } from '../entities/document.entity.ts';
import { createDownloadLink } from './download-links.ts';
import { announceDocument, docText } from './issue-document.ts';

/** Views of documents, titled in `language` (a generated one by its kind, an uploaded one by its name). */
async function viewsOf(
  ctx: DocumentsCtx,
  documents: Document[],
  language: Language,
): Promise<DocumentView[]> {
  const doctorIds = [...new Set(documents.flatMap((d) => (d.doctorId ? [d.doctorId] : [])))];
  const { doctors } = await catalogViews(ctx.em, { doctorIds });
  const text = docText(ctx, language);
  return documents.map((d) => {
    const doctor = d.doctorId ? doctors.get(d.doctorId) : undefined;
    const title = d.title ?? kindTitle(ctx, d, text);
    return documentView(d, title, doctor ? { id: doctor.id, fullName: doctor.fullName } : null);
  });
}

/** A kind another module brought and later dropped still has a name: its locale key. */
function kindTitle(ctx: DocumentsCtx, d: Document, text: ReturnType<typeof docText>): string {
  try {
    return kindOf(ctx.hooks, d.kind).title(text, d.fields);
  } catch {
    return text(`doc-kind-${d.kind}`);
  }
}

/** Staff: a patient's documents, newest first; the read is audited. */
export async function staffDocumentsOf(
  ctx: DocumentsCtx,
  patientId: number,
  language: Language = 'ru',
): Promise<DocumentView[]> {
  await ownDoctorFor(ctx, patientId);
  const documents = await ctx.em.find(
    Document,
    { patientId },
    { orderBy: { issueDate: 'desc', id: 'desc' } },
  );
  auditPatientRead(ctx.em, ctx.caller, ctx.clock.now(), 'document.list', patientId);
  await ctx.em.flush();
  return viewsOf(ctx, documents, language);
}

/**
 * A document staff act on. `own`: the doctor a doctor's account is narrowed to (see ownDoctorFor),
 * null for the desk and admins.
 */
async function staffDocument(
  ctx: DocumentsCtx,
  documentId: number,
): Promise<{ document: Document; own: number | null }> {
  const document = await ctx.em.findOne(Document, documentId);
  if (!document) throw documentErrors('document_not_found');
  return { document, own: await ownDoctorFor(ctx, document.patientId) };
}

/**
 * Staff revoke a document with a reason: it stays listed (marked revoked), its file no longer goes
 * out, and the verification page says it is revoked.
 */
export async function revokeDocument(
  ctx: DocumentsCtx,
  input: z.output<typeof revokeInput>,
): Promise<DocumentView> {
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const { document, own } = await staffDocument(tx, input.documentId);
    // A doctor takes back what they signed, not a colleague's (or the lab's) document of a shared
    // patient: that is for its doctor or the desk.
    if (own !== null && document.doctorId !== own) throw documentErrors('not_your_document');
    if (document.status === 'revoked') throw documentErrors('already_revoked');
    const now = ctx.clock.now();
    document.status = 'revoked';
    document.revokedAt = now;
    document.revokedBy = actorOf(ctx.caller);
    document.revokeReason = input.reason;
    auditPatientRead(em, ctx.caller, now, 'document.revoke', document.patientId);
    await em.flush();
    return (await viewsOf(tx, [document], document.language))[0]!;
  });
}

/** Staff send a document's news again (a patient who lost it): a new message, the same document. */
export async function resendDocument(ctx: DocumentsCtx, documentId: number): Promise<{ queued: boolean }> {
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const { document } = await staffDocument(tx, documentId);
    if (document.status === 'revoked')
      throw documentErrors('revoked', { phone: await clinicPhone(em, document.branchId ?? undefined) });
    const branch = await branchOrMain(em, document.branchId);
    const queued = await announceDocument(
      tx,
      document,
      branch?.timeZone ?? 'Asia/Almaty',
      'documents.resent',
    );
    auditPatientRead(em, ctx.caller, ctx.clock.now(), 'document.resend', document.patientId);
    await em.flush();
    return { queued };
  });
}

/** The documents a Telegram user may see: their own and their dependants', grouped by person. */
export async function myDocuments(
  ctx: DocumentsCtx,
  language: Language,
): Promise<{ patient: { id: number; name: string }; documents: DocumentView[] }[]> {
  const ids = await managedPatientIds(ctx.em, ctx.caller);
  const documents = await ctx.em.find(
    Document,
    { patientId: { $in: ids } },
    { orderBy: { issueDate: 'desc', id: 'desc' } },
  );
  const views = await viewsOf(ctx, documents, language);
  const people = await patientBriefs(ctx.em, ids);
  auditPatientReads(
    ctx.em,
    ctx.caller,
    ctx.clock.now(),
    'document.list',
    documents.map((d) => d.patientId),
  );
  await ctx.em.flush();
  return ids
    .map((id) => ({
      patient: { id, name: [people.get(id)?.lastName, people.get(id)?.firstName].filter(Boolean).join(' ') },
      documents: views.filter((v) => v.patientId === id),
    }))
    .filter((group) => group.documents.length > 0);
}

/**
 * What opening a document led to: the file is on its way to the chat; a link to our server (the
 * account declined documents in Telegram); or the account was never asked, and the bot asks first.
 */
export type OpenOutcome =
  | { outcome: 'file' }
  | { outcome: 'link'; url: string; expiresAt: Date; hours: number; kind: string; number: string }
  | { outcome: 'ask'; hours: number };

/**
 * A Telegram user opens a document: it must be one of theirs or a dependant's, and valid. Then the
 * consent "medical documents in Telegram" decides how it reaches them. It is the account's own
 * answer (its patient's row in the ledger), and it covers the dependants it manages: the question
 * is whether medical files may sit in this chat, on Telegram's servers, and the chat is the
 * account's. For a child the guardian is the legal representative and answers for them anyway;
 * an adult dependant chose this guardian (guardianship of an adult needs their or staff's
 * approval). Each guardian decides for their own chat: one parent's "no" keeps files out of that
 * parent's chat only. Asked once per account, not once per person in the family.
 *
 * With it, the file goes to their chat through the delivery queue (the bot never carries the
 * bytes), at once; without it, a signed link for this Telegram account only; never asked: nothing
 * is sent and the bot asks. `answer` is the reply to that question, recorded before it counts.
 */
export async function openDocument(
  ctx: DocumentsCtx & { tokens: TokenService },
  documentId: number,
  answer?: boolean,
): Promise<OpenOutcome> {
  const telegramUserId = ctx.caller.kind === 'bot' ? ctx.caller.telegramUserId : null;
  if (!telegramUserId) throw documentErrors('document_not_found');
  return ctx.em.transactional(async (em): Promise<OpenOutcome> => {
    const tx = { ...ctx, em };
    const document = await em.findOne(Document, documentId);
    // Someone else's document and no document at all answer alike: nothing tells one from the other.
    if (!document) throw documentErrors('document_not_found');
    await managedPatientId(em, ctx.caller, document.patientId).catch(() => {
      throw documentErrors('document_not_found');
    });
    if (document.status === 'revoked')
      throw documentErrors('revoked', { phone: await clinicPhone(em, document.branchId ?? undefined) });
    const now = ctx.clock.now();
    const self = await actingPatientId(em, ctx.caller);
    if (answer !== undefined)
      await recordConsent(em, { patientId: self, purpose: 'telegram_documents', granted: answer, at: now });
    const consent = await currentConsent(em, self, 'telegram_documents');
    // The question says how long a link would work, should the answer be no.
    if (consent === null) return { outcome: 'ask', hours: ctx.settings.documents.linkHours };
    if (!consent) {
      const link = await createDownloadLink(tx, document, telegramUserId);
      auditPatientRead(em, ctx.caller, now, 'document.link', document.patientId);
      await em.flush();
      return {
        outcome: 'link',
        ...link,
        hours: ctx.settings.documents.linkHours,
        kind: document.kind,
        number: document.number,
      };
    }
    const branch = await branchOrMain(em, document.branchId);
    await queueNotice(tx, {
      purpose: 'documents.file',
      target: `document:${document.id}@${now.getTime()}`,
      to: { telegramUserId, patientId: document.patientId },
      template: 'doc-file',
      params: { kind: { text: `doc-kind-${document.kind}` }, number: document.number },
      media: { type: 'document', attachment: { kind: DOCUMENT_FILE, documentId: document.id } },
      priority: 'urgent',
      timeZone: branch?.timeZone ?? 'Asia/Almaty',
      subject: { kind: 'document', id: document.id },
      guard: { kind: 'document', documentId: document.id },
    });
    auditPatientRead(em, ctx.caller, now, 'document.view', document.patientId);
    await em.flush();
    return { outcome: 'file' };
  });
}

export const DOCUMENT_FILE = 'document-file';

/** The file of a delivery: read from storage when it is sent; a revoked or gone one is not sent. */
export const documentFileAttachment: AttachmentSource = {
  kind: DOCUMENT_FILE,
  async load(em, spec) {
    const document = await em.findOne(Document, spec.documentId as number);
    if (!document || document.status === 'revoked') return null;
    const bytes = await storage.get(em, document.fileKey);
    return bytes && { bytes, filename: document.fileName };
  },
};

/** A document's message goes only while the document is still valid. */
export const documentGuard: DeliveryGuard = async (em, spec) =>
  (await em.count(Document, { id: spec.documentId as number, status: 'valid' })) > 0;
