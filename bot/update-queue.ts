import type { Update } from 'grammy/types';

/**
 * Whose updates must wait for each other: the sender's (the session and the conversation are kept
 * per user), or the chat's when an update has no sender. Two quick taps of one patient are handled
 * one after the other; different patients side by side.
 */
export function laneOf(update: Update): string {
  for (const [key, value] of Object.entries(update)) {
    if (key === 'update_id' || !value || typeof value !== 'object') continue;
    const part = value as { from?: { id: number }; user?: { id: number }; chat?: { id: number } };
    const id = part.from?.id ?? part.user?.id ?? part.chat?.id;
    if (id !== undefined) return String(id);
  }
  return '';
}

export interface UpdateQueueOptions {
  /** Updates handled at the same time, over all lanes (one at most per lane). */
  concurrency: number;
  /** Updates held (waiting or running) before `push` makes the source wait. */
  capacity: number;
}

/**
 * Updates from polling or the webhook, handled in order within a lane and side by side across
 * lanes. A lane's waiting updates take no handling slot, and a lane goes to the back of the line
 * after each of its updates, so a burst from one chat delays nobody else by more than one update.
 * (grammY runner's sink counts a waiting update of a busy chat against its concurrency, so a
 * burst of one chat could fill it and stall every other.) `handle` must not throw: it is the
 * error boundary.
 */
export class UpdateQueue {
  readonly #handle: (update: Update) => Promise<void>;
  readonly #options: UpdateQueueOptions;
  /** Waiting updates per lane; a lane with one running and none waiting has no entry. */
  readonly #lanes = new Map<string, Update[]>();
  /** Lanes with waiting updates and none running, in the order they are served. */
  readonly #ready: string[] = [];
  readonly #running = new Set<string>();
  #held = 0;
  #roomWaiters: (() => void)[] = [];
  #idleWaiters: (() => void)[] = [];

  constructor(handle: (update: Update) => Promise<void>, options: UpdateQueueOptions) {
    this.#handle = handle;
    this.#options = options;
  }

  /** Updates waiting or being handled. */
  get size(): number {
    return this.#held;
  }

  /** Takes an update; resolves once it is held, at once unless the queue is full. */
  async push(update: Update): Promise<void> {
    while (this.#held >= this.#options.capacity)
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    this.#held += 1;
    const lane = laneOf(update);
    const waiting = this.#lanes.get(lane);
    if (waiting) waiting.push(update);
    else {
      this.#lanes.set(lane, [update]);
      if (!this.#running.has(lane)) this.#ready.push(lane);
    }
    this.#pump();
  }

  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void> {
    if (this.#held === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump(): void {
    while (this.#running.size < this.#options.concurrency && this.#ready.length) {
      const lane = this.#ready.shift()!;
      const waiting = this.#lanes.get(lane)!;
      const update = waiting.shift()!;
      if (waiting.length === 0) this.#lanes.delete(lane);
      this.#running.add(lane);
      void this.#run(lane, update);
    }
  }

  async #run(lane: string, update: Update): Promise<void> {
    try {
      await this.#handle(update);
    } finally {
      this.#running.delete(lane);
      this.#held -= 1;
      if (this.#lanes.has(lane)) this.#ready.push(lane);
      this.#roomWaiters.shift()?.();
      if (this.#held === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      this.#pump();
    }
  }
}
