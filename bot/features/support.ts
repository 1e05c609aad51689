import type { I18n } from '@grammyjs/i18n';
import { Composer, type Filter, InlineKeyboard } from 'grammy';
import { BUTTONS } from '../../shared/buttons.ts';
import type { Language } from '../../shared/localized.ts';
import { isThanks } from '../../shared/thanks.ts';
import { BOT_BUTTONS as B, onTap } from '../buttons.ts';
import type { ApiInputs, ApiOutputs, BaseContext, BotContext } from '../context.ts';
import { domainFailure, errorMessage, isFailure } from '../errors.ts';
import { escapeHtml, formatWhen } from '../format.ts';
import { languageOf } from '../i18n.ts';
import { TEXT_LIMITS, tooLong } from '../input-limits.ts';
import { mainMenu } from '../keyboards.ts';
import { show } from './booking/render.ts';
import { menuButton } from './core.ts';

/**
 * Support on the patient's side: the Help screen (FAQ by category, the clinic's contacts), a
 * question typed anywhere searched in the FAQ, and "talk to a person" — a ticket whose replies
 * come from the clinic as messages (the delivery queue's `support-reply`).
 */

/** The zone operators' hours are set in (support.settings: the clinic's, Asia/Almaty). */
export const SUPPORT_ZONE = 'Asia/Almaty';
/** pg_trgm needs something to compare: shorter texts are not searched. */
const MIN_SEARCH = 2;
const MAX_SEARCH = 500;
const RATINGS = [1, 2, 3, 4, 5] as const;

type Ticket = ApiOutputs['support']['tickets']['current'];
type Media = ApiInputs['support']['tickets']['open']['media'];

const talkRow = (ctx: BaseContext, keyboard = new InlineKeyboard()) =>
  keyboard.text(ctx.t('sp-talk'), B.supportTalk.data({})).row();

/** The Help screen: what the bot does, FAQ topics, contacts, a person. */
async function helpScreen(ctx: BotContext): Promise<void> {
  const language = languageOf(ctx);
  const categories = await ctx.emhana.support.faq.categories.query();
  const keyboard = new InlineKeyboard();
  for (const c of categories)
    keyboard.text(c.name[language], B.supportCategory.data({ categoryId: c.id })).row();
  keyboard.text(ctx.t('sp-contacts'), B.supportContacts.data({})).row();
  talkRow(ctx, keyboard);
  await show(ctx, `${ctx.t('help-text')}\n\n${ctx.t('sp-help-intro')}`, keyboard);
}

async function categoryScreen(ctx: BotContext, categoryId: number): Promise<void> {
  const language = languageOf(ctx);
  const [categories, entries] = await Promise.all([
    ctx.emhana.support.faq.categories.query(),
    ctx.emhana.support.faq.entries.query({ categoryId }),
  ]);
  const category = categories.find((c) => c.id === categoryId);
  const keyboard = new InlineKeyboard();
  for (const e of entries) keyboard.text(e.question[language], B.supportEntry.data({ entryId: e.id })).row();
  keyboard.text(ctx.t('back'), B.supportHelp.data({})).row();
  talkRow(ctx, keyboard);
  const title = category ? escapeHtml(category.name[language]) : '';
  await show(ctx, ctx.t(entries.length ? 'sp-category' : 'sp-category-empty', { name: title }), keyboard);
}

async function entryScreen(ctx: BotContext, entryId: number): Promise<void> {
  const language = languageOf(ctx);
  const entry = await ctx.emhana.support.faq.entry.query({ entryId });
  const keyboard = new InlineKeyboard()
    .text(ctx.t('back'), B.supportCategory.data({ categoryId: entry.categoryId }))
    .row();
  talkRow(ctx, keyboard);
  await show(
    ctx,
    `<b>${escapeHtml(entry.question[language])}</b>\n\n${escapeHtml(entry.answer[language])}`,
    keyboard,
  );
}

/** "пн–пт 08:00–20:00, сб 09:00–15:00, вс выходной": runs of days with the same hours. */
export function openingHoursLine(
  hours: ({ open: string; close: string } | null)[],
  language: Language,
  closed: string,
): string {
  // 1 January 2024 was a Monday: the weekday names in the reader's language.
  const day = (i: number) =>
    new Intl.DateTimeFormat(language === 'kk' ? 'kk-KZ' : 'ru-RU', { weekday: 'short', timeZone: 'UTC' })
      .format(new Date(Date.UTC(2024, 0, 1 + i)))
      .replace(/\.$/, '');
  const label = (h: (typeof hours)[number]) => (h ? `${h.open}–${h.close}` : closed);
  const parts: string[] = [];
  for (let i = 0; i < hours.length; ) {
    let j = i;
    while (j + 1 < hours.length && label(hours[j + 1]!) === label(hours[i]!)) j++;
    parts.push(`${i === j ? day(i) : `${day(i)}–${day(j)}`} ${label(hours[i]!)}`);
    i = j + 1;
  }
  return parts.join(', ');
}

