import { z } from 'zod';
import { LANGUAGES } from '../../shared/localized.ts';
import { botProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import * as s from './documents.schemas.ts';
import { issueDocument } from './use-cases/issue-document.ts';
import {
  myDocuments,
  openDocument,
  resendDocument,
  revokeDocument,
  staffDocumentsOf,
} from './use-cases/manage-documents.ts';

/** Who issues and manages documents: doctors write them, the desk hands out and re-sends. */
const issuers = () => staffProcedure('admin', 'doctor', 'registrar');

export const documentsRouter = router({
  /** The documents of the acting patient and their dependants, grouped by person, newest first. */
  mine: botProcedure
    .input(z.object({ language: z.enum(LANGUAGES) }))
    .query(({ ctx, input }) => myDocuments(ctx, input.language)),
  /**
   * The caller's own or a dependant's document: the file arrives in the chat, or a download link
   * comes back, or the answer says the consent must be asked first.
   */
  open: botProcedure
    .input(s.documentIdInput)
    .mutation(({ ctx, input }) => openDocument(ctx, input.documentId)),
  /** The answer to "receive medical documents here in Telegram?", then the document it was asked for. */
  answerConsent: botProcedure
    .input(s.consentAnswerInput)
    .mutation(({ ctx, input }) => openDocument(ctx, input.documentId, input.granted)),

  staff: router({
    issue: issuers()
      .input(s.issueInput)
      .mutation(({ ctx, input }) => issueDocument(ctx, input)),
    list: issuers()
      .input(s.patientDocumentsInput)
      .query(({ ctx, input }) => staffDocumentsOf(ctx, input.patientId)),
    revoke: issuers()
      .input(s.revokeInput)
      .mutation(({ ctx, input }) => revokeDocument(ctx, input)),
    resend: issuers()
      .input(s.documentIdInput)
      .mutation(({ ctx, input }) => resendDocument(ctx, input.documentId)),
  }),
});
