import { tmpdir } from 'node:os';
import { BodyTooLarge, bodyChunks, readLimitedText } from '../../shared/body.ts';
import { BotApiError } from './errors.ts';
import { BODY_LIMITS } from './limits.ts';
import { MultipartError, readMultipart, type UploadedFile } from './multipart.ts';

/** File parts one call may carry (a media group has at most 10 items, each with a thumbnail). */
const MAX_FILES = 50;

/*
 * Telegram's Bot API server turns every top-level parameter into text before a method reads it,
 * whichever way it came (query string, form, multipart or JSON body): a JSON body's objects and
 * arrays become their JSON text and its numbers and booleans their literals. So a library may
 * send reply_markup as a JSON string inside a JSON body (python-telegram-bot does), chat_id as
 * "42", or a flag as 1 or "True", and Telegram reads them all alike. The sandbox reads them the
 * same way, by field name. Nested objects (the buttons inside reply_markup) are typed JSON.
 */

/** Parameters whose type is an array or an object (they arrive as JSON text in forms). */
const JSON_FIELDS = new Set([
  'reply_markup',
  'allowed_updates',
  'commands',
  'scope',
  'entities',
  'caption_entities',
  'explanation_entities',
  'question_entities',
  'link_preview_options',
  'reply_parameters',
  'menu_button',
  'message_ids',
  'media',
  'results',
  'button',
  'result',
  'options',
  'permissions',
  'rights',
  'prices',
  'shipping_options',
  'reaction',
  'errors',
  'stickers',
  'mask_position',
  'emoji_list',
  'keywords',
]);
const NUMBER_FIELDS = new Set([
  'chat_id',
  'from_chat_id',
  'message_id',
  'message_thread_id',
  'reply_to_message_id',
  'user_id',
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
  'duration',
  'width',
  'height',
  'until_date',
  'expire_date',
  'member_limit',
  'open_period',
  'close_date',
  'correct_option_id',
]);
const BOOLEAN_FIELDS = new Set([
  'show_alert',
  'drop_pending_updates',
  'disable_notification',
  'disable_web_page_preview',
  'protect_content',
  'allow_paid_broadcast',
  'disable_content_type_detection',
  'supports_streaming',
  'has_spoiler',
  'show_caption_above_media',
  'allow_sending_without_reply',
  'is_personal',
  'for_channels',
  'revoke_messages',
  'only_if_banned',
  'is_anonymous',
  'allows_multiple_answers',
  'is_closed',
  'creates_join_request',
]);
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A flag as Telegram's server reads text: "true", "yes" or "1" in any case is true, anything
 * else false. A JSON body's true/false and 1/0 arrive as that text too.
 */
function readBoolean(value: string | number | boolean): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  return text === 'true' || text === 'yes' || text === '1';
}

/** One top-level parameter, as Telegram would read it; values of unknown fields pass unchanged. */
export function coerce(key: string, value: unknown): unknown {
  if (JSON_FIELDS.has(key) && typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      // Left as text, so the method answers with its own "can't parse" error.
      return value;
    }
  }
  if (NUMBER_FIELDS.has(key) && typeof value === 'string' && NUMBER.test(value.trim())) return Number(value);
  if (
    BOOLEAN_FIELDS.has(key) &&
    (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
  )
    return readBoolean(value);
  return value;
}

/** Every parameter of a call read by `coerce` (for bodies read elsewhere, like a webhook reply). */
export function coerceParams(params: Record<string, unknown>): Record<string, unknown> {
  const read: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) read[key] = coerce(key, value);
  return read;
}

/**
 * Reads the parameters of a Bot API call from the query string and a JSON, form or multipart body,
 * as a stream within Telegram's limits (BODY_LIMITS): 413 "Request Entity Too Large" as soon as
 * a body is over, without reading the rest. A multipart body's files are written to `uploadDir`
 * as they arrive; the caller removes those no method kept (`uploadsIn`).
 */
export async function readParams(req: Request, uploadDir = tmpdir()): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URL(req.url).searchParams) params[key] = coerce(key, value);
  if (req.method !== 'POST' || !req.body) return params;
  const type = req.headers.get('content-type') ?? '';
  try {
    if (type.toLowerCase().includes('multipart/form-data'))
      return await readMultipartParams(req, type, uploadDir, params);
    const text = await readLimitedText(req, BODY_LIMITS.botParams);
    if (!text.length) return params;
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
    return Object.assign(params, coerceParams(parsed as Record<string, unknown>));
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new BotApiError(413, 'Request Entity Too Large');
    throw error;
  }
}

async function readMultipartParams(
  req: Request,
  type: string,
  uploadDir: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let fields: Map<string, string | UploadedFile>;
  try {
    fields = await readMultipart(bodyChunks(req, BODY_LIMITS.botUpload), type, {
      uploadDir,
      maxTextBytes: BODY_LIMITS.botParams,
      maxFiles: MAX_FILES,
    });
  } catch (error) {
    if (error instanceof MultipartError)
      throw new BotApiError(400, 'Bad Request: invalid multipart/form-data body');
    throw error;
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

/** The uploads among a call's parameters (top-level ones; a media group's are referred to from them). */
export function uploadsIn(params: Record<string, unknown>): UploadedFile[] {
  return Object.values(params).filter(
    (value): value is UploadedFile =>
      typeof value === 'object' && value !== null && (value as UploadedFile).kind === 'upload',
  );
}
