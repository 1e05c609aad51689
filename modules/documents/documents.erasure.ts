import type { ErasureStep } from '../patients/index.ts';
import { Document, DocumentLink } from './entities/document.entity.ts';

/**
 * Documents' part in "delete my data": nothing is undone. Documents are medical records the clinic
 * must keep, so they stay with the patient's record (staff still find them, the verification page
 * still answers); what the patients module unlinks is the Telegram account, and with it go the
 * download links made out to it, so none of them opens a file any more. The patient is told so
 * before confirming (profile-delete-confirm).
 */
export const documentsErasure: ErasureStep = {
  async preview() {
    return [];
  },

  async apply(ctx, patientIds) {
    const documents = await ctx.em.find(Document, { patientId: { $in: patientIds } }, { fields: ['id'] });
    if (documents.length)
      await ctx.em.nativeDelete(DocumentLink, { document: { $in: documents.map((d) => d.id) } });
    // Nothing cancelled: the documents are kept.
    return 0;
  },
};
