import { AsyncLocalStorage } from 'node:async_hooks';
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
  /**
   * Updates at work at the same time, over all lanes (one at most per lane). An update waiting on
   * Telegram (see `awayFromSlot`) does not count: the slots share out this process's CPU and
   * database, which a few updates keep busy; more only make each one slower.
   */
  concurrency: number;
  /** Updates held (waiting or running) before `push` makes the source wait. */
  capacity: number;
}

/** One update's hold on a working slot. */
interface Slot {
  queue: UpdateQueue;
  held: boolean;
  /** Its calls to Telegram under way. */
  away: number;
  /** Gives the slot up if a call is still out (LET_GO_AFTER_MS). */
  letGo: ReturnType<typeof setTimeout> | null;
  /** Its slot, being taken back. */
  back: Promise<void> | null;
  done: boolean;
}

const currentSlot = new AsyncLocalStorage<Slot>();

/**
 * A call to Telegram not back this soon gives up its update's slot: a quick one (a local Bot API
 * server, the sandbox) is cheaper to wait for than to switch over; a distant Telegram, or a reply
 * waiting for its turn in the budget, would otherwise keep the CPU idle and other chats waiting.
 */
const LET_GO_AFTER_MS = 30;

/**
 * Runs `call` (a request to Telegram); if it takes long, the current update's working slot goes to
 * another meanwhile, and the update takes one back before it goes on, ahead of updates not yet
 * started. Outside an update, just `call()`.
 */
export async function awayFromSlot<T>(call: () => Promise<T>): Promise<T> {
  const slot = currentSlot.getStore();
  if (!slot || slot.done) return call();
  slot.away += 1;
  letGoLater(slot);
  try {
    return await call();
  } finally {
    slot.away -= 1;
    if (slot.away === 0 && slot.letGo) {
      clearTimeout(slot.letGo);
      slot.letGo = null;
    }
    // The update goes on only with a slot. Calls side by side share one taking back; an update
    // that ended meanwhile gives it straight back. (A call it did not wait for may let it work
    // past the cap until its next call: a slot is never lost or taken twice.)
    if (!slot.held && !slot.done) {
      slot.back ??= slot.queue.resume().then(() => {
        slot.back = null;
        if (slot.done) slot.queue.release();
        else {
          slot.held = true;
          letGoLater(slot);
        }
      });
      await slot.back;
    }
  }
}

/** While calls are out, gives the slot up after LET_GO_AFTER_MS. */
function letGoLater(slot: Slot): void {
  if (!slot.held || slot.letGo || slot.away === 0) return;
  slot.letGo = setTimeout(() => {
    slot.letGo = null;
    if (slot.away > 0 && slot.held && !slot.done) {
      slot.held = false;
      slot.queue.release();
    }
  }, LET_GO_AFTER_MS);
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
  /** Working slots taken: by running updates, less those waiting on Telegram. */
  #busy = 0;
  /** Started updates back from Telegram, waiting for a slot; served before new ones. */
  readonly #resuming: (() => void)[] = [];
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

  /** Gives a working slot back (see awayFromSlot). */
  release(): void {
    this.#busy -= 1;
    this.#pump();
  }

  /** Takes a working slot for an update already started, before any update not yet started. */
  resume(): Promise<void> {
    return new Promise((resolve) => {
      this.#resuming.push(resolve);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#busy < this.#options.concurrency && this.#resuming.length) {
      this.#busy += 1;
      this.#resuming.shift()!();
    }
    while (this.#busy < this.#options.concurrency && this.#ready.length) {
      const lane = this.#ready.shift()!;
      const waiting = this.#lanes.get(lane)!;
      const update = waiting.shift()!;
      if (waiting.length === 0) this.#lanes.delete(lane);
      this.#running.add(lane);
      this.#busy += 1;
      void this.#run(lane, update);
    }
  }

  async #run(lane: string, update: Update): Promise<void> {
    const slot: Slot = { queue: this, held: true, away: 0, letGo: null, back: null, done: false };
    try {
      await currentSlot.run(slot, () => this.#handle(update));
    } finally {
      slot.done = true;
      if (slot.letGo) clearTimeout(slot.letGo);
      if (slot.held) {
        slot.held = false;
        this.#busy -= 1;
      }
      this.#running.delete(lane);
      this.#held -= 1;
      if (this.#lanes.has(lane)) this.#ready.push(lane);
      this.#roomWaiters.shift()?.();
      if (this.#held === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      this.#pump();
    }
  }
}
