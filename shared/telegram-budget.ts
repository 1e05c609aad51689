import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Who goes first when Telegram's budget is short: the bot's replies to someone waiting, then
 * urgent messages (the visit in an hour, arrival), then care messages (reminders, documents,
 * answers), then bulk (broadcasts).
 */
export const SEND_PRIORITIES = ['reply', 'urgent', 'care', 'bulk'] as const;
export type SendPriority = (typeof SEND_PRIORITIES)[number];

export interface TelegramLimits {
  /** Messages per second over all chats (Telegram: about 30). */
  perSecond: number;
  /** Messages per second sustained into one chat (Telegram: about 1). */
  chatPerSecond: number;
  /** Messages one chat may take at once before its sustained rate applies (Telegram's small burst). */
  chatBurst: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = { perSecond: 30, chatPerSecond: 1, chatBurst: 3 };

interface Waiter {
  chatId: number;
  resolve(go: () => Promise<void>): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** How late a timer may fire and still keep its moment (the average rate holds, bursts cannot form). */
const CATCH_UP_MS = 5;
/**
 * A turn is given this long before its moment, so the sender's last step (marking a delivery as
 * on the wire, a database round trip) happens before the moment and not between two sends: a
 * round trip slower for one send than for the next would bring their calls closer together than
 * Telegram allows.
 */
const LEAD_MS = 25;
/**
 * No more than `perSecond` sends within this window of when sends really went: a second and a
 * little, so calls that leave late and arrive close together still keep Telegram's second
 * (at most 30 in 1.02 s: 29.4 messages/s, what the spacing gives anyway).
 */
const WINDOW_MS = 1020;
/** Chats remembered beyond this are forgotten once their allowance is full again. */
const MAX_BUCKETS = 10_000;

/**
 * Telegram's sending budget, kept on our side so the platform never meets a 429 itself: sends are
 * spaced so that no second holds more than `perSecond` (rounded down: 30 → one per 34 ms), each
 * chat has a token bucket like Telegram's, and whoever waits is served by priority, first come
 * first served within one, skipping chats that must wait so they hold up no one. One budget per
 * bot token per process: the bot's replies and the delivery queue share it. Real time (whole
 * milliseconds), not the app clock: moving the clock a day ahead refills no one's allowance.
 */
export class TelegramBudget {
  readonly #spacing: number;
  readonly #limits: TelegramLimits;
  readonly #queues: Waiter[][] = SEND_PRIORITIES.map(() => []);
  readonly #buckets = new Map<number, Bucket>();
  #last = Number.NEGATIVE_INFINITY;
  /** The last sends' moments, updated to when they really went. */
  readonly #sent: { at: number }[] = [];
  /** Since handOver(): a chat not seen since then counts as emptied at that moment. */
  #emptiedAt: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  readonly #now: () => number;

  constructor(limits: TelegramLimits = TELEGRAM_LIMITS, now: () => number = () => performance.now()) {
    this.#limits = limits;
    this.#spacing = Math.ceil(1000 / limits.perSecond);
    this.#now = now;
  }

