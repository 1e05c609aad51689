import type { Opts, Update, WebhookInfo } from '@grammyjs/types';
import { BodyTooLarge, readLimitedText } from '../../shared/body.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/log.ts';
import { BotApiError } from './errors.ts';
import { BODY_LIMITS } from './limits.ts';
import type { UploadedFile } from './multipart.ts';
import { Notifier } from './notifier.ts';
import type { SandboxStore } from './store.ts';

export type UpdateType = Exclude<keyof Update, 'update_id'>;
type NewUpdate = { [K in UpdateType]: Pick<Update, K> }[UpdateType];

/** Update types a bot gets when allowed_updates is unset or empty (Telegram's default). */
const OPT_IN: readonly string[] = ['chat_member', 'message_reaction', 'message_reaction_count'];
const MAX_POLL_SECONDS = 50;

interface Poll {
  terminated: string | null;
}

interface Webhook {
  url: string;
  secret?: string;
  generation: number;
}

/**
 * The bot's update queue with Telegram's rules: updates wait until confirmed by a later
 * getUpdates offset (or delivered to the webhook), one long poll at a time (a new one terminates
 * the old with 409), no getUpdates while a webhook is set, allowed_updates applied when an update
 * is created.
 */
export class UpdateHub {
  readonly #store: SandboxStore;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #onReply: (method: string, params: Record<string, unknown>) => Promise<void>;
  readonly #wake = new Notifier<'updates' | 'webhook'>();
  #allowed: UpdateType[] | undefined;
  #poll: Poll | null = null;
  #webhook: Webhook | null = null;
  #generation = 0;
  #delivering = false;
  #lastError: { date: number; message: string } | null = null;
  #lastPollAt = -Infinity;
  readonly #closing = new AbortController();

  constructor(
    store: SandboxStore,
    clock: Clock,
    log: Logger,
    onReply: (method: string, params: Record<string, unknown>) => Promise<void>,
  ) {
    this.#store = store;
    this.#clock = clock;
    this.#log = log;
    this.#onReply = onReply;
  }

