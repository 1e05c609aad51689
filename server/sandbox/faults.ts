export type FaultKind = '429' | '500' | 'timeout';

export interface Fault {
  kind: FaultKind;
  retryAfter: number;
}

export interface FaultRequest {
  method: string;
  kind: FaultKind;
  count: number;
  retry_after?: number;
}

const KINDS: readonly string[] = ['429', '500', 'timeout'];

/** Parses a `POST /sandbox/api/faults` body; returns an error text for bad input. */
export function parseFaultRequest(body: unknown): FaultRequest | string {
  if (typeof body !== 'object' || body === null) return 'expected a JSON object';
  const { method, kind, count, retry_after } = body as Record<string, unknown>;
  if (typeof method !== 'string' || !/^[A-Za-z]{1,64}$/.test(method))
    return 'method must be a Bot API method name';
  if (typeof kind !== 'string' || !KINDS.includes(kind)) return 'kind must be "429", "500" or "timeout"';
  const times = count ?? 1;
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > 1000)
    return 'count must be an integer from 1 to 1000';
  if (
    retry_after !== undefined &&
    (typeof retry_after !== 'number' || !Number.isInteger(retry_after) || retry_after < 1)
  )
    return 'retry_after must be a positive integer (seconds)';
  return { method, kind: kind as FaultKind, count: times, retry_after };
}

/**
 * Faults on demand: the next `count` calls of a method fail the way Telegram or the network can,
 * so retries, back-off and idempotency can be tested. Method names are case-insensitive, as in
 * the Bot API.
 */
export class Faults {
  readonly #queues = new Map<string, Fault[]>();

  add(request: FaultRequest): void {
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
