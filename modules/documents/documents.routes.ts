import type { Language } from '../../shared/localized.ts';
import type { BackgroundDeps, ModuleRoute } from '../../shared/module.ts';
import { isoDateOf } from '../../shared/time.ts';
import {
  escapeHtml,
  formatDate,
  htmlPage,
  type PageText,
  pageLanguage,
  pageText,
} from './documents.pages.ts';
import { hitThrottle, PAGE_LIMITS } from './documents.throttle.ts';
import type { Document, DocumentLink } from './entities/document.entity.ts';
import {
  auditLinkOpened,
  confirmLinkCode,
  downloadThroughLink,
  GRANT_SECONDS,
  hasGrant,
  LINK_CODE,
  type LinkCtx,
  type LinkState,
  resolveLink,
  sendLinkCode,
} from './use-cases/link-access.ts';
import { normalizeVerifyCode, type VerifiedDocument, verifyDocument } from './use-cases/verify-document.ts';

/** The browser's proof that it typed a link's code (see link-access.ts), sent back only to link pages. */
const GRANT_COOKIE = 'emhana_doc_grant';
const LINK_PREFIX = '/documents/d';

/**
 * The documents' pages outside the API: a download link's page (`/documents/d/<token>`, its file
 * at `…/file`) and the public verification page (`/verify`, `/verify/<code>`). Neither writes a
 * token, a code or anything about a patient to the logs.
 */
export function documentRoutes(deps: BackgroundDeps): ModuleRoute[] {
  return [
    { prefix: LINK_PREFIX, handle: (req, client) => linkRoute(deps, req, client.address) },
    { prefix: '/verify', handle: (req, client) => verifyRoute(deps, req, client.address) },
  ];
}

function textsOf(deps: BackgroundDeps, language: Language): PageText {
  const renderer = deps.settings.documents.texts;
  if (!renderer) throw new Error('the documents pages need the renderer port (the locales)');
  return pageText(renderer, language);
}

const methodNotAllowed = (allow: string) =>
  new Response('method not allowed', { status: 405, headers: { allow, 'cache-control': 'no-store' } });

const seeOther = (location: string, headers: Record<string, string> = {}) =>
  new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', ...headers } });

const minutesUntil = (until: Date, now: Date) =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));

function cookieOf(req: Request, name: string): string | null {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=') || null;
  }
  return null;
}

// ---- Download links --------------------------------------------------------------------------

async function linkRoute(deps: BackgroundDeps, req: Request, address: string | null): Promise<Response> {
  const url = new URL(req.url);
  const match = /^\/documents\/d\/([A-Za-z0-9_.-]{1,2000})(\/file)?$/.exec(url.pathname);
  const ctx: LinkCtx = { em: deps.em(), clock: deps.clock, settings: deps.settings, tokens: deps.tokens };
  const state: LinkState = match ? await resolveLink(ctx, match[1]!) : { kind: 'not_found' };
  const language = pageLanguage(req, state.kind === 'open' ? state.language : null);
  const text = textsOf(deps, language);
  if (state.kind !== 'open') return closedLinkPage(deps, state, language, text);
  const token = match![1]!;
  const self = `${LINK_PREFIX}/${token}`;
  const grant = await hasGrant(ctx, state.link, cookieOf(req, GRANT_COOKIE));

  if (match![2]) {
    // GET only: every answer with the file is a download, recorded as one.
    if (req.method !== 'GET') return methodNotAllowed('GET');
    if (!grant)
      return htmlPage({
        language,
        text,
        title: text('docweb-confirm-title'),
        body: `<p data-testid="confirm-first">${text('docweb-confirm-first')}</p>
<p><a class="button" href="${self}?lang=${language}">${text('docweb-send-code')}</a></p>`,
        status: 403,
      });
    const file = await downloadThroughLink(ctx, state.link);
    if (!file) return closedLinkPage(deps, { kind: 'not_found' }, language, text);
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        'content-type': file.mimeType,
        'content-length': String(file.bytes.byteLength),
        'content-disposition': attachment(file.fileName),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
    });
  }

  const back = `${self}?lang=${language}`;
  if (req.method === 'POST') {
    const form = new URLSearchParams(await req.text());
    const action = form.get('action');
    if (action === 'send') {
      const sent = await sendLinkCode(ctx, state.link);
      if (sent.kind === 'sent') return seeOther(back);
      const notice =
        sent.kind === 'wait'
          ? text('docweb-code-wait', { seconds: sent.seconds })
          : text('docweb-code-locked');
      return linkPage(ctx, state, { language, text, notice, status: 429 });
    }
    if (action === 'confirm') {
      const outcome = await confirmLinkCode(ctx, state.link, form.get('code') ?? '', address);
      if (outcome.kind === 'confirmed') {
        const secure = deps.settings.documents.publicUrl.startsWith('https:') ? '; Secure' : '';
        return seeOther(back, {
          'set-cookie': `${GRANT_COOKIE}=${outcome.grant}; Path=${LINK_PREFIX}/; Max-Age=${GRANT_SECONDS}; HttpOnly; SameSite=Strict${secure}`,
        });
      }
      if (outcome.kind === 'throttled')
        return linkPage(ctx, state, {
          language,
          text,
          notice: text('docweb-too-many', { minutes: minutesUntil(outcome.until, deps.clock.now()) }),
          status: 429,
          headers: {
            'retry-after': String(Math.ceil((outcome.until.getTime() - deps.clock.now().getTime()) / 1000)),
          },
        });
      if (outcome.kind === 'wrong')
        return linkPage(ctx, state, {
          language,
          text,
          notice: text('docweb-code-wrong', { left: outcome.triesLeft }),
          status: 400,
        });
      // The code is void now (its row changed after this page's copy was read): offer a new one.
      return linkPage(ctx, state, {
        language,
        text,
        notice: text('docweb-code-spent'),
        status: 400,
        noCode: true,
      });
    }
    return seeOther(back);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed('GET, HEAD, POST');
  await auditLinkOpened(ctx, state.link);
  if (grant) return readyPage(deps, state.document, self, language, text);
  return linkPage(ctx, state, { language, text });
}

