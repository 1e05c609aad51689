/**
 * Wakes long polls (getUpdates, the chat view's `wait`, a pending callback) when something they
 * wait for may have happened. Waiters re-check their own condition after waking, so a spurious
 * wake-up is harmless and no state travels through here.
 */
export class Notifier<K> {
  readonly #waiters = new Map<K, Set<() => void>>();
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves on the next notify(key), after `ms`, when `signal` aborts, or at once once closed. */
  wait(key: K, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#closed || ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      let set = this.#waiters.get(key);
      if (!set) {
        set = new Set();
        this.#waiters.set(key, set);
      }
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        const current = this.#waiters.get(key);
        current?.delete(done);
        if (current?.size === 0) this.#waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  notify(key: K): void {
    const set = this.#waiters.get(key);
    if (!set) return;
    for (const done of [...set]) done();
  }

  /** Releases every waiter now and makes later waits return at once. */
  close(): void {
    this.#closed = true;
    for (const set of [...this.#waiters.values()]) for (const done of [...set]) done();
  }
}

/** Waits `ms` unless the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
