import { Buffer } from 'node:buffer';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../shared/clock.ts';
import type { Language } from '../../../shared/localized.ts';
import type { BotCaller } from '../../../shared/roles.ts';
import type { TokenService } from '../../../shared/tokens.ts';
import type { ModuleSettings } from '../../../shared/trpc.ts';
import { branchOrMain, clinicPhone } from '../../clinic/index.ts';
import { queueNotice } from '../../notifications/index.ts';
import { accountView, auditPatientRead, managedPatientId } from '../../patients/index.ts';
import { storage } from '../documents.context.ts';
import { hitThrottle, PAGE_LIMITS } from '../documents.throttle.ts';
import { type Document, DocumentLink } from '../entities/document.entity.ts';
import { LINK_AUDIENCE } from './download-links.ts';

/**
 * Who opens a download link must prove they are the Telegram account it was given to: a link can
 * be forwarded or read over a shoulder. The page asks the bot to send a one-time code to that
 * account's chat and lets the file go only once the code is typed back. A code, rather than a
 * "Yes, it's me" button in the chat: it needs nothing from the bot but one queued message (no
 * callback to route, no page polling), works the same in webhook and polling mode, and binds
 * the proof to the browser that types it (a button tapped on the phone would also unlock a
 * stranger's browser that happened to be waiting on the same link at that moment).
 */
export const LINK_CODE = {
  /** How long a code works. */
  ttlMs: 10 * 60_000,
  /** Wrong tries of one code before it is void: 5 in a million of guessing it. */
  triesPerCode: 5,
  /** Codes one link may send in its life: a link cannot be used to flood the patient's chat. */
  codesPerLink: 5,
  /** The least time between two codes of one link. */
  resendAfterMs: 60_000,
} as const;

/** The audience of the short-lived proof (a cookie) that this browser typed the link's code. */
export const GRANT_AUDIENCE = 'emhana-document-grant';
/** How long a confirmed browser may download without a new code. */
export const GRANT_SECONDS = 15 * 60;

export type LinkCtx = {
  em: EntityManager;
  clock: Clock;
  settings: ModuleSettings;
  tokens: TokenService;
};

/** What a link's token leads to, as its page tells it. */
export type LinkState =
  | { kind: 'not_found' }
  | { kind: 'expired' }
  | { kind: 'revoked'; phone: string }
  /** `language`: the link's account's own, else the document's (what its page speaks first). */
  | { kind: 'open'; link: DocumentLink; document: Document; language: Language };

