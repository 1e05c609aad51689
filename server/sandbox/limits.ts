export interface SandboxLimits {
  /** Messages per second over all chats (Telegram: about 30). */
  globalPerSecond: number;
  /** Messages per second sustained into one chat (Telegram: about 1). */
  perChatPerSecond: number;
  /** How many messages one chat may take at once before the per-chat rate applies. */
  perChatBurst: number;
}

export const defaultLimits: SandboxLimits = { globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 4 };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Telegram's flood control for message-sending methods: a sliding one-second window over all chats
 * and a token bucket per chat. It runs on monotonic real time, not the app clock, because moving
 * the app clock a day ahead must not refill anyone's allowance.
 */
export class RateLimiter {
  readonly #limits: SandboxLimits;
  readonly #now: () => number;
  readonly #recent: number[] = [];
  readonly #buckets = new Map<number, Bucket>();

  constructor(limits: SandboxLimits, now: () => number = () => performance.now()) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Takes one message's allowance for the chat; returns null, or the seconds to wait (≥ 1). */
  take(chatId: number): number | null {
    const now = this.#now();
    while (this.#recent.length && this.#recent[0]! <= now - 1000) this.#recent.shift();
    if (this.#recent.length >= this.#limits.globalPerSecond) {
      return Math.max(1, Math.ceil((this.#recent[0]! + 1000 - now) / 1000));
    }
    const { perChatBurst, perChatPerSecond } = this.#limits;
    const bucket = this.#buckets.get(chatId) ?? { tokens: perChatBurst, at: now };
    bucket.tokens = Math.min(perChatBurst, bucket.tokens + ((now - bucket.at) / 1000) * perChatPerSecond);
    bucket.at = now;
    this.#buckets.set(chatId, bucket);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / perChatPerSecond));
    bucket.tokens -= 1;
    this.#recent.push(now);
    return null;
  }
}