/** `attachment` with the name in ASCII for old clients and in full (RFC 6266) for the rest. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The page of a link that gives no file: not found, expired or revoked. */
function closedLinkPage(
  deps: BackgroundDeps,
  state: Exclude<LinkState, { kind: 'open' }>,
  language: Language,
  text: PageText,
): Response {
  const [title, body, status] =
    state.kind === 'expired'
      ? [
          text('docweb-expired-title'),
          text('docweb-expired-text', { hours: deps.settings.documents.linkHours }),
          410,
        ]
      : state.kind === 'revoked'
        ? [text('docweb-revoked-title'), text('docweb-revoked-text', { phone: state.phone }), 410]
        : [text('docweb-not-found-title'), text('docweb-not-found-text'), 404];
  return htmlPage({
    language,
    text,
    title,
    body: `<p data-testid="state" data-state="${state.kind}">${body}</p>`,
    status,
  });
}

/** A link not yet confirmed in this browser: get a code, or type the one that came. */
function linkPage(
  ctx: LinkCtx,
  state: Extract<LinkState, { kind: 'open' }>,
  options: {
    language: Language;
    text: PageText;
    notice?: string;
    status?: number;
    headers?: Record<string, string>;
    /** No code is in force, whatever the page's copy of the link says. */
    noCode?: boolean;
  },
): Response {
  const { language, text } = options;
  const link: DocumentLink = state.link;
  const codeInForce =
    !options.noCode &&
    !!link.codeHash &&
    !!link.codeSentAt &&
    link.codeSentAt.getTime() > ctx.clock.now().getTime() - LINK_CODE.ttlMs;
  const hidden = `<input type="hidden" name="lang" value="${language}">`;
  const notice = options.notice ? `<p class="notice" data-testid="notice">${options.notice}</p>` : '';
  const sendForm = (label: string, secondary: boolean) =>
    `<form method="post">${hidden}<input type="hidden" name="action" value="send">` +
    `<button type="submit"${secondary ? ' class="secondary"' : ''} data-testid="send-code">${label}</button></form>`;
  const body = codeInForce
    ? `${notice}<p>${text('docweb-code-sent', { minutes: LINK_CODE.ttlMs / 60_000 })}</p>
<form method="post">${hidden}<input type="hidden" name="action" value="confirm">
<label>${text('docweb-code-label')}<br>
<input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required data-testid="code"></label>
<p><button type="submit" data-testid="confirm">${text('docweb-code-submit')}</button></p></form>
${sendForm(text('docweb-code-resend'), true)}`
    : `<p class="clinic">${escapeHtml(ctx.settings.documents.clinicName)}</p>
<p>${text('docweb-confirm-text', { clinic: ctx.settings.documents.clinicName })}</p>${notice}
${
  // A link that has sent all its codes offers none: the bot gives a new link.
  link.codesSent >= LINK_CODE.codesPerLink
    ? options.notice
      ? ''
      : `<p class="notice" data-testid="notice">${text('docweb-code-locked')}</p>`
    : sendForm(text('docweb-send-code'), false)
}`;
  return htmlPage({
    language,
    text,
    title: text('docweb-confirm-title'),
    body,
    status: options.status,
    headers: options.headers,
  });
}

