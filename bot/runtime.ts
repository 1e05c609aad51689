import { timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Api, type Bot, BotError, GrammyError, HttpError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../shared/log.ts';
import { type BotOptions, createBot, setCommands } from './bot.ts';
import type { BotContext } from './context.ts';
import { UpdateQueue } from './update-queue.ts';

export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface RunningBot {
  bot: Bot<BotContext>;
  /** In webhook mode: the handler for Telegram's POSTs. */
  webhook?: (req: Request) => Promise<Response>;
  /** Updates taken and not yet handled (a test waits for none). */
  pending(): number;
  stop(): Promise<void>;
}

export interface RunOptions extends BotOptions {
  /** Webhook mode: Telegram POSTs updates to this URL, with this secret in a header. */
  webhook?: { url: string; secret: string };
  /** Long-poll seconds of each getUpdates (Telegram holds the call this long when idle). */
  pollSeconds?: number;
  /** Updates at work at once (one per chat at most; see UpdateQueue) and held before the source waits. */
  concurrency?: number;
  capacity?: number;
  /** On stop, how long updates already taken may take to finish. */
  drainSeconds?: number;
}

/** After a failed getUpdates: first wait, and the longest, so polling resumes soon after an outage. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 3000;
/**
 * A long poll's seconds, and how much longer a call may take before it is given up as hung: a
 * short poll, so a call Telegram left hanging is abandoned within five seconds and the next one
 * finds Telegram as soon as it answers again (an idle bot makes 20 calls a minute).
 */
const POLL_SECONDS = 3;
const POLL_GRACE_SECONDS = 2;

/**
 * The one error boundary, for polling and webhook alike: a failing update is answered with the
 * localized apology by the bot's error handler and logged there without personal data; if even
 * that fails, the failure is logged and the update is done with. Nothing is redelivered.
 */
function boundary(bot: Bot<BotContext>, log: Logger): (update: Update) => Promise<void> {
  return async (update) => {
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      try {
        // handleUpdate wraps every middleware failure with its context; anything else is ours.
        if (error instanceof BotError) await bot.errorHandler(error as BotError<BotContext>);
        else log.error({ updateId: update.update_id, err: error }, 'update failed outside the bot');
      } catch (handlerError) {
        log.error({ updateId: update.update_id, err: handlerError }, 'the error boundary failed');
      }
    }
  };
}

const sameSecret = (given: string | null, expected: string) => {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Starts the bot: long polling, or webhook mode when a webhook URL is given. Either way updates go
 * through one queue (in order per sender, side by side across senders) and one error boundary.
 */
export async function startBot(options: RunOptions, log: Logger): Promise<RunningBot> {
  const bot = createBot(options);
  await bot.init();
  await setCommands(bot);
  const queue = new UpdateQueue(boundary(bot, options.log), {
    // A couple of updates per core keep the CPU and the database busy (waits on Telegram do not
    // count, see awayFromSlot); measured with bench:bot at 50 patients on 2 cores, 4 instead of 50
    // at once took the p95 per update from 930 to 62 ms and updates/s from 88 to 105.
    concurrency: options.concurrency ?? Math.max(4, 2 * availableParallelism()),
    capacity: options.capacity ?? 5000,
  });
  const drain = async () => {
    await Promise.race([queue.idle(), sleep((options.drainSeconds ?? 10) * 1000)]);
  };

  if (options.webhook) {
    const { secret } = options.webhook;
    await bot.api.setWebhook(options.webhook.url, {
      secret_token: secret,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    log.info({ bot: bot.botInfo.username, mode: 'webhook' }, 'bot started');
    return {
      bot,
      // Acknowledged once queued: Telegram never waits on (or redelivers) a slow or failing update.
      async webhook(req) {
        if (req.method !== 'POST') return new Response('method not allowed', { status: 405 });
        if (!sameSecret(req.headers.get('x-telegram-bot-api-secret-token'), secret))
          return new Response('secret token is wrong', { status: 401 });
        let update: Update;
        try {
          update = (await req.json()) as Update;
        } catch {
          return new Response('not an update', { status: 400 });
        }
        if (typeof update?.update_id !== 'number') return new Response('not an update', { status: 400 });
        await queue.push(update);
        return new Response(null, { status: 200 });
      },
      pending: () => queue.size,
      stop: drain,
    };
  }

  await bot.api.deleteWebhook();
  const stopping = new AbortController();
  const pollSeconds = options.pollSeconds ?? POLL_SECONDS;
  // Its own Api: no auto-retry (whose back-off would stack on ours) and a timeout past the long poll.
  const api = new Api(options.token, {
    apiRoot: options.apiRoot,
    timeoutSeconds: pollSeconds + POLL_GRACE_SECONDS,
  });
  const polling = (async () => {
    let offset = 0;
    let retryIn = RETRY_FIRST_MS;
    while (!stopping.signal.aborted) {
      let updates: Update[];
      try {
        updates = await api.getUpdates(
          { offset, limit: 100, timeout: pollSeconds, allowed_updates: [...ALLOWED_UPDATES] },
          // grammY types its signal with the abort-controller package's class; the platform's is the same.
          stopping.signal as Parameters<Api['getUpdates']>[1],
        );
      } catch (error) {
        if (stopping.signal.aborted) break;
        const code = error instanceof GrammyError ? error.error_code : null;
        if (code === 401) {
          log.fatal('Telegram refused the bot token (401): polling stopped');
          break;
        }
        // A hung call has waited long enough already: the next goes at once.
        const hung = error instanceof HttpError && /timed out/.test(error.message);
        const wait =
          code === 429 ? (error as GrammyError).parameters.retry_after! * 1000 : hung ? 0 : retryIn;
        log.warn({ code, hung, retryInMs: wait }, 'getUpdates failed; polling again shortly');
        await sleep(wait, undefined, { signal: stopping.signal }).catch(() => {});
        if (!hung) retryIn = Math.min(retryIn * 2, RETRY_MAX_MS);
        continue;
      }
      retryIn = RETRY_FIRST_MS;
      for (const update of updates) await queue.push(update);
      // The next call confirms these to Telegram: they are queued here.
      const last = updates.at(-1);
      if (last) offset = last.update_id + 1;
    }
    // Confirm what was taken, so a restart does not handle it again.
    if (offset) await api.getUpdates({ offset, limit: 1, timeout: 0 }).catch(() => {});
  })();
  log.info({ bot: bot.botInfo.username, mode: 'polling' }, 'bot started');
  return {
    bot,
    pending: () => queue.size,
    async stop() {
      stopping.abort();
      await polling;
      await drain();
    },
  };
}
