import { autoRetry } from '@grammyjs/auto-retry';
import { conversations } from '@grammyjs/conversations';
import { Bot } from 'grammy';
import type { Logger } from '../shared/log.ts';
import { TelegramBudget } from '../shared/telegram-budget.ts';
import { accountInConversation, apiConversations, apiSession, openUpdate } from './api-storage.ts';
import { chatMenuFollowsLanguage, menuCommands } from './commands.ts';
import type { ApiFactory, BaseContext, BotContext } from './context.ts';
import { handleBotError } from './errors.ts';
import { bookingFeature } from './features/booking/book.ts';
import { myAppointmentsFeature } from './features/booking/my-appointments.ts';
import { remindersFeature } from './features/booking/reminders.ts';
import { broadcastsFeature } from './features/broadcasts.ts';
import { coreFeature, fallbackFeature, leaveFlowsOnNavigation } from './features/core.ts';
import { documentsFeature } from './features/documents.ts';
import { familyFeature } from './features/family.ts';
import { paymentsFeature } from './features/payments.ts';
import { profileFeature } from './features/profile.ts';
import { registrationFeature } from './features/registration.ts';
import { staffTopicsFeature } from './features/staff-topics.ts';
import { helpFeature, supportFallback } from './features/support.ts';
import { funnelReporting } from './funnels.ts';
import { createI18n } from './i18n.ts';
import { markMessageCalls, pacedFetch } from './pacing.ts';
import { Steps } from './steps.ts';

export interface BotOptions {
  token: string;
  /** Where the Bot API lives: Telegram by default, the sandbox in development and tests. */
  apiRoot?: string;
  apiFor: ApiFactory;
  log: Logger;
  /** Seconds before a Bot API call is abandoned (then retried by auto-retry). */
  timeoutSeconds?: number;
  /** Telegram's budget, shared with the delivery queue of the same process (one of its own if not). */
  budget?: TelegramBudget;
}

export function createBot(options: BotOptions): Bot<BotContext> {
  // Each message request waits for its turn in Telegram's budget (pacedFetch); should Telegram
  // still answer 429 (another process on the token), wait retry_after; 5xx and network errors →
  // retry with backoff. The last installed runs first: each retry is marked and paced again.
  const bot = new Bot<BotContext>(options.token, {
    client: {
      apiRoot: options.apiRoot,
      timeoutSeconds: options.timeoutSeconds ?? 30,
      fetch: pacedFetch(options.budget ?? new TelegramBudget()),
    },
  });
  const retry = () =>
    autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, rethrowInternalServerErrors: false });
  const transformers = () => [markMessageCalls, retry()];
  bot.api.config.use(...transformers());

  const i18n = createI18n();
  // The staff group's topics (and any other group): handled here, never as a patient's chat.
  bot.use(staffTopicsFeature(options.apiFor, i18n));
  // Updates of one sender wait for each other: the runtime's UpdateQueue sees to it.
  // One API call per update: the sender's account, session and conversations (bot/api-storage.ts).
  bot.use(openUpdate(options.apiFor));
  bot.use(i18n);
  bot.use(apiSession());
  bot.use(funnelReporting(options.log));
  bot.use(chatMenuFollowsLanguage(i18n));
  bot.use(
    conversations<BotContext, BaseContext>({
      storage: apiConversations(),
      // Conversations build their own Api objects (with the client options, so pacedFetch too): the
      // marks and retries are installed on them as well. They wrap the conversation's recording,
      // so a replayed call makes no request and takes no turn.
      plugins: [
        (ctx, next) => {
          ctx.api.config.use(...transformers());
          return next();
        },
        accountInConversation(options.apiFor),
        i18n,
      ],
    }),
  );
  // The button steps a typed text shows again (booking, my appointments, profile, family).
  const steps = new Steps();
  bot.use(leaveFlowsOnNavigation(i18n));
  bot.use(coreFeature(i18n, steps));
  bot.use(helpFeature(i18n));
  bot.use(registrationFeature());
  bot.use(profileFeature(i18n, steps));
  bot.use(familyFeature(i18n, steps));
  bot.use(bookingFeature(i18n, steps));
  bot.use(broadcastsFeature(steps));
  bot.use(myAppointmentsFeature(i18n, steps));
  bot.use(documentsFeature(i18n, steps));
  bot.use(paymentsFeature(i18n, steps));
  bot.use(remindersFeature(i18n, steps));
  bot.use(supportFallback());
  bot.use(fallbackFeature(steps));

  bot.catch((error) => handleBotError(error.ctx, error.error, i18n, options.log));
  return bot;
}

/** The command menus Telegram shows, per language (a chat's own menu follows its patient's language: chatMenuFollowsLanguage). */
export async function setCommands(bot: Bot<BotContext>): Promise<void> {
  const i18n = createI18n();
  for (const language of ['ru', 'kk'] as const) {
    const list = menuCommands((key) => i18n.t(language, key));
    await bot.api.setMyCommands(list, { language_code: language });
    if (language === 'ru') await bot.api.setMyCommands(list);
  }
}