async function contactsScreen(ctx: BotContext): Promise<void> {
  const language = languageOf(ctx);
  const branches = await ctx.emhana.clinic.branches.list.query();
  const blocks = branches.map((b) =>
    ctx.t('sp-branch', {
      name: escapeHtml(b.name[language]),
      address: escapeHtml(b.address[language]),
      phone: escapeHtml(b.phone),
      hours: openingHoursLine(b.openingHours, language, ctx.t('sp-closed')),
    }),
  );
  const keyboard = new InlineKeyboard().text(ctx.t('back'), B.supportHelp.data({})).row();
  talkRow(ctx, keyboard);
  await show(ctx, [ctx.t('sp-contacts-title'), ...blocks].join('\n\n'), keyboard);
}

/** "Outside working hours: operators answer from …", or nothing while they are at work. */
const whenAnswered = (ctx: BotContext, answersFrom: Date | null) =>
  answersFrom
    ? `\n${ctx.t('sp-after-hours', { when: formatWhen(answersFrom, SUPPORT_ZONE, languageOf(ctx), 'day') })}`
    : '';

const closeButton = (ctx: BaseContext, ticketId: number) =>
  new InlineKeyboard().text(ctx.t('sp-close'), B.supportClose.data({ ticketId }));

/** What a message carries for a ticket: its text or caption, and a photo (largest size) or file. */
function messageContent(ctx: Filter<BotContext, 'message'>): { text?: string; media?: Media } {
  const m = ctx.message;
  if (m.photo?.length) {
    const largest = m.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return { text: m.caption, media: { type: 'photo', fileId: largest.file_id } };
  }
  if (m.document)
    return {
      text: m.caption,
      media: {
        type: 'document',
        fileId: m.document.file_id,
        fileName: m.document.file_name?.slice(0, 200),
        mimeType: m.document.mime_type?.slice(0, 100),
      },
    };
  return { text: m.text };
}

/** The conversation a typed message goes to: a question asked, or any ticket the clinic wrote in. */
const takesMessages = (ticket: Ticket): ticket is NonNullable<Ticket> =>
  ticket !== null && (ticket.kind === 'question' || ticket.status === 'waiting_patient');

/** Buttons for the Help menu entry and /help (before the features), and the taps of the screens. */
export function helpFeature(i18n: I18n<BaseContext>): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('help', async (ctx) => {
    if (!ctx.account.registered) return void (await ctx.reply(ctx.t('help-registration')));
    await helpScreen(ctx);
  });
  const registered = composer.filter((ctx) => ctx.account.registered);
  registered.filter(menuButton(i18n, 'menu-help'), helpScreen);

  const tap = <V>(
    codec: Parameters<typeof onTap<BotContext, V>>[1],
    run: (ctx: BotContext, v: V) => Promise<void>,
  ) =>
    onTap(registered, codec, async (ctx, values) => {
      try {
        await run(ctx, values);
        await ctx.answerCallbackQuery().catch(() => {});
      } catch (error) {
        const failure = domainFailure(error);
        if (!failure) throw error;
        await ctx.answerCallbackQuery({ text: errorMessage(ctx, failure), show_alert: true });
      }
    });

  tap(B.supportHelp, (ctx) => helpScreen(ctx));
  tap(B.supportCategory, (ctx, { categoryId }) => categoryScreen(ctx, categoryId));
  tap(B.supportEntry, (ctx, { entryId }) => entryScreen(ctx, entryId));
  tap(B.supportContacts, (ctx) => contactsScreen(ctx));

  // "Talk to a person": the next message (text, photo or file) opens the request. With one open
  // already, what the patient writes goes there anyway: they are told so.
  tap(B.supportTalk, async (ctx) => {
    const current = await ctx.emhana.support.tickets.current.query();
    if (current && current.kind === 'question') {
      await ctx.reply(ctx.t('sp-already-open', { number: current.id }), {
        reply_markup: closeButton(ctx, current.id),
      });
      return;
    }
    ctx.session.supportAsk = true;
    await ctx.reply(ctx.t('sp-ask'), {
      reply_markup: new InlineKeyboard().text(ctx.t('back'), B.supportHelp.data({})),
    });
  });

  tap(B.supportClose, async (ctx, { ticketId }) => {
    const ticket = await ctx.emhana.support.tickets.close.mutate({ ticketId }).catch(async (error) => {
      // Closed already (this button is an old one, or it was tapped twice): said in the tap's
      // answer only; the closing message and the stars were sent once.
      if (!isFailure(domainFailure(error), 'ticket_closed')) throw error;
      await ctx.answerCallbackQuery({ text: ctx.t('sp-already-closed', { number: ticketId }) });
      await ctx.editMessageReplyMarkup().catch(() => {});
      return null;
    });
    if (!ticket) return;
    await ctx.editMessageReplyMarkup().catch(() => {});
    const stars = new InlineKeyboard();
    for (const rating of RATINGS)
      stars.text('⭐'.repeat(rating), BUTTONS.rateTicket.data({ ticketId, rating }));
    if (ticket.rating !== null)
      return void (await ctx.reply(ctx.t('sp-closed-request', { number: ticket.id })));
    await ctx.reply(`${ctx.t('sp-closed-request', { number: ticket.id })}\n${ctx.t('sp-rate')}`, {
      reply_markup: stars,
    });
  });

  tap(BUTTONS.rateTicket, async (ctx, { ticketId, rating }) => {
    if (!(RATINGS as readonly number[]).includes(rating)) {
      await ctx.answerCallbackQuery({ text: ctx.t('stale-button') });
      return;
    }
    try {
      await ctx.emhana.support.tickets.rate.mutate({ ticketId, rating });
    } catch (error) {
      if (!isFailure(domainFailure(error), 'already_rated')) throw error;
      await ctx.answerCallbackQuery({ text: ctx.t('err-support-already_rated'), show_alert: true });
      await ctx.editMessageReplyMarkup().catch(() => {});
      return;
    }
    await ctx.editMessageReplyMarkup().catch(() => {});
    await ctx.reply(ctx.t('sp-thanks'), { reply_markup: mainMenu(ctx) });
  });

  return composer;
}

