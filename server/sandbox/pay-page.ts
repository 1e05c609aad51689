/**
 * The pay pages of the payment stand-ins (Kaspi's and Halyk's), in Russian or Kazakh: a patient
 * opens them from the bot's button, so a status is told in words, never as the provider's code
 * ("QrTokenCreated", "CHARGE"). The words live here, not in locales/: the real pages are the
 * providers' own, and the sandbox is self-contained (runtime code never depends on it). The
 * language is the one the visitor switched to (`?lang=`), else the one the payment was created in
 * (Halyk is told it), else the browser's (Kazakh when it asks for Kazakh), else Russian.
 */
export type PayLanguage = 'ru' | 'kk';

/** What a payment's state is, as a payer understands it (each provider maps its codes onto these). */
export type PayState = 'waiting' | 'paid' | 'declined' | 'failed' | 'expired' | 'refunded';

const TEXTS = {
  ru: {
    sandbox: 'деньги не списываются',
    status: 'Статус',
    states: {
      waiting: 'ожидает оплаты',
      paid: 'оплачено',
      declined: 'оплата отклонена',
      failed: 'ошибка оплаты',
      expired: 'срок ссылки истёк',
      refunded: 'деньги возвращены',
    },
    validUntil: 'Ссылка действует до',
    sandboxClock: 'по часам песочницы',
    testCard: 'Тестовая карта',
    pay: 'Оплатить',
    decline: 'Отклонить',
    notFound: 'Платёж не найден',
    other: 'Қазақша',
  },
  kk: {
    sandbox: 'ақша алынбайды',
    status: 'Күйі',
    states: {
      waiting: 'төлем күтілуде',
      paid: 'төленді',
      declined: 'төлем қабылданбады',
      failed: 'төлем қатесі',
      expired: 'сілтеменің мерзімі өтті',
      refunded: 'ақша қайтарылды',
    },
    validUntil: 'Сілтеме жарамды мерзімі:',
    sandboxClock: 'құмсалғыш сағаты бойынша',
    testCard: 'Тест картасы',
    pay: 'Төлеу',
    decline: 'Бас тарту',
    notFound: 'Төлем табылмады',
    other: 'Русский',
  },
} as const satisfies Record<PayLanguage, unknown>;

export type PayTexts = (typeof TEXTS)[PayLanguage];

export function payLanguage(req: Request, ofPayment?: PayLanguage | null): PayLanguage {
  const asked = new URL(req.url).searchParams.get('lang');
  if (asked === 'ru' || asked === 'kk') return asked;
  if (ofPayment) return ofPayment;
  return /^\s*kk\b/i.test(req.headers.get('accept-language') ?? '') ? 'kk' : 'ru';
}

export const payTexts = (language: PayLanguage): PayTexts => TEXTS[language];

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** The page: the provider's name and colour, a switch to the other language, the content. */
export function payPage(
  provider: { name: string; colour: string },
  language: PayLanguage,
  title: string,
  content: string,
  path?: string,
): string {
  const t = TEXTS[language];
  const other = language === 'ru' ? 'kk' : 'ru';
  const colour = provider.colour;
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
h1{color:${colour}}.sum{font-size:2rem;font-weight:600}button{font-size:1.1rem;padding:.6rem 1.2rem;margin:.3rem 0;width:100%}
nav{text-align:right}#pay{background:${colour};color:#fff;border:0;border-radius:.4rem}</style></head>
<body>${path ? `<nav><a id="lang" href="${path}?lang=${other}">${t.other}</a></nav>` : ''}
<h1>${escapeHtml(title)}</h1><p><small>${escapeHtml(provider.name)} (sandbox): ${t.sandbox}</small></p>${content}</body></html>`;
}

/** The status line: the state in words; the provider's own code stays in a data attribute for tools. */
export const statusLine = (t: PayTexts, state: PayState, code: string) =>
  `<p>${t.status}: <b id="status" data-code="${escapeHtml(code)}">${t.states[state]}</b></p>`;
