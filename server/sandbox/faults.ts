import { z } from 'zod';

export type FaultKind = z.output<typeof faultRequest>['kind'];

export interface Fault {
  kind: FaultKind;
  retryAfter: number;
}

/** Check messages, as the user API answers them. */
const METHOD = 'method must be a Bot API method name';
const KIND = 'kind must be "429", "500", "timeout", "unavailable" or "wait"';
const COUNT = 'count must be an integer from 1 to 1000';
const RETRY_AFTER = 'retry_after must be a positive integer (seconds)';

/** A `POST /sandbox/api/faults` body: `count` defaults to 1 (null too), `retry_after` to none. */
export const faultRequest = z.object({
  method: z.string({ error: METHOD }).regex(/^[A-Za-z]{1,64}$/, METHOD),
  /**
   * Besides the network's: `unavailable`, a provider stand-in's own "try later" answer (Kaspi's
   * −999); `wait`, a provider's status stuck at "waiting" whatever happened (Kaspi's Wait).
   */
  kind: z.enum(['429', '500', 'timeout', 'unavailable', 'wait'], { error: KIND }),
  count: z
    .int({ error: COUNT })
    .min(1, COUNT)
    .max(1000, COUNT)
    .nullish()
    .transform((count) => count ?? 1),
  retry_after: z.int({ error: RETRY_AFTER }).min(1, RETRY_AFTER).optional(),
});

export type FaultRequest = z.input<typeof faultRequest>;

/**
 * Faults on demand: the next `count` calls of a method fail the way Telegram or the network can,
 * so retries, back-off and idempotency can be tested. Method names are case-insensitive, as in
 * the Bot API.
 */
export class Faults {
  readonly #queues = new Map<string, Fault[]>();

  add(request: z.output<typeof faultRequest>): void {
    const key = request.method.toLowerCase();
    const queue = this.#queues.get(key) ?? [];
    for (let i = 0; i < request.count; i++)
      queue.push({ kind: request.kind, retryAfter: request.retry_after ?? 1 });
    this.#queues.set(key, queue);
  }

  /** The fault for this call of the method, if one is queued. */
  take(method: string): Fault | null {
    const key = method.toLowerCase();
    const queue = this.#queues.get(key);
    const fault = queue?.shift() ?? null;
    if (queue && queue.length === 0) this.#queues.delete(key);
    return fault;
  }

  clear(): void {
    this.#queues.clear();
  }

  pending(): Record<string, FaultKind[]> {
    return Object.fromEntries([...this.#queues].map(([method, queue]) => [method, queue.map((f) => f.kind)]));
  }
}