/**
 * Near the end of the line, for what nothing before understood: the patient's question after
 * "talk to a person" opens a request; with a request open, what they write goes into it; at a
 * button step the step is shown again (the fallback); anything else typed is searched in the FAQ.
 */
export function supportFallback(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);

  registered.on(['message:text', 'message:photo', 'message:document'], async (ctx, next) => {
    if (ctx.message.text?.startsWith('/')) return next();
    const content = messageContent(ctx);
    const limit = content.text ? tooLong(ctx, content.text, TEXT_LIMITS.ticketMessage) : null;
    const sourceKey = `tg:${ctx.chat.id}:${ctx.message.message_id}`;
    const thanks = !content.media && isThanks(content.text);

    if (ctx.session.supportAsk) {
      if (limit) return void (await ctx.reply(limit));
      const opened = await ctx.emhana.support.tickets.open.mutate({ ...content, sourceKey });
      ctx.session.supportAsk = undefined;
      await ctx.reply(
        `${ctx.t('sp-opened', { number: opened.ticket.id })}${whenAnswered(ctx, opened.answersFrom)}`,
        { reply_markup: closeButton(ctx, opened.ticket.id) },
      );
      return;
    }

    const current = await ctx.emhana.support.tickets.current.query();
    if (takesMessages(current)) {
      if (limit) return void (await ctx.reply(limit));
      try {
        await ctx.emhana.support.tickets.write.mutate({ ticketId: current.id, ...content, sourceKey });
      } catch (error) {
        // Closed by the clinic a moment ago: the message is not lost, the patient hears it.
        if (!isFailure(domainFailure(error), 'ticket_closed')) throw error;
        return void (await ctx.reply(ctx.t('sp-closed-meanwhile', { number: current.id }), {
          reply_markup: talkRow(ctx),
        }));
      }
      // A thank-you (kept in the request for the clinic to read) is answered, with a way to close.
      const said = thanks ? 'sp-welcome' : 'sp-added';
      await ctx.reply(ctx.t(said, { number: current.id }), { reply_markup: closeButton(ctx, current.id) });
      return;
    }

    // A button step is waiting: the fallback shows it again.
    if (ctx.session.step !== undefined) return next();

    if (content.media) {
      await ctx.reply(ctx.t('sp-media-without-request'), { reply_markup: talkRow(ctx) });
      return;
    }
    // Thanks with no request open (after the clinic closed it, after an FAQ answer): not a search.
    if (thanks) return void (await ctx.reply(ctx.t('sp-welcome-no-request')));
    const text = (content.text ?? '').trim();
    const found =
      [...text].length >= MIN_SEARCH
        ? await ctx.emhana.support.faq.search.query({
            text: [...text].slice(0, MAX_SEARCH).join(''),
            language: languageOf(ctx),
          })
        : [];
    if (found.length === 0) {
      const keyboard = talkRow(ctx).text(ctx.t('menu-help'), B.supportHelp.data({}));
      await ctx.reply(ctx.t('sp-not-found'), { reply_markup: keyboard });
      return;
    }
    const language = languageOf(ctx);
    const keyboard = new InlineKeyboard();
    for (const e of found) keyboard.text(e.question[language], B.supportEntry.data({ entryId: e.id })).row();
    talkRow(ctx, keyboard);
    await ctx.reply(ctx.t('sp-found'), { reply_markup: keyboard });
  });

  return composer;
}