/** The link's account as the audit log and the family rules know it (ids only). */
const linkCaller = (link: DocumentLink): BotCaller => ({
  kind: 'bot',
  name: 'document-link',
  telegramUserId: link.telegramUserId,
  link: true,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Reads a link's token: forged, tampered or made for another audience (an API token) is "not
 * found", like a link whose row is gone; a token or row past its time is "expired"; a revoked
 * document, or one its account no longer manages (a guardianship ended), gives no file.
 */
export async function resolveLink(ctx: LinkCtx, token: string): Promise<LinkState> {
  const claims = await ctx.tokens.verifyFor(LINK_AUDIENCE, token);
  if (claims === 'expired') return { kind: 'expired' };
  if (claims === 'invalid' || typeof claims.lid !== 'string' || !UUID.test(claims.lid))
    return { kind: 'not_found' };
  const link = await ctx.em.findOne(DocumentLink, claims.lid, { populate: ['document'] });
  if (!link) return { kind: 'not_found' };
  if (link.expiresAt <= ctx.clock.now()) return { kind: 'expired' };
  const document = link.document;
  if (document.status === 'revoked')
    return { kind: 'revoked', phone: await clinicPhone(ctx.em, document.branchId ?? undefined) };
  const allowed = await managedPatientId(ctx.em, linkCaller(link), document.patientId).then(
    () => true,
    () => false,
  );
  if (!allowed) return { kind: 'not_found' };
  // The same language as the code message the bot will send to that account.
  const language = (await accountView(ctx.em, link.telegramUserId)).language ?? document.language;
  return { kind: 'open', link, document, language };
}

/** Records what happened through a link, as its account (`tg:<id>`), under `document.link.*`. */
async function auditLink(ctx: LinkCtx, link: DocumentLink, action: string): Promise<void> {
  auditPatientRead(
    ctx.em,
    linkCaller(link),
    ctx.clock.now(),
    `document.link.${action}`,
    link.document.patientId,
  );
  await ctx.em.flush();
}

/** Every opening of a link's page is recorded, confirmed or not: the patient can see who tried. */
export const auditLinkOpened = (ctx: LinkCtx, link: DocumentLink) => auditLink(ctx, link, 'open');

const codeHash = (linkId: string, code: string) =>
  createHash('sha256').update(`${linkId}:${code}`).digest('hex');

export type SendCodeOutcome =
  | { kind: 'sent' }
  | { kind: 'wait'; seconds: number }
  /** This link has sent all the codes it may. */
  | { kind: 'locked' };

/**
 * Sends a fresh code to the link's account through the delivery queue (urgent: someone is
 * waiting at the page), voiding any earlier one. The limits are checked and the code stored in
 * one statement, so parallel presses cannot send more than allowed.
 */
export async function sendLinkCode(ctx: LinkCtx, link: DocumentLink): Promise<SendCodeOutcome> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = ctx.clock.now();
  return ctx.em.transactional(async (em) => {
    const rows = (await em.execute(
      `update documents_link
         set code_hash = ?, code_sent_at = ?, code_attempts = 0, codes_sent = codes_sent + 1
       where id = ? and codes_sent < ? and (code_sent_at is null or code_sent_at <= ?)
       returning codes_sent`,
      [
        codeHash(link.id, code),
        now,
        link.id,
        LINK_CODE.codesPerLink,
        new Date(now.getTime() - LINK_CODE.resendAfterMs),
      ],
    )) as { codes_sent: number }[];
    if (!rows[0]) {
      const [row] = (await em.execute('select codes_sent, code_sent_at from documents_link where id = ?', [
        link.id,
      ])) as { codes_sent: number; code_sent_at: Date | null }[];
      if (!row || row.codes_sent >= LINK_CODE.codesPerLink) return { kind: 'locked' as const };
      const next = new Date(row.code_sent_at!).getTime() + LINK_CODE.resendAfterMs;
      return { kind: 'wait' as const, seconds: Math.max(1, Math.ceil((next - now.getTime()) / 1000)) };
    }
    const document = link.document;
    const branch = await branchOrMain(em, document.branchId);
    // The code sits in the delivery's row like any message text; it is void once used, after
    // LINK_CODE.ttlMs, or when the link is cleaned up, so a copy of it there opens nothing.
    await queueNotice(
      { em, clock: ctx.clock, settings: ctx.settings },
      {
        purpose: 'documents.link_code',
        target: `link:${link.id}#${rows[0].codes_sent}`,
        // Only while this account still may hear about the patient.
        to: { telegramUserId: link.telegramUserId, patientId: document.patientId },
        template: 'docweb-code-message',
        params: { code, minutes: LINK_CODE.ttlMs / 60_000 },
        priority: 'urgent',
        timeZone: branch?.timeZone ?? 'Asia/Almaty',
        subject: { kind: 'document', id: document.id },
      },
    );
    await auditLink({ ...ctx, em }, link, 'code');
    return { kind: 'sent' as const };
  });
}

export type ConfirmOutcome =
  | { kind: 'confirmed'; grant: string }
  | { kind: 'wrong'; triesLeft: number }
  /** No code in force (none sent, used, expired, or tried too often): ask for a new one. */
  | { kind: 'spent' }
  | { kind: 'throttled'; until: Date };

/**
 * Checks a typed code: counted against the client's address (across links) and against the
 * code's own tries before it is compared, in constant time, with the one sent. Right: the code
 * is spent and the browser gets a short-lived grant (a signed token for its own audience, kept
 * in a cookie) to download this link's file.
 */
export async function confirmLinkCode(
  ctx: LinkCtx,
  link: DocumentLink,
  typed: string,
  clientAddress: string | null,
): Promise<ConfirmOutcome> {
  const now = ctx.clock.now();
  const until = await hitThrottle(ctx.em, `code:${clientAddress ?? 'unknown'}`, PAGE_LIMITS.code, now);
  if (until) return { kind: 'throttled', until };
  const [row] = (await ctx.em.execute(
    `update documents_link set code_attempts = code_attempts + 1
     where id = ? and code_hash is not null and code_attempts < ? and code_sent_at > ?
     returning code_hash, code_attempts`,
    [link.id, LINK_CODE.triesPerCode, new Date(now.getTime() - LINK_CODE.ttlMs)],
  )) as { code_hash: string; code_attempts: number }[];
  if (!row) return { kind: 'spent' };
  const digits = typed.replace(/\s/g, '');
  const right =
    /^\d{6}$/.test(digits) &&
    timingSafeEqual(Buffer.from(codeHash(link.id, digits), 'hex'), Buffer.from(row.code_hash, 'hex'));
  if (!right) {
    const triesLeft = LINK_CODE.triesPerCode - row.code_attempts;
    if (triesLeft <= 0)
      await ctx.em.execute('update documents_link set code_hash = null where id = ? and code_hash = ?', [
        link.id,
        row.code_hash,
      ]);
    return triesLeft > 0 ? { kind: 'wrong', triesLeft } : { kind: 'spent' };
  }
  // Spent once: of two requests racing with the same right code, one wins.
  const spent = (await ctx.em.execute(
    'update documents_link set code_hash = null where id = ? and code_hash = ? returning id',
    [link.id, row.code_hash],
  )) as unknown[];
  if (!spent.length) return { kind: 'spent' };
  await auditLink(ctx, link, 'confirm');
  return {
    kind: 'confirmed',
    grant: await ctx.tokens.signFor(GRANT_AUDIENCE, { lid: link.id }, GRANT_SECONDS),
  };
}

/** Whether a browser's grant (its cookie) is a live proof for this very link. */
export async function hasGrant(ctx: LinkCtx, link: DocumentLink, grant: string | null): Promise<boolean> {
  if (!grant) return false;
  const claims = await ctx.tokens.verifyFor(GRANT_AUDIENCE, grant);
  return typeof claims === 'object' && claims.lid === link.id;
}

/** The file of a confirmed link, its download recorded; null when the bytes are gone. */
export async function downloadThroughLink(
  ctx: LinkCtx,
  link: DocumentLink,
): Promise<{ bytes: Uint8Array; fileName: string; mimeType: string } | null> {
  const document = link.document;
  const bytes = await storage.get(ctx.em, document.fileKey);
  if (!bytes) return null;
  link.downloadedAt = ctx.clock.now();
  await auditLink(ctx, link, 'download');
  return { bytes, fileName: document.fileName, mimeType: document.mimeType };
}