  /** Waiting sends, by priority. */
  waiting(): Record<SendPriority, number> {
    return Object.fromEntries(SEND_PRIORITIES.map((p, i) => [p, this.#queues[i]!.length])) as Record<
      SendPriority,
      number
    >;
  }

  /**
   * Resolves shortly before this chat's moment to send, counted as sent, with `go`: awaited right
   * before the call, it waits for that exact moment.
   */
  take(chatId: number, priority: SendPriority): Promise<() => Promise<void>> {
    return new Promise((resolve) => {
      this.#queues[SEND_PRIORITIES.indexOf(priority)]!.push({ chatId, resolve });
      this.#serve();
    });
  }

  /**
   * Another process may have spent the budget up to now (the leader this instance takes over from,
   * killed mid-burst): from here on every chat counts as just emptied and the last second as full,
   * so the first sends wait until Telegram has surely refilled them.
   */
  handOver(): void {
    const now = this.#now();
    this.#buckets.clear();
    this.#emptiedAt = now;
    this.#last = Math.max(this.#last, now + 1000 - this.#spacing);
    this.#serve();
  }

  /** The chat's allowance now (refilled since it was last used). */
  #bucket(chatId: number, now: number): Bucket {
    const { chatBurst, chatPerSecond } = this.#limits;
    const bucket = this.#buckets.get(chatId) ?? {
      tokens: this.#emptiedAt === null ? chatBurst : 0,
      at: this.#emptiedAt ?? now,
    };
    // Moments may be a little ahead of the clock (LEAD_MS): time never runs backwards for a bucket.
    bucket.tokens = Math.min(
      chatBurst,
      bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * chatPerSecond,
    );
    bucket.at = Math.max(bucket.at, now);
    return bucket;
  }

  #serve(): void {
    const now = this.#now();
    let wakeAt = Number.POSITIVE_INFINITY;
    for (;;) {
      // The next moment the global rate allows; a late timer keeps its moment (up to
      // CATCH_UP_MS), so the average rate is the configured one.
      const moment = Math.max(this.#last + this.#spacing, now - CATCH_UP_MS, this.#windowFloor());
      if (moment > now + LEAD_MS) {
        if (this.#queues.some((q) => q.length)) wakeAt = moment - LEAD_MS;
        break;
      }
      const next = this.#next(Math.max(moment, now), now + LEAD_MS);
      if (next.waiter === null) {
        wakeAt = next.readyAt - LEAD_MS;
        break;
      }
      const at = next.at;
      const bucket = this.#bucket(next.waiter.chatId, at);
      bucket.tokens -= 1;
      this.#buckets.set(next.waiter.chatId, bucket);
      // A chat that made it wait sets the moment; otherwise the global moment is kept.
      this.#last = at > Math.max(moment, now) ? at : moment;
      const sent = { at };
      this.#sent.push(sent);
      next.waiter.resolve(async () => {
        const wait = at - this.#now();
        if (wait > 0) await sleep(wait);
        // When it really went: a timer that fired late brought it closer to the next one.
        sent.at = Math.max(at, this.#now());
      });
    }
    if (this.#buckets.size > MAX_BUCKETS) this.#forgetFull(now);
    this.#wakeAt(wakeAt, now);
  }

  /**
   * The earliest moment at which a send keeps every window of WINDOW_MS to `perSecond` sends,
   * counting when the last ones really went: the spacing alone assumes each went on time.
   */
  #windowFloor(): number {
    const { perSecond } = this.#limits;
    while (this.#sent.length > perSecond) this.#sent.shift();
    if (this.#sent.length < perSecond) return Number.NEGATIVE_INFINITY;
    // The send `perSecond` back must have left the window: Telegram refuses one more than
    // `perSecond` in a second, not `perSecond` itself.
    return Math.min(...this.#sent.map((s) => s.at)) + WINDOW_MS;
  }

  /**
   * The first waiter, by priority, whose chat has an allowance by `limit`, and when (not before
   * `from`); else when the first chat will.
   */
  #next(from: number, limit: number): { waiter: Waiter; at: number } | { waiter: null; readyAt: number } {
    let readyAt = Number.POSITIVE_INFINITY;
    for (const queue of this.#queues) {
      for (let i = 0; i < queue.length; i++) {
        const waiter = queue[i]!;
        const bucket =
          this.#buckets.has(waiter.chatId) || this.#emptiedAt !== null
            ? this.#bucket(waiter.chatId, from)
            : null;
        const ready =
          !bucket || bucket.tokens >= 1
            ? from
            : from + ((1 - bucket.tokens) / this.#limits.chatPerSecond) * 1000;
        if (ready <= limit) {
          queue.splice(i, 1);
          return { waiter, at: ready };
        }
        readyAt = Math.min(readyAt, ready);
      }
    }
    return { waiter: null, readyAt };
  }

  #wakeAt(at: number, now: number): void {
    if (at === this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    if (at === Number.POSITIVE_INFINITY) return;
    this.#timer = setTimeout(
      () => {
        this.#timerAt = Number.POSITIVE_INFINITY;
        this.#serve();
      },
      Math.max(0, Math.ceil(at - now)),
    );
  }

  #forgetFull(now: number): void {
    for (const [chatId, bucket] of this.#buckets) {
      const tokens = bucket.tokens + ((now - bucket.at) / 1000) * this.#limits.chatPerSecond;
      if (tokens >= this.#limits.chatBurst) this.#buckets.delete(chatId);
    }
  }
}
