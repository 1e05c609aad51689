import type { Message } from '@grammyjs/types';
import { readLimitedBody } from '../../shared/body.ts';
import type { Handlers, UploadedFile } from './bot-api.ts';
import type { SandboxCore } from './core.ts';
import { BotApiError } from './errors.ts';
import { imageSize, mimeType } from './images.ts';
import { BODY_LIMITS } from './limits.ts';
import { readMarkup } from './markup.ts';
import { knownUser, replyTarget } from './methods-messages.ts';
import { uploadBytes } from './multipart.ts';
import { type FileRecord, randomToken } from './store.ts';
import { formatText } from './text.ts';

const bad = (detail: string) => new BotApiError(400, `Bad Request: ${detail}`);
const URL_TIMEOUT_MS = 10_000;

type Kind = FileRecord['kind'];

function isUpload(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as UploadedFile).kind === 'upload';
}

/**
 * The file a send method refers to: a fresh upload, a file_id the sandbox issued earlier, or an
 * HTTP URL that it downloads (as Telegram would). Returns the stored record.
 */
async function resolveFile(core: SandboxCore, input: unknown, kind: Kind): Promise<FileRecord> {
  if (input === undefined || input === null || input === '') throw bad(`there is no ${kind} in the request`);
  if (isUpload(input)) return storeFile(core, kind, input.name, input, input.type);
  if (typeof input !== 'string') throw bad('wrong file identifier/HTTP URL specified');
  const key = core.store.fileIds.get(input);
  if (key) {
    const record = core.store.files.get(key)!;
    if (record.kind !== kind) throw bad('type of file mismatch');
    return record;
  }
  if (!/^https?:\/\//i.test(input)) throw bad('wrong file identifier/HTTP URL specified');
  let bytes: Uint8Array;
  let type: string | undefined;
  try {
    const response = await fetch(input, { signal: AbortSignal.timeout(URL_TIMEOUT_MS) });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(String(response.status));
    }
    // Telegram's limits for files sent by URL; a larger one fails like an unreachable one.
    bytes = await readLimitedBody(response, kind === 'photo' ? BODY_LIMITS.urlPhoto : BODY_LIMITS.urlFile);
    type = response.headers.get('content-type') ?? undefined;
  } catch {
    throw bad('failed to get HTTP URL content');
  }
  const name = decodeURIComponent(new URL(input).pathname.split('/').pop() || kind);
  return storeFile(core, kind, name, bytes, type);
}

export function storeFile(
  core: SandboxCore,
  kind: Kind,
  name: string,
  content: Uint8Array | UploadedFile,
  declared?: string,
): FileRecord {
  const size = content instanceof Uint8Array ? content.length : content.size;
  if (!size) throw bad('file must be non-empty');
  const number = core.store.files.size + 1;
  const prefix = kind === 'photo' ? 'AgACAgIAAxkBAAI' : 'BQACAgIAAxkBAAI';
  const record: FileRecord = {
    key: randomToken(24),
    file_id: `${prefix}${randomToken(56)}`,
    file_unique_id: `AgAD${randomToken(12)}`,
    file_path: '',
    kind,
    size,
  };
  if (kind === 'photo') {
    const dimensions = imageSize(content instanceof Uint8Array ? content : uploadBytes(content));
    if (!dimensions) throw bad('IMAGE_PROCESS_FAILED');
    Object.assign(record, dimensions, { file_path: `photos/file_${number}.jpg`, mime_type: 'image/jpeg' });
  } else {
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? 'dat';
    record.file_path = `documents/file_${number}.${ext}`;
    record.file_name = name;
    const type = mimeType(name, declared);
    if (type) record.mime_type = type;
  }
  core.store.addFile(record, content);
  return record;
}

export function documentOf(record: FileRecord) {
  return {
    file_id: record.file_id,
    file_unique_id: record.file_unique_id,
    ...(record.file_name ? { file_name: record.file_name } : {}),
    ...(record.mime_type ? { mime_type: record.mime_type } : {}),
    file_size: record.size,
  };
}

