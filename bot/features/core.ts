import type { I18n } from '@grammyjs/i18n';
import { Composer } from 'grammy';
import { BOT_BUTTONS, onTap } from '../buttons.ts';
import type { BaseContext, BotContext } from '../context.ts';
import { languageOf } from '../i18n.ts';
import { languageKeyboard, mainMenu, removeKeyboard } from '../keyboards.ts';
import type { Steps } from '../steps.ts';
import { clearPrompt, sendPrompt, showStep } from './registration.ts';

/** Main-menu buttons, recognised in either language (a keyboard may predate a language switch). */
export const MENU_KEYS = [
  'menu-book',
  'menu-appointments',
  'menu-documents',
  'menu-payments',
  'menu-profile',
  'menu-family',
  'menu-language',
  'menu-help',
] as const;

export function menuButton(i18n: I18n<BaseContext>, key: string) {
  const texts = new Set(['ru', 'kk'].map((language) => i18n.t(language, key)));
  return (ctx: BaseContext) => texts.has(ctx.message?.text ?? '');
}

/**
 * Before conversations: a command or a main-menu button always wins over a half-finished flow,
 * so a patient can never get stuck inside one.
 */
export function leaveFlowsOnNavigation(i18n: I18n<BaseContext>): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const menu = MENU_KEYS.map((key) => menuButton(i18n, key));
  composer.use(async (ctx, next) => {
    const navigates = ctx.message?.text?.startsWith('/') || menu.some((isButton) => isButton(ctx));
    if (navigates && Object.keys(ctx.conversation.active()).length > 0) await ctx.conversation.exitAll();
    // A command or a menu button also ends a pending NPS comment question.
    if (navigates && ctx.session.awaitingCommentFor !== undefined) ctx.session.awaitingCommentFor = undefined;
    // Any tap or navigation leaves the button step; a step's own tap remembers it again. A tap
    // on a calendar's empty day changes nothing, so the calendar stays the step.
    const tapped = ctx.callbackQuery?.data !== undefined && !BOT_BUTTONS.inert.parse(ctx.callbackQuery.data);
    // And a cancellation waiting for its reason is left (the visit stays booked): on navigation,
    // or on a tap elsewhere before the reason is typed, so a later text is not taken for it.
    const note = ctx.session.cancelNote;
    if (note !== undefined && (navigates || (tapped && note.text === undefined)))
      ctx.session.cancelNote = undefined;
    if ((navigates || tapped) && ctx.session.step !== undefined) ctx.session.step = undefined;
    // "Talk to a person" waits for the next message only until the patient goes elsewhere.
    if ((navigates || tapped) && ctx.session.supportAsk !== undefined) ctx.session.supportAsk = undefined;
    await next();
  });
  return composer;
}

/** The choice of a language (from /language, the menu or the profile). */
export const askLanguage = (ctx: BotContext) =>
  sendPrompt(ctx, ctx.t('language-prompt'), languageKeyboard(ctx, BOT_BUTTONS.language, languageOf(ctx)));

export function coreFeature(i18n: I18n<BaseContext>, steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === 'kicked') await ctx.emhana.patients.setBlocked.mutate({ blocked: true });
    if (status === 'member') await ctx.emhana.patients.setBlocked.mutate({ blocked: false });
  });

  composer.command('cancel', async (ctx) => {
    await clearPrompt(ctx);
    if (!ctx.account.registered) {
      ctx.session.registrationPaused = true;
      await ctx.reply(ctx.t('cancelled-registration'), { reply_markup: removeKeyboard });
      return;
    }
    await ctx.reply(ctx.t('cancelled'), { reply_markup: mainMenu(ctx) });
  });

  // /help and the Help button: bot/features/support.ts (the FAQ, contacts, a person).

  // Remembered as the profile's "change language" draws the same choice (see profile.ts).
  const language = (ctx: BotContext) => {
    steps.reached(ctx, BOT_BUTTONS.profileLanguage, BOT_BUTTONS.profileLanguage.data({}));
    return askLanguage(ctx);
  };
  composer.command('language', language);
  composer.filter(menuButton(i18n, 'menu-language'), language);

  onTap(composer, BOT_BUTTONS.language, async (ctx, { language }) => {
    await ctx.answerCallbackQuery();
    const state = await ctx.emhana.patients.profile.setLanguage.mutate({ language });
    ctx.account.language = language;
    await ctx.i18n.renegotiateLocale();
    await clearPrompt(ctx);
    if (!ctx.account.registered) {
      // The question is asked again: registration goes on from here, paused or not.
      ctx.session.registrationPaused = undefined;
      await ctx.reply(ctx.t('language-changed'));
      return showStep(ctx, state);
    }
    await ctx.reply(ctx.t('language-changed'), { reply_markup: mainMenu(ctx) });
  });

  composer
    .filter((ctx) => ctx.account.registered)
    .command(['start', 'menu'], async (ctx) => {
      await clearPrompt(ctx);
      await ctx.reply(ctx.t('menu-title'), { reply_markup: mainMenu(ctx) });
    });

  return composer;
}

/**
 * Last in line: nothing else understood the update. At a button step, the step is shown again
 * with a hint; elsewhere, say how to go on.
 */
export function fallbackFeature(steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('stale-button') }));
  composer.on('message', async (ctx) => {
    if (await steps.redraw(ctx, () => ctx.reply(ctx.t('use-buttons-again')))) return;
    await ctx.reply(ctx.t('unknown-input'), { reply_markup: mainMenu(ctx) });
  });
  return composer;
}
