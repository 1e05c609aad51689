import { createTRPCClient, localLink } from '@trpc/client';
import superjson from 'superjson';
import type { ApiFactory } from '../bot/context.ts';
import { type RunningBot, startBot } from '../bot/runtime.ts';
import type { AdjustableClock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';
import type { Caller } from '../shared/roles.ts';
import type { TelegramBudget } from '../shared/telegram-budget.ts';
import type { ApiContext } from '../shared/trpc.ts';
import { createEmhanaClient } from './client.ts';
import type { Env } from './config.ts';
import { type AppRouter, appRouter } from './router.ts';
import { createTelegramSandbox, type TelegramSandbox } from './sandbox/index.ts';

const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * Where the bot's Telegram is: the real one with TELEGRAM_BOT_TOKEN, otherwise (outside
 * production) the sandbox served by this same server at /sandbox. Never both. The sandbox has no
 * authentication and moves the app clock, so on an address other machines can reach it is
 * served only when SANDBOX=true says so.
 */
export function prepareSandbox(env: Env, clock: AdjustableClock | null, log: Logger): TelegramSandbox | null {
  if (!sandboxAllowed(env) || !clock) return null;
  if (!isLoopback(env.HOST) && env.SANDBOX !== true) {
    log.warn(
      { host: env.HOST },
      'the Telegram sandbox is not served on a non-loopback address; set SANDBOX=true to serve it anyway',
    );
    return null;
  }
  return createTelegramSandbox({
    clock,
    log: log.child({ component: 'sandbox' }),
    limits: {
      globalPerSecond: env.SANDBOX_GLOBAL_PER_SECOND,
      perChatPerSecond: env.SANDBOX_CHAT_PER_SECOND,
      perChatBurst: env.SANDBOX_CHAT_BURST,
    },
    persistFile: sandboxPersistFile(env),
  });
}

/** Whether this configuration may serve the sandbox (HOST aside): never with a token or in production. */
function sandboxAllowed(env: Env): boolean {
  return !env.TELEGRAM_BOT_TOKEN && env.NODE_ENV !== 'production' && env.SANDBOX !== false;
}

/**
 * Where the sandbox keeps its chats across restarts: a file in DATA_DIR in development (one
 * process at a time may hold it), nowhere otherwise.
 */
export function sandboxPersistFile(env: Env): string | undefined {
  const served = sandboxAllowed(env) && (isLoopback(env.HOST) || env.SANDBOX === true);
  return served && env.NODE_ENV === 'development' ? `${env.DATA_DIR}/sandbox.json` : undefined;
}

/**
 * The bot's way to the API, acting for one Telegram user: in process by default (no HTTP, same
 * checks), or over HTTP with a service token when API_URL is set.
 */
export function botApiFactory(
  context: (caller: Caller) => ApiContext,
  http: { apiUrl?: string; apiToken?: string },
): ApiFactory {
  const { apiUrl, apiToken } = http;
  if (apiUrl && apiToken) {
    return (telegramUserId) => createEmhanaClient({ url: apiUrl, token: apiToken, telegramUserId });
  }
  return (telegramUserId) =>
    createTRPCClient<AppRouter>({
      links: [
        localLink({
          router: appRouter,
          transformer: superjson,
          createContext: async () => context({ kind: 'bot', name: 'bot', telegramUserId }),
        }),
      ],
    });
}

export interface TelegramOptions {
  env: Env;
  log: Logger;
  sandbox: TelegramSandbox | null;
  apiFor: ApiFactory;
  /** This server's own URL (the sandbox's Bot API is under it). */
  serverUrl: string;
  /** This process's Telegram budget, shared with the delivery queue. */
  budget: TelegramBudget;
}

/**
 * Where the Bot API is: TELEGRAM_API_ROOT (a local Bot API server, or another process's sandbox),
 * Telegram's own with a token, or this server's sandbox.
 */
export function apiRootOf(env: Env, serverUrl: string): string | undefined {
  if (env.TELEGRAM_API_ROOT) return env.TELEGRAM_API_ROOT;
  return env.TELEGRAM_BOT_TOKEN ? undefined : `${serverUrl}/sandbox`;
}

/** Starts the bot in the configured mode, or says why it does not run. */
export async function startTelegram(options: TelegramOptions): Promise<RunningBot | null> {
  const { env, log, sandbox } = options;
  if (!env.BOT_ENABLED) return null;
  const token = env.TELEGRAM_BOT_TOKEN ?? sandbox?.token;
  if (!token) {
    log.warn('no TELEGRAM_BOT_TOKEN in production: the bot is not started');
    return null;
  }
  return startBot(
    {
      token,
      apiRoot: apiRootOf(env, options.serverUrl),
      apiFor: options.apiFor,
      budget: options.budget,
      drainSeconds: env.SHUTDOWN_TIMEOUT_SECONDS,
      log: log.child({ component: 'bot' }),
      webhook:
        env.TELEGRAM_WEBHOOK_URL && env.TELEGRAM_WEBHOOK_SECRET
          ? { url: env.TELEGRAM_WEBHOOK_URL, secret: env.TELEGRAM_WEBHOOK_SECRET }
          : undefined,
    },
    log,
  );
}

/** The path Telegram posts webhook updates to on this server. */
export function webhookPath(env: Env): string | null {
  return env.TELEGRAM_WEBHOOK_URL ? new URL(env.TELEGRAM_WEBHOOK_URL).pathname : null;
}
