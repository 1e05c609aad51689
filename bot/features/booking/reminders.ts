import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard } from 'grammy';
import { BUTTONS } from '../../../shared/buttons.ts';
import { BOT_BUTTONS as B, onTap } from '../../buttons.ts';
import type { ApiOutputs, BaseContext, BotContext } from '../../context.ts';
import { domainFailure, errorMessage, isFailure } from '../../errors.ts';
import { languageOf } from '../../i18n.ts';
import { TEXT_LIMITS, tooLong } from '../../input-limits.ts';
import { mainMenu } from '../../keyboards.ts';
import { createNoticeRenderer } from '../../notice-renderer.ts';
import type { Steps } from '../../steps.ts';
import { details } from './my-appointments.ts';

/**
 * The buttons of the platform's own messages: reminders ("I'm coming"), "have you arrived?",
 * and the NPS question with its optional comment. A button of an outdated message shows the
 * visit as it is now instead of an error.
 */
/** How late a patient can say they are, in minutes: a tap, not typing, on the way to the clinic. */
const LATE_CHOICES = [5, 10, 15, 30, 60] as const;

type ShownReminder = NonNullable<ApiOutputs['booking']['reminderShown']>;

export function remindersFeature(i18n: I18n<BaseContext>, steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);
  const renderer = createNoticeRenderer(i18n);

  /**
   * A reminder's question and buttons again, as a new message (the delivery queue drew the first
   * one, the same way: for a guardian, whose visit it is first). It becomes the step a further
   * text shows again.
   */
  const drawReminder = async (ctx: BotContext, shown: ShownReminder) => {
    const language = languageOf(ctx);
    const body = renderer.render(language, shown.template, shown.params as never);
    const text = shown.onBehalfOf
      ? `${renderer.render(language, 'notice-on-behalf-of', { name: shown.onBehalfOf })}\n${body}`
      : body;
    const keyboard = new InlineKeyboard();
    for (const row of shown.buttons) {
      for (const b of row)
        keyboard.text(renderer.render(language, b.label, (b.params ?? {}) as never), b.data);
      keyboard.row();
    }
    const sent = await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
    if (ctx.session.step) ctx.session.step = { ...ctx.session.step, messageId: sent.message_id };
  };
  steps.redrawable(B.reminderAgain, async (ctx, { messageId }) => {
    const shown = await ctx.emhana.booking.reminderShown.query({ messageId });
    if (shown) return drawReminder(ctx, shown);
    // The visit moved or closed meanwhile: the reminder has nothing left to answer.
    ctx.session.step = undefined;
    await ctx.reply(ctx.t('unknown-input'), { reply_markup: mainMenu(ctx) });
  });

  /** Runs an answer; if the visit changed meanwhile, shows it as it is now. */
  const answer = async (ctx: BotContext, id: number, run: () => Promise<string>) => {
    try {
      const text = await run();
      await ctx.answerCallbackQuery({ text });
      await ctx.editMessageReplyMarkup().catch(() => {});
      await ctx.reply(text, { reply_markup: mainMenu(ctx) });
    } catch (error) {
      const failure = domainFailure(error);
      if (!isFailure(failure, 'visit_changed', 'invalid_transition', 'appointment_not_found')) throw error;
      await ctx.answerCallbackQuery({ text: ctx.t('rm-outdated') });
      await ctx.editMessageReplyMarkup().catch(() => {});
      await details(ctx, id).catch(() => ctx.reply(errorMessage(ctx, failure)));
    }
  };

  onTap(registered, BUTTONS.imComing, (ctx, { appointmentId, version }) =>
    answer(ctx, appointmentId, async () => {
      await ctx.emhana.booking.attend.mutate({ appointmentId, version });
      return ctx.t('rm-confirmed');
    }),
  );

  onTap(registered, BUTTONS.arrival, async (ctx, { answer: kind, appointmentId, version }) => {
    if (kind === 'late') {
      // The desk needs to know by how much: asked with a few taps, recorded with the answer. The
      // question keeps its other buttons ("I'm here" may still come true).
      await ctx.answerCallbackQuery();
      const minutes = new InlineKeyboard();
      for (const m of LATE_CHOICES)
        minutes.text(
          ctx.t('late-minutes', { minutes: m }),
          BUTTONS.lateBy.data({ minutes: m, appointmentId, version }),
        );
      await ctx.reply(ctx.t('ar-late-ask'), { reply_markup: minutes });
      return;
    }
    await answer(ctx, appointmentId, async () => {
      const reply = { here: 'here', no: 'cannot' } as const;
      await ctx.emhana.booking.arrival.mutate({ appointmentId, version, answer: reply[kind] });
      return ctx.t(`ar-${reply[kind]}`);
    });
  });

  onTap(registered, BUTTONS.lateBy, async (ctx, { minutes, appointmentId, version }) => {
    // Only the offered choices are buttons; other minutes are forged data, answered like a stale button.
    if (!(LATE_CHOICES as readonly number[]).includes(minutes)) {
      await ctx.answerCallbackQuery({ text: ctx.t('rm-outdated') });
      return;
    }
    await answer(ctx, appointmentId, async () => {
      await ctx.emhana.booking.arrival.mutate({ appointmentId, version, answer: 'late', minutes });
      return ctx.t('ar-late', { minutes });
    });
  });

  /** A score, tapped or typed: counted once, then the optional comment is asked for. */
  const score = async (ctx: BotContext, appointmentId: number, value: number) => {
    try {
      await ctx.emhana.feedback.answer.mutate({ appointmentId, score: value });
    } catch (error) {
      const failure = domainFailure(error);
      if (!isFailure(failure, 'already_answered')) throw error;
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('nps-already'), show_alert: true });
      else await ctx.reply(ctx.t('nps-already'), { reply_markup: mainMenu(ctx) });
      return;
    }
    ctx.session.awaitingCommentFor = appointmentId;
    const text = ctx.t('nps-ask-comment', { score: value });
    const markup = { reply_markup: skipComment(ctx, appointmentId) };
    if (!ctx.callbackQuery) return void (await ctx.reply(text, markup));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, markup);
  };
  const skipComment = (ctx: BotContext, appointmentId: number) =>
    new InlineKeyboard().text(ctx.t('skip'), BUTTONS.npsSkip.data({ appointmentId }));

  onTap(registered, BUTTONS.npsScore, (ctx, { appointmentId, score: value }) =>
    score(ctx, appointmentId, value),
  );

  onTap(registered, BUTTONS.npsSkip, async (ctx, { appointmentId }) => {
    await ctx.answerCallbackQuery();
    await ctx.emhana.feedback.comment.mutate({ appointmentId, comment: null });
    ctx.session.awaitingCommentFor = undefined;
    await ctx.editMessageText(ctx.t('nps-thanks'));
  });

  // The message after a score is its comment (unless it is a command or a menu button, which
  // leave the question; see leaveFlowsOnNavigation). Too long a comment is not cut or dropped:
  // the patient hears the limit and the question stays open. The question is closed only once
  // the API has the comment: if saving it fails, the patient hears the error and sends it again.
  registered
    .on('message:text')
    .filter((ctx) => ctx.session.awaitingCommentFor !== undefined)
    .use(async (ctx) => {
      const appointmentId = ctx.session.awaitingCommentFor!;
      const limit = tooLong(ctx, ctx.message.text, TEXT_LIMITS.npsComment);
      if (limit) return void (await ctx.reply(limit, { reply_markup: skipComment(ctx, appointmentId) }));
      await ctx.emhana.feedback.comment.mutate({ appointmentId, comment: ctx.message.text });
      ctx.session.awaitingCommentFor = undefined;
      await ctx.reply(ctx.t('nps-thanks'), { reply_markup: mainMenu(ctx) });
    });

  // A number typed while an NPS question is open answers it as its button would; a number
  // outside 0–10 hears the scale. With no question open, the number goes on (nothing to answer).
  registered
    .on('message:text')
    .filter((ctx) => /^\s*\d{1,4}\s*$/.test(ctx.message.text))
    .use(async (ctx, next) => {
      const open = await ctx.emhana.feedback.openQuestion.query();
      if (!open) return next();
      const value = Number(ctx.message.text.trim());
      if (value > 10) return void (await ctx.reply(ctx.t('nps-typed-out-of-range')));
      await score(ctx, open.appointmentId, value);
    });

  // A text right after a reminder (the chat's previous message is it) is taken as a try to answer
  // it: the hint, then its question and buttons again, as at the bot's own button steps. Texts
  // at a step or after anything else go on to those steps and to "I did not understand".
  registered
    .on('message:text')
    .filter((ctx) => ctx.session.step === undefined && !ctx.message.text.startsWith('/'))
    .use(async (ctx, next) => {
      const messageId = ctx.message.message_id - 1;
      if (messageId < 1) return next();
      const shown = await ctx.emhana.booking.reminderShown.query({ messageId });
      if (!shown) return next();
      await ctx.reply(ctx.t('use-buttons-again'));
      // One set of buttons answers: the reminder's own give way to the ones shown again.
      await ctx.api.editMessageReplyMarkup(ctx.chat.id, messageId).catch(() => {});
      steps.reached(ctx, B.reminderAgain, B.reminderAgain.data({ messageId }));
      await drawReminder(ctx, shown);
    });

  return composer;
}
