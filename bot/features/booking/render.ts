import { GrammyError, InlineKeyboard, InputFile } from 'grammy';
import { visitCalendarFile } from '../../../shared/ics.ts';
import type { Language } from '../../../shared/localized.ts';
import { formatTiyn } from '../../../shared/money.ts';
import type { ApiOutputs, BaseContext, BotContext } from '../../context.ts';
import { escapeHtml, formatDate, formatTime, formatWhen, fullName } from '../../format.ts';
import { languageOf } from '../../i18n.ts';

export type Visit = ApiOutputs['booking']['get'];

/** "09:30" in the branch's zone. */
export const localTime = formatTime;

/** "чт, 3 декабря, 09:30" in the branch's zone and the patient's language. */
export function localWhen(at: Date, timeZone: string, language: Language): string {
  return formatWhen(at, timeZone, language, 'day');
}

/** Taps whose step comes as a new message, the tapped one staying as it is (see `showBelow`). */
const below = new WeakSet<BotContext>();

/**
 * This tap's steps come below the tapped message instead of in it: a broadcast's "book" button
 * opens booking, and the clinic's message (its text, its other buttons) stays to be read again.
 */
export function showBelow(ctx: BotContext): void {
  below.add(ctx);
}

/**
 * Shows a step: the message that carried the tapped button changes in place (as a Telegram
 * user expects), a command starts a new one. Tapping the same button twice is not an error.
 */
export async function show(ctx: BotContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  const message = below.has(ctx) ? undefined : ctx.callbackQuery?.message;
  if (message) {
    try {
      await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: keyboard });
      return stepIn(ctx, message.message_id);
    } catch (error) {
      if (error instanceof GrammyError && error.description.includes('message is not modified'))
        return stepIn(ctx, message.message_id);
      if (!(error instanceof GrammyError)) throw error;
      // The message is too old to edit or gone: say it anew.
    }
  }
  const sent = await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
  stepIn(ctx, sent.message_id);
}

/** The button step being remembered (bot/steps.ts) lives in this message. */
function stepIn(ctx: BotContext, messageId: number): void {
  if (ctx.session.step) ctx.session.step = { ...ctx.session.step, messageId };
}

/** The full description of a visit, as in the summary and the details. */
export function visitCard(ctx: BaseContext, v: Visit, forSomeoneElse: boolean): string {
  const language = languageOf(ctx);
  const lines = [
    ...(forSomeoneElse ? [ctx.t('bk-card-patient', { name: escapeHtml(fullName(v.patient)) })] : []),
    // The same card the clinic's notices carry (bk-card): an online visit shows its link, no street.
    ctx.t('bk-card', {
      service: escapeHtml(v.service.name[language]),
      minutes: v.service.durationMinutes,
      doctor: escapeHtml(v.doctor.fullName),
      specialty: escapeHtml(v.doctor.specialty[language]),
      when: localWhen(v.startsAt, v.branch.timeZone, language),
      place: v.joinUrl ? 'online' : 'clinic',
      link: escapeHtml(v.joinUrl ?? ''),
      branch: escapeHtml(v.branch.name[language]),
      address: escapeHtml(v.branch.address[language]),
      price: formatTiyn(v.priceTiyn, language),
    }),
  ];
  return lines.join('\n');
}

/**
 * After a booking or a move: the calendar file (the same one the clinic's notices send) and the
 * branch on the map; an online visit has its link in the card and the file, and no pin.
 */
export async function sendVisitExtras(ctx: BotContext, v: Visit): Promise<void> {
  const language = languageOf(ctx);
  const file = visitCalendarFile(v, language, (key, params) => ctx.t(key, params), new Date());
  await ctx.replyWithDocument(new InputFile(file.bytes, file.filename), {
    caption: ctx.t('bk-ics-caption'),
  });
  if (v.joinUrl) return;
  await ctx.replyWithVenue(
    v.branch.location.latitude,
    v.branch.location.longitude,
    v.branch.name[language],
    v.branch.address[language],
  );
}

/**
 * After the patient cancels: the cancelled visit's calendar file, which takes out the event the
 * confirmation's file put in the phone's calendar (every booking's confirmation carries one).
 */
export async function sendCancelledFile(ctx: BotContext, v: Visit): Promise<void> {
  const file = visitCalendarFile(v, languageOf(ctx), (key, params) => ctx.t(key, params), new Date());
  await ctx.replyWithDocument(new InputFile(file.bytes, file.filename), {
    caption: ctx.t('bk-ics-caption-cancelled'),
  });
}

/** A single row with the way back. */
export function backRow(ctx: BaseContext, data: string): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t('back'), data);
}

export { formatDate };
