import type { ApiMethods, Opts } from '@grammyjs/types';
import { BodyTooLarge, readLimitedBody } from '../http.ts';
import type { SandboxCore } from './core.ts';
import { BotApiError, tooManyRequests } from './errors.ts';
import { parseMultipart, type UploadedFile } from './multipart.ts';
import { sleep } from './notifier.ts';

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

const MAX_BODY = 50 * 1024 * 1024;
const HANG_MS = 5 * 60_000;

// What arrives as text in query strings and form fields but is a number, boolean or JSON in the API.
const JSON_FIELDS = new Set([
  'reply_markup',
  'allowed_updates',
  'commands',
  'scope',
  'entities',
  'caption_entities',
  'link_preview_options',
  'reply_parameters',
  'menu_button',
  'message_ids',
]);
const NUMBER_FIELDS = new Set([
  'chat_id',
  'message_id',
  'offset',
  'limit',
  'timeout',
  'latitude',
  'longitude',
  'horizontal_accuracy',
  'live_period',
  'heading',
  'proximity_alert_radius',
  'cache_time',
  'max_connections',
  'reply_to_message_id',
  'message_thread_id',
  'user_id',
]);
const BOOLEAN_FIELDS = new Set([
  'show_alert',
  'drop_pending_updates',
  'disable_notification',
  'protect_content',
  'disable_content_type_detection',
  'has_spoiler',
  'show_caption_above_media',
  'allow_sending_without_reply',
]);

function coerce(key: string, value: string): unknown {
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (NUMBER_FIELDS.has(key) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (BOOLEAN_FIELDS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Reads the parameters of a Bot API call from the query string and a JSON, form or multipart body. */
export async function readParams(req: Request): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URL(req.url).searchParams) params[key] = coerce(key, value);
  if (req.method !== 'POST' || !req.body) return params;
  const type = req.headers.get('content-type') ?? '';
  const body = await readBody(req);
  if (!body.length) return params;
  if (type.includes('multipart/form-data')) {
    let fields: Map<string, string | UploadedFile>;
    try {
      fields = parseMultipart(body, type);
    } catch {
      throw new BotApiError(400, 'Bad Request: invalid multipart/form-data body');
    }
    const uploads = new Map<string, UploadedFile>();
    for (const [key, value] of fields) {
      if (typeof value === 'string') params[key] = coerce(key, value);
      else {
        uploads.set(key, value);
        params[key] = value;
      }
    }
    // grammY (like Telegram's docs) sends files as parts and refers to them with "attach://<name>".
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === 'string' && value.startsWith('attach://')) {
        const upload = uploads.get(value.slice('attach://'.length));
        if (upload) params[key] = upload;
      }
    }
    return params;
  }
  const text = new TextDecoder().decode(body);
  if (type.includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(text)) params[key] = coerce(key, value);
    return params;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BotApiError(400, "Bad Request: can't parse JSON object");
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new BotApiError(400, "Bad Request: can't parse JSON object");
  return Object.assign(params, parsed);
}

async function readBody(req: Request): Promise<Uint8Array> {
  try {
    return await readLimitedBody(req, MAX_BODY);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new BotApiError(413, 'Request Entity Too Large');
    throw error;
  }
}

/** The Bot API endpoint: token check, method lookup (case-insensitive), faults, then the handler. */
export class BotApi {
  readonly #core: SandboxCore;
  readonly #handlers = new Map<string, (params: never, ctx: CallContext) => unknown>();

  constructor(core: SandboxCore, handlers: Handlers) {
    this.#core = core;
    for (const [name, handler] of Object.entries(handlers))
      this.#handlers.set(name.toLowerCase(), handler as (params: never, ctx: CallContext) => unknown);
  }

  async handle(req: Request, token: string, method: string): Promise<Response> {
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
        if (fault.kind === '500') throw new BotApiError(500, 'Internal Server Error');
        await sleep(HANG_MS, AbortSignal.any([req.signal, this.#core.closing.signal]));
        throw new BotApiError(500, 'Internal Server Error');
      }
      const params = await readParams(req);
      const result = await handler(params as never, { signal: req.signal });
      log.debug({ method }, 'sandbox: bot api call');
      return json(200, { ok: true, result });
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
    if (handler) await handler(params as never, { signal: this.#core.closing.signal });
  }
}

export const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
