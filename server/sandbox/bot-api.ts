import type { ApiMethods, Opts } from '@grammyjs/types';
import { requestArrival, type SandboxCore } from './core.ts';
import { BotApiError, tooManyRequests } from './errors.ts';
import { removeUploads, type UploadedFile } from './multipart.ts';
import { sleep } from './notifier.ts';
import { coerceParams, readParams, uploadsIn } from './params.ts';

/** Bot API methods with uploads typed as what the sandbox parsed from multipart/form-data. */
export type Method = keyof ApiMethods<UploadedFile>;
export type Params<M extends Method> = Opts<UploadedFile>[M];
export type Result<M extends Method> = ReturnType<ApiMethods<UploadedFile>[M]>;

export interface CallContext {
  signal: AbortSignal;
}

type Handler<M extends Method> = (params: Params<M>, ctx: CallContext) => Result<M> | Promise<Result<M>>;
/** Handlers checked against @grammyjs/types: wrong parameter use or result shape fails to compile. */
export type Handlers = { [M in Method]?: Handler<M> };

export type { UploadedFile };

const HANG_MS = 5 * 60_000;

/** The Bot API endpoint: token check, method lookup (case-insensitive), faults, then the handler. */
export class BotApi {
  readonly #core: SandboxCore;
  readonly #handlers = new Map<string, (params: never, ctx: CallContext) => unknown>();

  constructor(core: SandboxCore, handlers: Handlers) {
    this.#core = core;
    for (const [name, handler] of Object.entries(handlers))
      this.#handlers.set(name.toLowerCase(), handler as (params: never, ctx: CallContext) => unknown);
  }

  handle(req: Request, token: string, method: string): Promise<Response> {
    return requestArrival.run(performance.now(), () => this.#handle(req, token, method));
  }

  async #handle(req: Request, token: string, method: string): Promise<Response> {
    const { log, stats } = this.#core;
    stats.calls[method] = (stats.calls[method] ?? 0) + 1;
    try {
      if (token !== this.#core.store.token) throw new BotApiError(401, 'Unauthorized');
      const handler = this.#handlers.get(method.toLowerCase());
      if (!handler) throw new BotApiError(404, 'Not Found');
      const fault = this.#core.faults.take(method);
      if (fault) {
        log.debug({ method, fault: fault.kind }, 'sandbox: injected fault');
        if (fault.kind === '429') throw tooManyRequests(fault.retryAfter);
        // The payment stand-ins' own kinds (unavailable, wait) mean nothing to Telegram: a 500.
        if (fault.kind !== 'timeout') throw new BotApiError(500, 'Internal Server Error');
        await sleep(HANG_MS, AbortSignal.any([req.signal, this.#core.closing.signal]));
        throw new BotApiError(500, 'Internal Server Error');
      }
      const params = await readParams(req, this.#core.store.uploadDir);
      try {
        const result = await handler(params as never, { signal: req.signal });
        log.debug({ method }, 'sandbox: bot api call');
        return json(200, { ok: true, result });
      } finally {
        // The files of the uploads the method kept were moved into the store.
        removeUploads(uploadsIn(params));
      }
    } catch (error) {
      if (error instanceof BotApiError) {
        stats.errors[error.code] = (stats.errors[error.code] ?? 0) + 1;
        log.debug({ method, error_code: error.code }, 'sandbox: bot api error');
        return error.toResponse();
      }
      log.error({ err: error, method }, 'sandbox: bot api method failed');
      return new BotApiError(500, 'Internal Server Error').toResponse();
    }
  }

  /** Runs a method a webhook answered with; its result goes nowhere, as with Telegram. */
  async call(method: string, params: Record<string, unknown>): Promise<void> {
    const handler = this.#handlers.get(method.toLowerCase());
    // Read like the parameters of a request: a webhook's answer is one, in its body.
    if (handler) await handler(coerceParams(params) as never, { signal: this.#core.closing.signal });
  }
}

export const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
