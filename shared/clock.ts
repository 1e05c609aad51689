/**
 * The one source of "now" for domain code. Production uses the system clock; tests and the
 * Telegram sandbox use an adjustable clock so reminders due tomorrow can be seen today.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs with real time but can be moved forward (never backward) by an offset. */
export class AdjustableClock implements Clock {
  #offsetMs = 0;
  readonly #listeners = new Set<(offsetMs: number) => void>();

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.#offsetMs += ms;
    for (const listener of this.#listeners) listener(this.#offsetMs);
    return this.now();
  }

  /** Called after every advance (the job dispatchers use it to run at once). */
  onAdvance(listener: (offsetMs: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
