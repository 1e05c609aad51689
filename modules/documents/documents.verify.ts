import type { Language } from '../../shared/localized.ts';
import type { BackgroundDeps } from '../../shared/module.ts';
import { methodNotAllowed, routeApp } from '../../shared/routes.ts';
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
import { hitThrottle, PAGE_LIMITS } from './documents.throttle.ts';
import { normalizeVerifyCode, type VerifiedDocument, verifyDocument } from './use-cases/verify-document.ts';

export const VERIFY_PATH = '/verify';

/**
 * The public verification page: `/verify` (a form for a code typed by hand) and `/verify/<code>`
 * (the address the document's QR code opens), GET and HEAD only. It shows what proves a document
 * and never the patient's name, birth date or whole IIN; every lookup counts against the
 * address's limit, found or not.
 */
export function verifyApp(deps: BackgroundDeps) {
  const app = routeApp();
  // GET (and HEAD) only; the form's answer lives at the code's own address (the one the QR code opens).
  app.get(VERIFY_PATH, (c) => {
    const typed = c.req.query('code');
    const language = pageLanguage(c.req.raw);
    if (typed === undefined) return verifyForm(deps, language);
    const code = normalizeVerifyCode(typed);
    if (code) return seeOther(`${VERIFY_PATH}/${code}?lang=${language}`);
    return lookUp(deps, c.req.raw, c.env.client.address, '');
  });
  app.get(`${VERIFY_PATH}/:code{[^/]{1,64}}`, (c) =>
    lookUp(deps, c.req.raw, c.env.client.address, c.req.param('code')),
  );
  // Any other path under /verify is a code found nowhere, counted as a lookup all the same.
  app.get('*', (c) => lookUp(deps, c.req.raw, c.env.client.address, ''));
  app.all('*', () => methodNotAllowed('GET, HEAD', NO_STORE));
  return app;
}

async function lookUp(
  deps: BackgroundDeps,
  req: Request,
  address: string | null,
  typed: string,
): Promise<Response> {
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
  const found = await verifyDocument({ em, settings: deps.settings }, typed);
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
