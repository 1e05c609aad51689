import { Composer, InlineKeyboard } from 'grammy';
import { BUTTONS } from '../../../shared/buttons.ts';
import { onTap } from '../../buttons.ts';
import type { BotContext } from '../../context.ts';
import { domainFailure, errorMessage, isFailure } from '../../errors.ts';
import { mainMenu } from '../../keyboards.ts';
import { details } from './my-appointments.ts';

/**
 * The buttons of the platform's own messages: reminders ("I'm coming"), "have you arrived?",
 * and the NPS question with its optional comment. A button of an outdated message shows the
 * visit as it is now instead of an error.
 */
export function remindersFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);

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

  onTap(registered, BUTTONS.arrival, (ctx, { answer: kind, appointmentId, version }) =>
    answer(ctx, appointmentId, async () => {
      const reply = { here: 'here', late: 'late', no: 'cannot' } as const;
      await ctx.emhana.booking.arrival.mutate({ appointmentId, version, answer: reply[kind] });
      return ctx.t(`ar-${reply[kind]}`);
    }),
  );

  onTap(registered, BUTTONS.npsScore, async (ctx, { appointmentId, score }) => {
    try {
      await ctx.emhana.feedback.answer.mutate({ appointmentId, score });
    } catch (error) {
      const failure = domainFailure(error);
      if (!isFailure(failure, 'already_answered')) throw error;
      await ctx.answerCallbackQuery({ text: ctx.t('nps-already'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    ctx.session.awaitingCommentFor = appointmentId;
    await ctx.editMessageText(ctx.t('nps-ask-comment', { score }), {
      reply_markup: new InlineKeyboard().text(ctx.t('skip'), BUTTONS.npsSkip.data({ appointmentId })),
    });
  });

  onTap(registered, BUTTONS.npsSkip, async (ctx, { appointmentId }) => {
    await ctx.answerCallbackQuery();
    ctx.session.awaitingCommentFor = undefined;
    await ctx.emhana.feedback.comment.mutate({ appointmentId, comment: null });
    await ctx.editMessageText(ctx.t('nps-thanks'));
  });

  // The message after a score is its comment (unless it is a command or a menu button, which
  // leave the question; see leaveFlowsOnNavigation).
  registered
    .on('message:text')
    .filter((ctx) => ctx.session.awaitingCommentFor !== undefined)
    .use(async (ctx) => {
      const appointmentId = ctx.session.awaitingCommentFor!;
      ctx.session.awaitingCommentFor = undefined;
      await ctx.emhana.feedback.comment.mutate({ appointmentId, comment: ctx.message.text });
      await ctx.reply(ctx.t('nps-thanks'), { reply_markup: mainMenu(ctx) });
    });

  return composer;
}