/** A confirmed browser: what the document is, and the button that downloads it. */
function readyPage(
  deps: BackgroundDeps,
  document: Document,
  self: string,
  language: Language,
  text: PageText,
): Response {
  const summary = text('docweb-ready-text', {
    kind: { text: `doc-kind-${document.kind}` },
    number: document.number,
    date: formatDate(isoDateOf(document.issueDate)),
  });
  return htmlPage({
    language,
    text,
    title: text('docweb-ready-title'),
    body: `<p class="clinic">${escapeHtml(deps.settings.documents.clinicName)}</p>
<p data-testid="summary">${summary}</p>
<p><a class="button" href="${self}/file" data-testid="download">${text('docweb-download')}</a></p>
<p><small>${text('docweb-ready-note', { minutes: GRANT_SECONDS / 60 })}</small></p>`,
  });
}

// ---- Verification ----------------------------------------------------------------------------

async function verifyRoute(deps: BackgroundDeps, req: Request, address: string | null): Promise<Response> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed('GET, HEAD');
  const url = new URL(req.url);
  if (url.pathname === '/verify') {
    const typed = url.searchParams.get('code');
    const language = pageLanguage(req);
    if (typed === null) return verifyForm(deps, language);
    // The form's answer lives at the code's own address (the one the QR code opens).
    const code = normalizeVerifyCode(typed);
    if (code) return seeOther(`/verify/${code}?lang=${language}`);
  }
  const typed = /^\/verify\/([^/]{1,64})$/.exec(url.pathname)?.[1] ?? '';
  const em = deps.em();
  const now = deps.clock.now();
  // Every lookup counts, found or not, malformed or not: the answer never tells which is cheaper.
  const until = await hitThrottle(em, `verify:${address ?? 'unknown'}`, PAGE_LIMITS.verify, now);
  if (until) {
    const language = pageLanguage(req);
    const text = textsOf(deps, language);
    return htmlPage({
      language,
      text,
      title: text('verify-title'),
      body: `<p class="notice" data-testid="notice">${text('verify-too-many', { minutes: minutesUntil(until, now) })}</p>`,
      status: 429,
      headers: { 'retry-after': String(Math.ceil((until.getTime() - now.getTime()) / 1000)) },
    });
  }
  const found = await verifyDocument({ em, settings: deps.settings }, safeDecode(typed));
  const language = pageLanguage(req, found?.language);
  const text = textsOf(deps, language);
  if (!found)
    return htmlPage({
      language,
      text,
      title: text('verify-not-found-title'),
      body: `<p data-testid="state" data-state="not_found">${text('verify-not-found-text')}</p>${codeForm(text, language)}`,
      status: 404,
    });
  return htmlPage({
    language,
    text,
    title: text('verify-title'),
    body: verifiedBody(found, language, text),
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function codeForm(text: PageText, language: Language): string {
  return `<form method="get" action="/verify"><input type="hidden" name="lang" value="${language}">
<label>${text('verify-code-label')}<br>
<input type="text" name="code" maxlength="20" autocomplete="off" autocapitalize="characters" required data-testid="verify-code"></label>
<p><button type="submit" data-testid="verify-submit">${text('verify-submit')}</button></p></form>`;
}

function verifyForm(deps: BackgroundDeps, language: Language): Response {
  const text = textsOf(deps, language);
  return htmlPage({
    language,
    text,
    title: text('verify-title'),
    body: `<p>${text('verify-intro')}</p>${codeForm(text, language)}`,
  });
}

function verifiedBody(found: VerifiedDocument, language: Language, text: PageText): string {
  const status =
    found.status === 'valid'
      ? `<p class="status valid" data-testid="status" data-status="valid">${text('verify-valid')}</p>`
      : `<p class="status revoked" data-testid="status" data-status="revoked">${text('verify-revoked', {
          date: formatDate(found.revokedOn ?? ''),
        })}</p>`;
  const clinic = [found.clinic.name, found.clinic.branch?.[language]].filter(Boolean).join(', ');
  const rows: [string, string, string][] = [
    ['kind', text('verify-kind'), text(`doc-kind-${found.kind}`)],
    ['number', text('verify-number'), escapeHtml(found.number)],
    ['date', text('verify-date'), formatDate(found.issueDate)],
    ['clinic', text('verify-clinic'), escapeHtml(clinic)],
    ...(found.doctor
      ? [['doctor', text('verify-doctor'), escapeHtml(found.doctor)] as [string, string, string]]
      : []),
    ['patient', text('verify-patient'), escapeHtml(found.initials)],
    ['iin', text('verify-iin'), escapeHtml(found.iinMasked)],
    ['sha256', text('verify-sha'), `<span class="hash">${escapeHtml(found.sha256)}</span>`],
  ];
  return `${status}
<dl>${rows.map(([id, label, value]) => `<dt>${label}</dt><dd data-testid="${id}">${value}</dd>`).join('\n')}</dl>
<p><small>${text('verify-sha-note')}</small></p>
<h2>${text('verify-another')}</h2>
${codeForm(text, language)}`;
}
