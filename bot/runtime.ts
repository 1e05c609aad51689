import { type RunnerHandle, run } from '@grammyjs/runner';
import { type Bot, webhookCallback } from 'grammy';
import type { Logger } from '../shared/log.ts';
import { type BotOptions, createBot, setCommands } from './bot.ts';
import type { BotContext } from './context.ts';

export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface RunningBot {
  bot: Bot<BotContext>;
  /** In webhook mode: the handler for Telegram's POSTs. */
  webhook?: (req: Request) => Promise<Response>;
  stop(): Promise<void>;
}

export interface RunOptions extends BotOptions {
  /** Webhook mode: Telegram POSTs updates to this URL, with this secret in a header. */
  webhook?: { url: string; secret: string };
}

/**
 * Starts the bot: long polling with @grammyjs/runner (updates of one chat strictly in order,
 * different chats concurrently), or webhook mode when a webhook URL is given.
 */
export async function startBot(options: RunOptions, log: Logger): Promise<RunningBot> {
  const bot = createBot(options);
  await bot.init();
  await setCommands(bot);

  if (options.webhook) {
    await bot.api.setWebhook(options.webhook.url, {
      secret_token: options.webhook.secret,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    const handle = webhookCallback(bot, 'std/http', {
      secretToken: options.webhook.secret,
      timeoutMilliseconds: 55_000,
    });
    log.info({ bot: bot.botInfo.username, mode: 'webhook' }, 'bot started');
    return { bot, webhook: (req) => handle(req), stop: async () => {} };
  }

  await bot.api.deleteWebhook();
  const runner: RunnerHandle = run(bot, {
    runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
    sink: { concurrency: 50 },
  });
  log.info({ bot: bot.botInfo.username, mode: 'polling' }, 'bot started');
  return {
    bot,
    async stop() {
      if (runner.isRunning()) await runner.stop();
    },
  };
}
