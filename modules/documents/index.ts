/**
 * Documents: referrals, prescriptions, certificates, visit summaries and lab results, generated as
 * PDFs or uploaded, delivered in the bot, verifiable by anyone.
 */
import { defineModule, foreignKey } from '../../shared/module.ts';
import { documentsErasure } from './documents.erasure.ts';
import { documentErrors } from './documents.errors.ts';
import { dispatchDocuments } from './documents.jobs.ts';
import { documentsRouter } from './documents.router.ts';
import { documentRoutes } from './documents.routes.ts';
import { documentsEnv, documentsSettings } from './documents.settings.ts';
import { uploadRoutes } from './documents.upload.ts';
import { Document, DocumentCounter, DocumentLink, StoredFile } from './entities/document.entity.ts';
import { PageThrottle } from './entities/throttle.entity.ts';
import { documentFileAttachment, documentGuard } from './use-cases/manage-documents.ts';

export type { DocumentsCtx } from './documents.context.ts';
export { type DocText, type DocumentKind, defineDocumentKind } from './documents.kinds.ts';
export type { UploadDescription } from './documents.schemas.ts';
export type { DocumentsSettings } from './documents.settings.ts';
export type { DocumentView } from './documents.views.ts';
export { issueModuleDocument } from './use-cases/issue-document.ts';

export const documentsModule = defineModule({
  name: 'documents',
  entities: [Document, StoredFile, DocumentCounter, DocumentLink, PageThrottle],
  foreignKeys: [
    foreignKey(Document, 'patientId', 'Patient'),
    foreignKey(Document, 'appointmentId', 'Appointment'),
    foreignKey(Document, 'doctorId', 'Doctor'),
    foreignKey(Document, 'branchId', 'Branch'),
  ],
  routers: { documents: documentsRouter },
  errors: documentErrors,
  dispatch: dispatchDocuments,
  routes: (deps) => [...documentRoutes(deps), ...uploadRoutes(deps)],
  hookPoints: ['documentKinds'],
  deliveryChecks: { document: documentGuard },
  hooks: { deliveryAttachments: [documentFileAttachment], patientErasure: [documentsErasure] },
  env: documentsEnv,
  settings: documentsSettings,
});
