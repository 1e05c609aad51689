import { LANGUAGES, type Language } from '../../shared/localized.ts';
import type { BackgroundDeps } from '../../shared/module.ts';
import type { NoticeParam, Renderer } from '../notifications/index.ts';

/**
 * The HTML of the documents' public pages (the download page and the verification page): plain
 * server-rendered forms, no script, every text from the locales, in Russian or Kazakh with a
 * switch. Nothing here is cached or indexed, and the page never sends its address (which holds a
 * link's token) to anyone as a referrer.
 */

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** 17.05.2026, as dates are written in Kazakhstan in both languages. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/** A page's texts in its language; values are escaped by the renderer. */
export type PageText = (key: string, params?: Record<string, NoticeParam>) => string;

export function pageText(renderer: Renderer, language: Language): PageText {
  return (key, params) => renderer.render(language, key, params ?? {});
}

/**
 * The language of a page: the one the visitor switched to (`?lang=`), else the one the page's
 * subject is in (a link's account's, a document's), else the browser's (Kazakh when it asks for Kazakh), else Russian.
 */
export function pageLanguage(req: Request, subject?: Language | null): Language {
  const asked = new URL(req.url).searchParams.get('lang');
  if (asked && (LANGUAGES as readonly string[]).includes(asked)) return asked as Language;
  if (subject) return subject;
  const accept = req.headers.get('accept-language') ?? '';
  return /^\s*kk\b/i.test(accept) ? 'kk' : 'ru';
}

export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
} as const;

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0;
  background: #f3f6f9; color: #1c2733; }
main { max-width: 560px; margin: 0 auto; padding: 24px 16px; }
.card { background: #fff; border-radius: 12px; padding: 20px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
h1 { font-size: 1.35rem; margin: 0 0 12px; }
h2 { font-size: 1rem; margin: 20px 0 0; }
p { line-height: 1.45; }
nav.lang { text-align: right; margin-bottom: 12px; font-size: .95rem; }
nav.lang a { color: #2a6fa8; margin-left: 10px; }
nav.lang a[aria-current] { color: #1c2733; font-weight: 600; text-decoration: none; }
.clinic { color: #5b6b7a; margin-bottom: 8px; }
form { margin: 16px 0 0; }
input[type=text] { font-size: 1.3rem; padding: 8px 10px; width: 12ch; letter-spacing: .12em; }
button, a.button { font-size: 1rem; padding: 10px 16px; border-radius: 8px; border: 0; background: #2a6fa8;
  color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #e4ebf2; color: #1c2733; }
.notice { padding: 10px 12px; border-radius: 8px; background: #fff5e0; margin: 12px 0; }
.status { font-size: 1.15rem; font-weight: 600; padding: 10px 12px; border-radius: 8px; }
.status.valid { background: #e3f6e8; } .status.revoked { background: #fde7e7; }
dl { margin: 12px 0; }
dt { color: #5b6b7a; font-size: .9rem; margin-top: 10px; }
dd { margin: 2px 0 0; overflow-wrap: anywhere; }
.hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; font-size: .9rem; }
small { color: #5b6b7a; }
`;

/** A whole page: the language switch (same address, the other language), the heading, the body. */
export function htmlPage(options: {
  language: Language;
  text: PageText;
  title: string;
  body: string;
  status?: number;
  headers?: Record<string, string>;
}): Response {
  const switcher = LANGUAGES.map((l) =>
    l === options.language
      ? `<a href="?lang=${l}" aria-current="true">${options.text(`web-lang-${l}`)}</a>`
      : `<a href="?lang=${l}" data-testid="lang-${l}">${options.text(`web-lang-${l}`)}</a>`,
  ).join('');
  const html = `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${options.title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<nav class="lang">${switcher}</nav>
<div class="card">
<h1 data-testid="title">${options.title}</h1>
${options.body}
</div>
</main>
</body>
</html>
`;
  return new Response(html, {
    status: options.status ?? 200,
    headers: { ...PAGE_HEADERS, ...options.headers },
  });
}

/** A page's texts, from the renderer the server provides (the locales). */
export function textsOf(deps: BackgroundDeps, language: Language): PageText {
  const renderer = deps.settings.documents.texts;
  if (!renderer) throw new Error('the documents pages need the renderer port (the locales)');
  return pageText(renderer, language);
}

/** Nothing the pages answer is kept by a cache: each holds a token, a code or a verdict of now. */
export const NO_STORE = { 'cache-control': 'no-store' };

export const seeOther = (location: string, headers: Record<string, string> = {}) =>
  new Response(null, { status: 303, headers: { location, ...NO_STORE, ...headers } });

/** Whole minutes until a time, at least one: what a page tells a person to wait. */
export const minutesUntil = (until: Date, now: Date) =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
