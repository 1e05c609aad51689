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

  /**
   * Takes one message's allowance for the chat; returns null, or the seconds to wait (≥ 1). `at`:
   * when the request arrived (Telegram counts a request as it comes in, not once its body is read).
   */
  take(chatId: number, at?: number): number | null {
    const now = Math.min(at ?? this.#now(), this.#now());
    while (this.#recent.length && this.#recent[0]! <= now - 1000) this.#recent.shift();
    if (this.#recent.length >= this.#limits.globalPerSecond) {
      return Math.max(1, Math.ceil((this.#recent[0]! + 1000 - now) / 1000));
    }
    const { perChatBurst, perChatPerSecond } = this.#limits;
    const bucket = this.#buckets.get(chatId) ?? { tokens: perChatBurst, at: now };
    // Requests whose bodies took longer to read come in here out of order: time never runs back.
    bucket.tokens = Math.min(
      perChatBurst,
      bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * perChatPerSecond,
    );
    bucket.at = Math.max(bucket.at, now);
    this.#buckets.set(chatId, bucket);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / perChatPerSecond));
    bucket.tokens -= 1;
    const index = this.#recent.findLastIndex((t) => t <= now);
    this.#recent.splice(index + 1, 0, now);
    return null;
  }
}

/*
 * The largest bodies the sandbox reads, each read as a stream and refused (413) as soon as it is
 * over, so its memory stays bounded whatever a client sends. The Bot API's are Telegram's own.
 */
export const BODY_LIMITS = {
  /**
   * Parameters of a Bot API call in a JSON or form body, and the text parts of a multipart one
   * together: 1 MB, the limit of the HTTP reader of Telegram's Bot API server (tdlib's
   * MAX_TOTAL_PARAMETERS_LENGTH, answered with 413).
   */
  botParams: 1024 * 1024,
  /**
   * A multipart/form-data Bot API call, its files included: 50 MB, Telegram's limit for a file a
   * bot uploads ("50 MB for other files" in the Bot API's "Sending files"). File parts go to disk
   * as they arrive, not to memory.
   */
  botUpload: 50 * 1024 * 1024,
  /**
   * A file a bot sends by URL, which the sandbox downloads as Telegram would: 5 MB for photos,
   * 20 MB for other files (Telegram's limits for sending by URL).
   */
  urlPhoto: 5 * 1024 * 1024,
  urlFile: 20 * 1024 * 1024,
  /** A webhook's answer, which may carry a method call: as a call's parameters. */
  webhookReply: 1024 * 1024,
  /** A user API call (JSON): a message is at most 4096 characters, so 1 MB is plenty. */
  userApi: 1024 * 1024,
  /** A call of the SMS stand-in (an SMS is at most 1000 characters here). */
  sms: 64 * 1024,
} as const;
