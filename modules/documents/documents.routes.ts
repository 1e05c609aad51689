import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Language } from '../../shared/localized.ts';
import type { BackgroundDeps, ModuleRoute } from '../../shared/module.ts';
import { appRoute, methodNotAllowed, type RouteEnv, routeApp } from '../../shared/routes.ts';
import { isoDateOf } from '../../shared/time.ts';
import {
  escapeHtml,
  formatDate,
  htmlPage,
  minutesUntil,
  NO_STORE,
  type PageText,
  pageLanguage,
  seeOther,
  textsOf,
} from './documents.pages.ts';
import { VERIFY_PATH, verifyApp } from './documents.verify.ts';
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

/** The browser's proof that it typed a link's code (see link-access.ts), sent back only to link pages. */
const GRANT_COOKIE = 'emhana_doc_grant';
const LINK_PREFIX = '/documents/d';
/** A link's page and its file; a token is a signed JWT (base64url parts and dots). */
const LINK_PAGE = `${LINK_PREFIX}/:token{[A-Za-z0-9_.-]{1,2000}}`;
const LINK_FILE = `${LINK_PAGE}/file`;

/** What a link page's form posts: ask for a code, or type the one that came. */
const linkForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('send') }),
  z.object({ action: z.literal('confirm'), code: z.string().default('') }),
]);

/** An open link, found by the middleware before its page or file is answered. */
interface LinkEnv extends RouteEnv {
  Variables: {
    ctx: LinkCtx;
    state: Extract<LinkState, { kind: 'open' }>;
    language: Language;
    text: PageText;
    /** The page's own address (it holds the token). */
    self: string;
    /** Whether this browser has typed the link's code. */
    grant: boolean;
  };
}

/**
 * The documents' pages outside the API: a download link's page (`/documents/d/<token>`, its file
 * at `…/file`, here) and the public verification page (`/verify`, `/verify/<code>`, in
 * documents.verify.ts). Neither writes a token, a code or anything about a patient to the logs.
 */
export function documentRoutes(deps: BackgroundDeps): ModuleRoute[] {
  return [appRoute(LINK_PREFIX, linkApp(deps)), appRoute(VERIFY_PATH, verifyApp(deps))];
}

function linkApp(deps: BackgroundDeps) {
  const app = routeApp<LinkEnv>();
  // Whatever the method, a link that gives no file says so first (not found, expired, revoked).
  const openLink: MiddlewareHandler<LinkEnv> = async (c, next) => {
    const ctx: LinkCtx = { em: deps.em(), clock: deps.clock, settings: deps.settings, tokens: deps.tokens };
    const token = c.req.param('token') ?? '';
    const state = await resolveLink(ctx, token);
    const language = pageLanguage(c.req.raw, state.kind === 'open' ? state.language : null);
    const text = textsOf(deps, language);
    if (state.kind !== 'open') return closedLinkPage(deps, state, language, text);
    c.set('ctx', ctx);
    c.set('state', state);
    c.set('language', language);
    c.set('text', text);
    c.set('self', `${LINK_PREFIX}/${token}`);
    c.set('grant', await hasGrant(ctx, state.link, getCookie(c, GRANT_COOKIE) || null));
    await next();
  };
  app.use(LINK_PAGE, openLink);
  app.use(LINK_FILE, openLink);

  // GET only: every answer with the file is a download, recorded as one (so not HEAD, which
  // Hono would answer with this route).
  app.get(LINK_FILE, async (c) => {
    if (c.req.method !== 'GET') return methodNotAllowed('GET', NO_STORE);
    const { ctx, state, language, text, self } = c.var;
    if (!c.var.grant)
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
        ...NO_STORE,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
    });
  });
  app.all(LINK_FILE, () => methodNotAllowed('GET', NO_STORE));

  app.post(LINK_PAGE, async (c) => {
    const { ctx, state, language, text, self } = c.var;
    const back = `${self}?lang=${language}`;
    // The form's fields whatever the body is declared as (a browser's form is urlencoded).
    const form = linkForm.safeParse(Object.fromEntries(new URLSearchParams(await c.req.text())));
    if (!form.success) return seeOther(back);
    if (form.data.action === 'send') {
      const sent = await sendLinkCode(ctx, state.link);
      if (sent.kind === 'sent') return seeOther(back);
      const notice =
        sent.kind === 'wait'
          ? text('docweb-code-wait', { seconds: sent.seconds })
          : text('docweb-code-locked');
      return linkPage(ctx, state, { language, text, notice, status: 429 });
    }
    const outcome = await confirmLinkCode(ctx, state.link, form.data.code, c.env.client.address);
    if (outcome.kind === 'confirmed') {
      setCookie(c, GRANT_COOKIE, outcome.grant, {
        path: `${LINK_PREFIX}/`,
        maxAge: GRANT_SECONDS,
        httpOnly: true,
        sameSite: 'Strict',
        secure: deps.settings.documents.publicUrl.startsWith('https:'),
      });
      c.header('cache-control', 'no-store');
      return c.redirect(back, 303);
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
  });
  // HEAD too (Hono answers it with this route), as a GET: the opening is audited alike.
  app.get(LINK_PAGE, async (c) => {
    const { ctx, state, language, text, self } = c.var;
    await auditLinkOpened(ctx, state.link);
    if (c.var.grant) return readyPage(deps, state.document, self, language, text);
    return linkPage(ctx, state, { language, text });
  });
  app.all(LINK_PAGE, () => methodNotAllowed('GET, HEAD, POST', NO_STORE));

  // Any other path under the prefix (a malformed token, a trailing slash) is a link not found.
  app.all('*', (c) => {
    const language = pageLanguage(c.req.raw);
    return closedLinkPage(deps, { kind: 'not_found' }, language, textsOf(deps, language));
  });
  return app;
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