  /** Queues an update for the bot, unless its allowed_updates setting leaves this type out. */
  push(update: NewUpdate): Update | null {
    const type = Object.keys(update)[0] as UpdateType;
    const allowed = this.#allowed?.length ? this.#allowed : null;
    if (allowed ? !allowed.includes(type) : OPT_IN.includes(type)) return null;
    const full: Update = { update_id: this.#store.nextUpdateId, ...update };
    this.#store.pushUpdate(full);
    this.#wake.notify('updates');
    void this.#deliver();
    return full;
  }

  async getUpdates(params: Opts<UploadedFile>['getUpdates'], signal: AbortSignal): Promise<Update[]> {
    if (this.#webhook)
      throw new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; " +
          'use deleteWebhook to delete the webhook first',
      );
    this.#terminatePoll(
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
    this.#lastPollAt = performance.now();
    if (params.allowed_updates !== undefined) this.#allowed = readAllowed(params.allowed_updates);
    const offset = toInt(params.offset, 0);
    const pending = this.#store.pending;
    // An offset confirms the updates before it; a negative one keeps only the last -offset.
    if (offset > 0) this.#store.dropUpdatesBelow(offset);
    else if (offset < 0 && pending.length > -offset)
      this.#store.dropUpdatesBelow(pending[pending.length + offset]!.update_id);
    const limit = Math.min(100, Math.max(1, toInt(params.limit, 100)));
    const timeout = Math.min(MAX_POLL_SECONDS, Math.max(0, toInt(params.timeout, 0)));
    const take = () => this.#store.pending.filter((u) => u.update_id >= offset).slice(0, limit);
    let result = take();
    if (result.length || timeout === 0 || this.#wake.closed) return result;
    const poll: Poll = { terminated: null };
    this.#poll = poll;
    const deadline = performance.now() + timeout * 1000;
    try {
      while (!result.length && !signal.aborted && !this.#wake.closed) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        await this.#wake.wait('updates', left, signal);
        if (poll.terminated) throw new BotApiError(409, poll.terminated);
        result = take();
      }
    } finally {
      if (this.#poll === poll) this.#poll = null;
      this.#lastPollAt = performance.now();
    }
    return result;
  }

  setWebhook(params: Opts<UploadedFile>['setWebhook']): true {
    const url = typeof params.url === 'string' ? params.url.trim() : '';
    if (!url) return this.deleteWebhook(params);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new BotApiError(400, 'Bad Request: bad webhook: invalid webhook URL specified');
    }
    // Telegram demands HTTPS; the sandbox also accepts HTTP so a local receiver can take updates.
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new BotApiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    const secret = params.secret_token;
    if (secret !== undefined && secret !== '' && !/^[A-Za-z0-9_-]{1,256}$/.test(String(secret)))
      throw new BotApiError(400, 'Bad Request: secret token contains unallowed characters');
    if (params.allowed_updates !== undefined) this.#allowed = readAllowed(params.allowed_updates);
    if (params.drop_pending_updates) this.#drop();
    this.#terminatePoll('Conflict: terminated by setWebhook request');
    if (this.#webhook?.url !== url) this.#lastError = null;
    this.#webhook = { url, secret: secret ? String(secret) : undefined, generation: ++this.#generation };
    this.#wake.notify('webhook');
    void this.#deliver();
    return true;
  }

  deleteWebhook(params: { drop_pending_updates?: boolean }): true {
    if (params.drop_pending_updates) this.#drop();
    if (this.#webhook) {
      this.#webhook = null;
      this.#lastError = null;
      this.#wake.notify('webhook');
    }
    return true;
  }

  info(): WebhookInfo {
    return {
      url: this.#webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.#store.pending.length,
      ...(this.#webhook ? { max_connections: 40 } : {}),
      ...(this.#lastError
        ? { last_error_date: this.#lastError.date, last_error_message: this.#lastError.message }
        : {}),
      ...(this.#allowed?.length ? { allowed_updates: [...this.#allowed] } : {}),
    };
  }

  /** How the bot takes updates now, for the web chat's "bot online" mark and tests. */
  status(): { polling: boolean; webhook: boolean; online: boolean; pending_update_count: number } {
    const polling = this.#poll !== null;
    const webhook = this.#webhook !== null;
    const recent = performance.now() - this.#lastPollAt < 60_000;
    return {
      polling,
      webhook,
      online: polling || webhook || recent,
      pending_update_count: this.#store.pending.length,
    };
  }

  close(): void {
    this.#closing.abort();
    this.#wake.close();
  }

  #drop(): void {
    this.#store.dropUpdatesBelow(this.#store.nextUpdateId);
  }

  #terminatePoll(reason: string): void {
    if (!this.#poll) return;
    this.#poll.terminated = reason;
    this.#poll = null;
    this.#wake.notify('updates');
  }

  /** Posts pending updates to the webhook one at a time, in order, retrying with back-off. */
  async #deliver(): Promise<void> {
    if (this.#delivering) return;
    this.#delivering = true;
    let backoff = 100;
    try {
      for (;;) {
        const hook = this.#webhook;
        const update = this.#store.pending[0];
        if (!hook || !update || this.#wake.closed) return;
        const failure = await this.#post(hook, update);
        if (this.#webhook?.generation !== hook.generation) continue;
        if (failure === null) {
          this.#store.dropUpdatesBelow(update.update_id + 1);
          backoff = 100;
          continue;
        }
        this.#lastError = { date: Math.floor(this.#clock.now().getTime() / 1000), message: failure };
        this.#log.warn({ update_id: update.update_id, error: failure }, 'sandbox: webhook delivery failed');
        await this.#wake.wait('webhook', backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    } finally {
      this.#delivering = false;
    }
  }

  async #post(hook: Webhook, update: Update): Promise<string | null> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (hook.secret) headers['x-telegram-bot-api-secret-token'] = hook.secret;
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        signal: AbortSignal.any([this.#closing.signal, AbortSignal.timeout(60_000)]),
      });
      if (!response.ok) {
        await response.body?.cancel();
        return `Wrong response from the webhook: ${response.status} ${response.statusText}`;
      }
      // An answer too large to be a method call is taken as no call; the update was delivered.
      const body = await readLimitedText(response, BODY_LIMITS.webhookReply).catch((error) => {
        if (error instanceof BodyTooLarge) return '';
        throw error;
      });
      await this.#webhookReply(body);
      return null;
    } catch (error) {
      if (this.#closing.signal.aborted) return 'Sandbox closed';
      return describeNetworkError(error);
    }
  }

  /** A webhook may answer with one method call in its response body, as Telegram allows. */
  async #webhookReply(body: string): Promise<void> {
    if (!body.startsWith('{')) return;
    let reply: unknown;
    try {
      reply = JSON.parse(body);
    } catch {
      return;
    }
    if (typeof reply !== 'object' || reply === null) return;
    const { method, ...params } = reply as Record<string, unknown>;
    if (typeof method === 'string') await this.#onReply(method, params).catch(() => undefined);
  }
}

function readAllowed(value: unknown): UpdateType[] {
  if (!Array.isArray(value)) throw new BotApiError(400, "Bad Request: can't parse allowed updates");
  return value.filter((v): v is UpdateType => typeof v === 'string');
}

function toInt(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : fallback;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'Connection refused';
  if ((error as Error).name === 'TimeoutError') return 'Read timeout expired';
  if (cause?.code === 'ENOTFOUND') return 'Failed to resolve host: Name or service not known';
  return 'Connection failed';
}
