import type { MessageEntity, User } from '@grammyjs/types';

/** The text after "can't parse entities: " in Telegram's 400 answer. */
export class EntityParseError extends Error {}

const TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'tg-time',
  'span',
  'pre',
  'code',
  'blockquote',
]);

// Telegram orders entities by offset, then longest first, then by this priority (lower first).
const PRIORITY: Record<string, number> = {
  blockquote: 0,
  expandable_blockquote: 0,
  pre: 10,
  code: 20,
  text_link: 49,
  text_mention: 49,
  date_time: 50,
  bold: 90,
  italic: 91,
  underline: 92,
  strikethrough: 93,
  spoiler: 94,
  custom_emoji: 99,
};

export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort(
    (a, b) =>
      a.offset - b.offset || b.length - a.length || (PRIORITY[a.type] ?? 50) - (PRIORITY[b.type] ?? 50),
  );
}

interface Open {
  tag: string;
  argument: string;
  extra: string;
  offset: number;
  begin: number;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v';
const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9.-]/.test(c);
const encoder = new TextEncoder();

/**
 * Telegram's HTML parse mode, following TDLib's parser (which the Bot API server uses): the same
 * tags, the same four named entities plus numeric ones, the same error texts with UTF-8 byte
 * offsets. Like TDLib, an `&` that starts no known entity (`&foo;`, a lone `&`) stays literal text.
 */
