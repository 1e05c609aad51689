import type { BackgroundDeps } from '../../shared/module.ts';
import { dropEndedWindows } from './documents.throttle.ts';
import { DocumentLink } from './entities/document.entity.ts';

/**
 * How long an expired link's row is kept: while it is, its page still says "expired" with the
 * link's own hours (a patient opening Friday's link on Monday learns why it does not work);
 * after that a token past its time still reads as expired by its own signed expiry, so nothing
 * is lost but the row. Its codes are void from the moment it expires.
 */
export const LINK_GRACE_MS = 7 * 86_400_000;

/**
 * With the minutely dispatch (a pg-boss cron job, by the app clock): expired download links past
 * their grace are deleted, and the page throttles' ended windows with them. One indexed delete
 * each, cheap enough to run every minute, so a moved sandbox clock sees it at once.
 */
export async function dispatchDocuments(deps: Pick<BackgroundDeps, 'em' | 'clock' | 'log'>): Promise<void> {
  const em = deps.em();
  const now = deps.clock.now();
  const links = await em.nativeDelete(DocumentLink, {
    expiresAt: { $lt: new Date(now.getTime() - LINK_GRACE_MS) },
  });
  const windows = await dropEndedWindows(em, now);
  if (links || windows) deps.log.info({ links, windows }, 'documents housekeeping');
}
