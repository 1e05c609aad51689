import type { MessageEntity, User } from '@grammyjs/types';
import { BotApiError } from './errors.ts';
import { EntityParseError, parseHtml, sortEntities } from './html.ts';
import { parseMarkdownV2 } from './markdown.ts';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/**
 * Turns a bot's text (or caption) and parse_mode/entities into what Telegram stores: entities
 * parsed, surrounding whitespace trimmed (with entities shifted), limits checked in characters.
 */
export function formatText(
  raw: unknown,
  parseMode: unknown,
  explicit: unknown,
  kind: 'text' | 'caption',
  knownUser?: (id: number) => User | undefined,
): FormattedText {
  if (raw === undefined || raw === null || raw === '') {
    if (kind === 'text') throw new BotApiError(400, 'Bad Request: message text is empty');
    return { text: '', entities: [] };
  }
  const source = typeof raw === 'string' ? raw : String(raw);
  // Telegram reads parse_mode in any case ("HTML", "html", "markdownv2"), and "none" as none.
  const mode = typeof parseMode === 'string' ? parseMode.toLowerCase() : parseMode;
  let parsed: FormattedText;
  try {
    if (mode === 'html') parsed = parseHtml(source, knownUser);
    else if (mode === 'markdownv2') parsed = parseMarkdownV2(source);
    else if (mode === 'markdown') parsed = { text: source.replace(/[*_`[\]]/g, ''), entities: [] };
    else if (mode === undefined || mode === null || mode === '' || mode === 'none')
      parsed = { text: source, entities: readEntities(explicit, source) };
    else throw new BotApiError(400, 'Bad Request: unsupported parse_mode');
  } catch (error) {
    if (error instanceof EntityParseError)
      throw new BotApiError(400, `Bad Request: can't parse entities: ${error.message}`);
    throw error;
  }
  const trimmed = trim(parsed);
  if (!trimmed.text && kind === 'text') throw new BotApiError(400, 'Bad Request: message text is empty');
  const length = [...trimmed.text].length;
  if (kind === 'text' && length > MAX_TEXT) throw new BotApiError(400, 'Bad Request: message is too long');
  if (kind === 'caption' && length > MAX_CAPTION)
    throw new BotApiError(400, 'Bad Request: message caption is too long');
  return trimmed;
}

function readEntities(explicit: unknown, text: string): MessageEntity[] {
  if (explicit === undefined || explicit === null) return [];
  if (!Array.isArray(explicit)) throw new BotApiError(400, "Bad Request: can't parse entities JSON object");
  return sortEntities(
    explicit.map((e: unknown) => {
      const entity = e as MessageEntity;
      const ok =
        typeof entity === 'object' &&
        entity !== null &&
        typeof entity.type === 'string' &&
        Number.isInteger(entity.offset) &&
        Number.isInteger(entity.length) &&
        entity.offset >= 0 &&
        entity.length > 0 &&
        entity.offset + entity.length <= text.length;
      if (!ok) throw new BotApiError(400, "Bad Request: can't parse entities: wrong entity bounds");
      return { ...entity };
    }),
  );
}

function trim({ text, entities }: FormattedText): FormattedText {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (start === 0 && end === text.length) return { text, entities };
  if (start >= end) return { text: '', entities: [] };
  const kept: MessageEntity[] = [];
  for (const entity of entities) {
    const from = Math.max(entity.offset, start);
    const to = Math.min(entity.offset + entity.length, end);
    if (to > from) kept.push({ ...entity, offset: from - start, length: to - from });
  }
  return { text: text.slice(start, end), entities: kept };
}

/**
 * The entities Telegram finds in what a person types: bot commands (`/start`, `/help@bot`), with
 * TDLib's rule that a command neither follows nor precedes a word character, '/', '<' or '>'.
 */
export function detectEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const pattern = /(?<![\p{L}\p{N}_/<>])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\p{L}\p{N}_/<>])/gu;
  for (const match of text.matchAll(pattern))
    entities.push({ type: 'bot_command', offset: match.index, length: match[0].length });
  return entities;
}