export function photoOf(record: FileRecord) {
  return [
    {
      file_id: record.file_id,
      file_unique_id: record.file_unique_id,
      width: record.width ?? 0,
      height: record.height ?? 0,
      file_size: record.size,
    },
  ];
}

/** sendDocument, sendPhoto and getFile. */
export function fileMethods(core: SandboxCore): Handlers {
  const mention = knownUser(core);
  const caption = (params: { caption?: string; parse_mode?: unknown; caption_entities?: unknown }) => {
    const { text, entities } = formatText(
      params.caption,
      params.parse_mode,
      params.caption_entities,
      'caption',
      mention,
    );
    return { ...(text ? { caption: text } : {}), ...(entities.length ? { caption_entities: entities } : {}) };
  };

  return {
    sendDocument: async (params) => {
      const target = core.chatForBot(params.chat_id, params.message_thread_id);
      const { chat } = target;
      const content = { ...replyTarget(core, chat, params), ...caption(params) };
      const markup = readMarkup(params.reply_markup);
      const record = await resolveFile(core, params.document, 'document');
      core.rateLimit(chat.id);
      const stored = core.addMessage(
        target,
        'bot',
        { document: documentOf(record), ...content },
        markup,
        record.key,
      );
      return stored.message as Message.DocumentMessage;
    },

    sendPhoto: async (params) => {
      const target = core.chatForBot(params.chat_id, params.message_thread_id);
      const { chat } = target;
      const content = { ...replyTarget(core, chat, params), ...caption(params) };
      const markup = readMarkup(params.reply_markup);
      const record = await resolveFile(core, params.photo, 'photo');
      core.rateLimit(chat.id);
      const stored = core.addMessage(
        target,
        'bot',
        { photo: photoOf(record), ...content },
        markup,
        record.key,
      );
      return stored.message as Message.PhotoMessage;
    },

    getFile: (params) => {
      const key = typeof params.file_id === 'string' ? core.store.fileIds.get(params.file_id) : undefined;
      const record = key ? core.store.files.get(key) : undefined;
      if (!record) throw bad('invalid file_id');
      return {
        file_id: record.file_id,
        file_unique_id: record.file_unique_id,
        file_size: record.size,
        file_path: record.file_path,
      };
    },
  };
}

/** `GET /sandbox/file/bot<token>/<file_path>`: what a bot downloads after getFile. */
export function serveBotFile(core: SandboxCore, token: string, path: string): Response {
  if (token !== core.store.token) return new BotApiError(401, 'Unauthorized').toResponse();
  const record = [...core.store.files.values()].find((r) => r.file_path === path);
  const bytes = record && core.store.fileBytes(record.key);
  if (!record || !bytes) return new BotApiError(404, 'Not Found').toResponse();
  return fileResponse(record, bytes, false);
}

/** `GET /sandbox/api/files/<key>/<name>`: the user-side link of a document or photo. */
export function serveUserFile(core: SandboxCore, key: string): Response {
  const record = core.store.files.get(key);
  const bytes = record && core.store.fileBytes(record.key);
  if (!record || !bytes)
    return new Response(JSON.stringify({ ok: false, error: 'no such file' }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
  return fileResponse(record, bytes, record.kind === 'document');
}

function fileResponse(record: FileRecord, bytes: Uint8Array, attachment: boolean): Response {
  const headers: Record<string, string> = {
    'content-type': record.mime_type ?? 'application/octet-stream',
    'content-length': String(bytes.length),
  };
  if (attachment) {
    const name = record.file_name ?? record.file_path.split('/').pop()!;
    headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
  }
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

/** The user-side URL of a stored file (relative, so it works behind any host name). */
export function userFileUrl(record: FileRecord): string {
  const name = record.file_name ?? record.file_path.split('/').pop()!;
  return `/sandbox/api/files/${record.key}/${encodeURIComponent(name)}`;
}