export function parseHtml(
  html: string,
  knownUser: (id: number) => User | undefined = () => undefined,
): { text: string; entities: MessageEntity[] } {
  const at = (i: number) => encoder.encode(html.slice(0, i)).length;
  const fail = (message: string): never => {
    throw new EntityParseError(message);
  };
  const n = html.length;
  const entities: (MessageEntity & { language?: string })[] = [];
  const stack: Open[] = [];
  let out = '';
  let i = 0;
  while (i < n) {
    const c = html[i]!;
    if (c === '&') {
      const decoded = decodeEntity(html, i);
      if (decoded) {
        out += decoded.text;
        i = decoded.end;
        continue;
      }
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const begin = i++;
    if (html[i] !== '/') {
      while (i < n && !isSpace(html[i]) && html[i] !== '>') i++;
      if (i >= n) fail(`Unclosed start tag at byte offset ${at(begin)}`);
      const tag = html.slice(begin + 1, i).toLowerCase();
      if (!TAGS.has(tag)) fail(`Unsupported start tag "${tag}" at byte offset ${at(begin)}`);
      let argument = '';
      let extra = '';
      while (html[i] !== '>') {
        while (i < n && isSpace(html[i])) i++;
        if (html[i] === '>') break;
        const nameBegin = i;
        while (i < n && !isSpace(html[i]) && html[i] !== '=' && html[i] !== '>') i++;
        const name = html.slice(nameBegin, i);
        if (!name) fail(`Empty attribute name in the tag "${tag}" at byte offset ${at(begin)}`);
        while (i < n && isSpace(html[i])) i++;
        if (html[i] !== '=') {
          if (tag === 'blockquote' && name === 'expandable') {
            argument = 'expandable';
            continue;
          }
          fail(
            'Expected equal sign in declaration of an attribute of the tag ' +
              `"${tag}" at byte offset ${at(begin)}`,
          );
        }
        i++;
        while (i < n && isSpace(html[i])) i++;
        if (i >= n) fail(`Unclosed start tag "${tag}" at byte offset ${at(begin)}`);
        let value = '';
        if (html[i] !== "'" && html[i] !== '"') {
          const tokenBegin = i;
          while (isNameChar(html[i])) i++;
          value = html.slice(tokenBegin, i).toLowerCase();
          if (i < n && !isSpace(html[i]) && html[i] !== '>')
            fail(`Unexpected end of name token at byte offset ${at(tokenBegin)}`);
        } else {
          const quote = html[i++];
          while (i < n && html[i] !== quote) {
            const decoded = html[i] === '&' ? decodeEntity(html, i) : null;
            if (decoded) {
              value += decoded.text;
              i = decoded.end;
            } else {
              value += html[i++];
            }
          }
          if (i < n) i++;
        }
        if (i >= n) fail(`Unclosed start tag at byte offset ${at(begin)}`);
        if (tag === 'a' && name === 'href') argument = value;
        else if (tag === 'code' && name === 'class' && value.startsWith('language-'))
          argument = value.slice(9);
        else if (tag === 'span' && name === 'class' && value.startsWith('tg-')) argument = value.slice(3);
        else if (tag === 'tg-emoji' && name === 'emoji-id') argument = value;
        else if (tag === 'tg-time' && name === 'unix') argument = value;
        else if (tag === 'tg-time' && name === 'format') extra = value;
      }
      if (tag === 'span' && argument !== 'spoiler')
        fail(`Tag "span" must have class "tg-spoiler" at byte offset ${at(begin)}`);
      stack.push({ tag, argument, extra, offset: out.length, begin: out.length });
      i++;
      continue;
    }
    if (!stack.length) fail(`Unexpected end tag at byte offset ${at(begin)}`);
    while (i < n && !isSpace(html[i]) && html[i] !== '>') i++;
    const endName = html.slice(begin + 2, i).toLowerCase();
    while (i < n && isSpace(html[i])) i++;
    if (html[i] !== '>') fail(`Unclosed end tag at byte offset ${at(begin)}`);
    const open = stack[stack.length - 1]!;
    if (endName && endName !== open.tag)
      fail(`Unmatched end tag at byte offset ${at(begin)}, expected "</${open.tag}>", found "</${endName}>"`);
    if (out.length > open.offset) {
      const entity = closeEntity(open, out, entities, knownUser);
      if (entity) entities.push(entity);
    }
    stack.pop();
    i++;
  }
  if (stack.length) fail(`Can't find end tag corresponding to start tag ${stack[stack.length - 1]!.tag}`);
  if (!out.isWellFormed())
    fail(
      'Text contains invalid Unicode characters after decoding HTML entities, ' +
        'check for unmatched surrogate code units',
    );
  const clean = entities.map((entity) => {
    if (entity.type === 'code' && 'language' in entity) {
      const { language: _, ...rest } = entity;
      return rest;
    }
    return entity;
  });
  return { text: out, entities: sortEntities(clean) };
}

function closeEntity(
  open: Open,
  out: string,
  entities: (MessageEntity & { language?: string })[],
  knownUser: (id: number) => User | undefined,
): (MessageEntity & { language?: string }) | null {
  const offset = open.offset;
  const length = out.length - offset;
  const last = entities[entities.length - 1];
  const sameSpan = last !== undefined && last.offset === offset && last.length === length;
  switch (open.tag) {
    case 'b':
    case 'strong':
      return { type: 'bold', offset, length };
    case 'i':
    case 'em':
      return { type: 'italic', offset, length };
    case 'u':
    case 'ins':
      return { type: 'underline', offset, length };
    case 's':
    case 'strike':
    case 'del':
      return { type: 'strikethrough', offset, length };
    case 'tg-spoiler':
    case 'span':
      return { type: 'spoiler', offset, length };
    case 'blockquote':
      return {
        type: open.argument === 'expandable' ? 'expandable_blockquote' : 'blockquote',
        offset,
        length,
      };
    case 'tg-emoji':
      if (!/^[1-9]\d{0,18}$/.test(open.argument))
        throw new EntityParseError('Invalid custom emoji identifier specified');
      return { type: 'custom_emoji', offset, length, custom_emoji_id: open.argument };
    case 'tg-time': {
      const unix = Number(open.argument);
      if (!/^\d{1,12}$/.test(open.argument)) throw new EntityParseError('Invalid Unix time specified');
      const format = /^(r|w?[dD]?[tT]?)$/.test(open.extra) ? open.extra : '';
      return { type: 'date_time', offset, length, unix_time: unix, date_time_format: format as 'r' };
    }
    case 'a': {
      const url = open.argument || out.slice(open.begin);
      const mention = /^tg:\/\/user\?id=(\d{1,15})$/i.exec(url);
      const user = mention ? knownUser(Number(mention[1])) : undefined;
      if (user) return { type: 'text_mention', offset, length, user };
      const checked = checkedLink(url);
      return checked ? { type: 'text_link', offset, length, url: checked } : null;
    }
    case 'pre':
      if (sameSpan && last.type === 'code' && last.language) {
        entities.pop();
        return { type: 'pre', offset, length, language: last.language };
      }
      return { type: 'pre', offset, length };
    case 'code':
      if (sameSpan && last.type === 'pre' && open.argument) {
        entities.pop();
        return { type: 'pre', offset, length, language: open.argument };
      }
      return open.argument
        ? { type: 'code', offset, length, language: open.argument }
        : { type: 'code', offset, length };
    default:
      return null;
  }
}

/** What Telegram keeps of a link: absolute http(s)/tg/ton links, or a bare host made http://. */
export function checkedLink(url: string): string | null {
  const trimmed = url.trim();
  if (!trimmed || /\s/.test(trimmed)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `http://${trimmed}`;
  try {
    const parsed = new URL(withScheme);
    if (!['http:', 'https:', 'tg:', 'ton:', 'mailto:'].includes(parsed.protocol)) return null;
    if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && !parsed.hostname.includes('.'))
      return parsed.hostname === 'localhost' ? withScheme : null;
    return withScheme;
  } catch {
    return null;
  }
}

/** Decodes `&lt; &gt; &amp; &quot;` and numeric references at `pos`, as TDLib does; null if none. */
function decodeEntity(text: string, pos: number): { text: string; end: number } | null {
  let end = pos + 1;
  let code = 0;
  if (text[pos + 1] === '#') {
    end++;
    if (text[pos + 2] === 'x') {
      end++;
      while (end < text.length && /[0-9a-fA-F]/.test(text[end]!))
        code = code * 16 + parseInt(text[end++]!, 16);
    } else {
      while (end < text.length && /[0-9]/.test(text[end]!)) code = code * 10 + Number(text[end++]);
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return null;
  } else {
    while (end < text.length && /[A-Za-z]/.test(text[end]!)) end++;
    const name = text.slice(pos + 1, end);
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
    if (!(name in named)) return null;
    code = named[name]!;
  }
  if (text[end] === ';') end++;
  return { text: String.fromCodePoint(code), end };
}
