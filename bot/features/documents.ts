import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard } from 'grammy';
import { BUTTONS } from '../../shared/buttons.ts';
import { BOT_BUTTONS as B, onTap } from '../buttons.ts';
import type { ApiOutputs, BaseContext, BotContext } from '../context.ts';
import { orExplain } from '../errors.ts';
import { escapeHtml, formatDate } from '../format.ts';
import { languageOf } from '../i18n.ts';
import type { Steps } from '../steps.ts';
import { show } from './booking/render.ts';
import { menuButton } from './core.ts';
import { clearPrompt, sendPrompt } from './registration.ts';

type Group = ApiOutputs['documents']['mine'][number];
type Entry = { person: Group['patient']; document: Group['documents'][number] };
type Opened = ApiOutputs['documents']['open'];

/**
 * Documents per page: each takes a line of text (≤ ~300 characters with a long uploaded title and
 * a doctor's name) and a button, so a page stays far under Telegram's 4096 characters and is a
 * list a thumb can scroll.
 */
export const DOCUMENTS_PAGE = 8;
/** A button shows the start of a long title: the number is what tells the buttons apart. */
const LABEL_CHARS = 40;
/** An uploaded document's title is the lab's file title: bounded on a line too. */
const TITLE_CHARS = 120;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * "My documents": the patient's own and their dependants' (the API's order: the patient first,
 * then each dependant; newest first within each), numbered across pages; each number a button that
 * opens it. A revoked one stays listed, marked, and its button says why it no longer opens.
 */
async function showList(ctx: BotContext, page: number): Promise<void> {
  const groups = await ctx.emhana.documents.mine.query({ language: languageOf(ctx) });
  const entries: Entry[] = groups.flatMap((g) =>
    g.documents.map((document) => ({ person: g.patient, document })),
  );
  if (entries.length === 0) return show(ctx, ctx.t('docs-none'));
  const pages = Math.ceil(entries.length / DOCUMENTS_PAGE);
  const at = Math.min(Math.max(page, 0), pages - 1);
  const first = at * DOCUMENTS_PAGE;
  const lines = [ctx.t('docs-title')];
  const keyboard = new InlineKeyboard();
  let person: number | null = null;
  entries.slice(first, first + DOCUMENTS_PAGE).forEach(({ person: who, document: d }, i) => {
    const n = String(first + i + 1);
    // Whose documents these are, unless they are all the patient's own.
    const named = groups.length > 1 || who.id !== ctx.account.patientId;
    if (named && who.id !== person) lines.push('', ctx.t('docs-person', { name: escapeHtml(who.name) }));
    person = who.id;
    const title = cut(d.title, TITLE_CHARS);
    const params = { n, title: escapeHtml(title), date: formatDate(d.issueDate) };
    const line = d.doctor
      ? ctx.t('docs-line-doctor', { ...params, doctor: escapeHtml(d.doctor.fullName) })
      : ctx.t('docs-line', params);
    const revoked = d.status === 'revoked';
    lines.push(revoked ? `${line} ${ctx.t('docs-revoked-mark')}` : line);
    keyboard
      .text(
        ctx.t(revoked ? 'docs-button-revoked' : 'docs-button', { n, title: cut(title, LABEL_CHARS) }),
        BUTTONS.openDocument.data({ documentId: d.id }),
      )
      .row();
  });
  lines.push('', ctx.t('docs-hint'));
  if (pages > 1) {
    lines.push(ctx.t('docs-page', { page: String(at + 1), pages: String(pages) }));
    if (at > 0) keyboard.text(ctx.t('docs-prev'), B.documents.data({ page: at - 1 }));
    if (at < pages - 1) keyboard.text(ctx.t('docs-next'), B.documents.data({ page: at + 1 }));
  }
  await show(ctx, lines.join('\n'), keyboard);
}

/**
 * What opening led to, told in the chat: the file is on its way (it comes through the delivery
 * queue), a download link (no consent to files in Telegram), or the consent question first.
 */
async function tell(ctx: BotContext, documentId: number, opened: Opened): Promise<void> {
  if (opened.outcome === 'file') {
    await ctx.answerCallbackQuery({ text: ctx.t('docs-file-coming') }).catch(() => {});
    return;
  }
  await ctx.answerCallbackQuery().catch(() => {});
  if (opened.outcome === 'ask') {
    await sendPrompt(
      ctx,
      ctx.t('docs-consent-ask', { hours: String(opened.hours) }),
      new InlineKeyboard()
        .text(ctx.t('docs-consent-yes'), B.documentsConsent.data({ answer: 'yes', documentId }))
        .row()
        .text(ctx.t('docs-consent-no'), B.documentsConsent.data({ answer: 'no', documentId })),
    );
    return;
  }
  await ctx.reply(
    ctx.t('docs-link', {
      kind: ctx.t(`doc-kind-${opened.kind}`),
      number: opened.number,
      hours: String(opened.hours),
    }),
    { reply_markup: new InlineKeyboard().url(ctx.t('docs-link-button'), opened.url) },
  );
}

export function documentsFeature(i18n: I18n<BaseContext>, steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);

  steps.redrawable(B.documents, (ctx, { page }) => showList(ctx, page));
  const open = (ctx: BotContext) => {
    steps.reached(ctx, B.documents, B.documents.data({ page: 0 }));
    return showList(ctx, 0);
  };
  registered.command('documents', open);
  registered.filter(menuButton(i18n, 'menu-documents'), open);

  onTap(registered, B.documents, async (ctx, { page }) => {
    steps.reached(ctx, B.documents, ctx.callbackQuery.data);
    await showList(ctx, page);
    await ctx.answerCallbackQuery().catch(() => {});
  });

  // A document's button, in the list or under "a new document" (the server's message): the same.
  // A revoked or foreign one is explained in the chat (the clinic's phone for a revoked one).
  onTap(registered, BUTTONS.openDocument, async (ctx, { documentId }) => {
    const opened = await orExplain(ctx, () => ctx.emhana.documents.open.mutate({ documentId }));
    if (opened) await tell(ctx, documentId, opened);
    else await ctx.answerCallbackQuery().catch(() => {});
  });

  onTap(registered, B.documentsConsent, async (ctx, { answer, documentId }) => {
    await clearPrompt(ctx);
    const opened = await orExplain(ctx, () =>
      ctx.emhana.documents.answerConsent.mutate({ documentId, granted: answer === 'yes' }),
    );
    if (opened) await tell(ctx, documentId, opened);
    else await ctx.answerCallbackQuery().catch(() => {});
  });

  return composer;
}
