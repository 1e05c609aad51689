import { randomUUID } from 'node:crypto';
import type { TokenService } from '../../../shared/tokens.ts';
import type { DocumentsCtx } from '../documents.context.ts';
import { type Document, DocumentLink } from '../entities/document.entity.ts';

/** The audience of download-link tokens: they open a download, never the API. */
export const LINK_AUDIENCE = 'emhana-document-link';

/**
 * A signed link to a document's download page for one Telegram account, valid for the configured
 * hours (48 by default). The token carries only the link's id; the row holds who and what.
 */
export async function createDownloadLink(
  ctx: Pick<DocumentsCtx, 'em' | 'clock' | 'settings'> & { tokens: TokenService },
  document: Document,
  telegramUserId: number,
): Promise<{ url: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  const hours = ctx.settings.documents.linkHours;
  const link = ctx.em.create(DocumentLink, {
    id: randomUUID(),
    document,
    telegramUserId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + hours * 3_600_000),
  });
  ctx.em.persist(link);
  await ctx.em.flush();
  const token = await ctx.tokens.signFor(LINK_AUDIENCE, { lid: link.id }, hours * 3600);
  return { url: `${ctx.settings.documents.publicUrl}/documents/d/${token}`, expiresAt: link.expiresAt };
}
