import type { MessageEntity } from '@grammyjs/types';
import { checkedLink, EntityParseError, sortEntities } from './html.ts';

const RESERVED = '_*[]()~`>#+-=|{}.!';
const NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'Pre',
  text_link: 'TextUrl',
  custom_emoji: 'CustomEmoji',
};

interface Open {
  type: string;
  language: string;
  offset: number;
  byte: number;
}

const encoder = new TextEncoder();
const escapable = (c: string | undefined) => c !== undefined && c.charCodeAt(0) > 0 && c.charCodeAt(0) <= 126;

/**
 * MarkdownV2, following TDLib's parser closely enough that a bot which forgets to escape a reserved
 * character ('.', '-', '!', …) gets the same 400 here as from Telegram. Block quotations (`>` at
 * the start of a line) are recognised; expandable ones (`**>` … `||`) are treated as plain quotes.
 */
export function parseMarkdownV2(source: string): { text: string; entities: MessageEntity[] } {
  const at = (i: number) => encoder.encode(source.slice(0, i)).length;
  const fail = (message: string): never => {
    throw new EntityParseError(message);
  };
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let out = '';
  let quoteStart = -1;
  const closeQuote = () => {
    const end = out.endsWith('\n') ? out.length - 1 : out.length;
    if (quoteStart >= 0 && end > quoteStart)
      entities.push({ type: 'blockquote', offset: quoteStart, length: end - quoteStart });
    quoteStart = -1;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const lineStart = i === 0 || source[i - 1] === '\n';
    if (lineStart && stack.length === 0) {
      const quoted = c === '>' || (c === '*' && source.startsWith('**>', i));
      if (quoted) {
        if (quoteStart < 0) quoteStart = out.length;
        i += c === '>' ? 0 : 2;
        continue;
      }
      if (quoteStart >= 0) closeQuote();
    }
    if (c === '\\' && escapable(source[i + 1])) {
      out += source[++i];
      continue;
    }
    const top = stack[stack.length - 1];
    const reserved = top && (top.type === 'code' || top.type === 'pre') ? '`' : RESERVED;
    if (!reserved.includes(c)) {
      out += c;
      continue;
    }
    // `||` closing the last line of an expandable quotation is a marker, not a spoiler.
    const endsExpandable =
      quoteStart >= 0 &&
      c === '|' &&
      source[i + 1] === '|' &&
      (i + 2 === source.length || source[i + 2] === '\n') &&
      top?.type !== 'spoiler';
    if (endsExpandable) {
      i++;
      continue;
    }
    const ends =
      top !== undefined &&
      ((top.type === 'bold' && c === '*') ||
        (top.type === 'italic' && c === '_' && source[i + 1] !== '_') ||
        (top.type === 'underline' && c === '_' && source[i + 1] === '_') ||
        (top.type === 'strikethrough' && c === '~') ||
        (top.type === 'spoiler' && c === '|' && source[i + 1] === '|') ||
        (top.type === 'code' && c === '`') ||
        (top.type === 'pre' && source.startsWith('```', i)) ||
        ((top.type === 'text_link' || top.type === 'custom_emoji') && c === ']'));
    if (!ends) {
      const byte = i;
      let type: string;
      let language = '';
      if (c === '_' && source[i + 1] === '_') {
        type = 'underline';
        i++;
      } else if (c === '_') type = 'italic';
      else if (c === '*') type = 'bold';
      else if (c === '~') type = 'strikethrough';
      else if (c === '|' && source[i + 1] === '|') {
        type = 'spoiler';
        i++;
      } else if (c === '[') type = 'text_link';
      else if (c === '!' && source[i + 1] === '[') {
        type = 'custom_emoji';
        i++;
      } else if (c === '`' && source.startsWith('```', i)) {
        type = 'pre';
        i += 3;
        let end = i;
        while (end < source.length && !/\s/.test(source[end]!) && source[end] !== '`') end++;
        if (end !== i && end < source.length && source[end] !== '`') {
          language = source.slice(i, end);
          i = end;
        }
        if (source[i] === '\n' || source[i] === '\r') {
          const pair = (source[i + 1] === '\n' || source[i + 1] === '\r') && source[i] !== source[i + 1];
          i += pair ? 2 : 1;
        }
        i--;
      } else if (c === '`') type = 'code';
      else return fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
      stack.push({ type, language, offset: out.length, byte: at(byte) });
      continue;
    }
    const open = stack.pop()!;
    let skip = out.length === open.offset;
    let extra: Record<string, string> = {};
    if (open.type === 'underline' || open.type === 'spoiler') i++;
    else if (open.type === 'pre') i += 2;
    else if (open.type === 'text_link' || open.type === 'custom_emoji') {
      let url = '';
      if (source[i + 1] !== '(') {
        if (open.type === 'custom_emoji') fail('Custom emoji entity must contain a tg://emoji URL');
        url = out.slice(open.offset);
      } else {
        i += 2;
        const urlBegin = i;
        while (i < source.length && source[i] !== ')') {
          if (source[i] === '\\' && escapable(source[i + 1])) {
            url += source[i + 1];
            i += 2;
            continue;
          }
          url += source[i++];
        }
        if (source[i] !== ')') fail(`Can't find end of a URL at byte offset ${at(urlBegin)}`);
      }
      if (open.type === 'custom_emoji') {
        const id = /^tg:\/\/emoji\?id=([1-9]\d{0,18})$/.exec(url)?.[1];
        if (!id) fail('Invalid custom emoji URL specified');
        extra = { custom_emoji_id: id! };
      } else {
        const checked = checkedLink(url);
        if (checked) extra = { url: checked };
        else skip = true;
      }
    }
    if (!skip) {
      const entity = { type: open.type, offset: open.offset, length: out.length - open.offset, ...extra };
      if (open.type === 'pre' && open.language) Object.assign(entity, { language: open.language });
      entities.push(entity as MessageEntity);
    }
  }
  const last = stack[stack.length - 1];
  if (last) fail(`Can't find end of ${NAMES[last.type] ?? last.type} entity at byte offset ${last.byte}`);
  closeQuote();
  return { text: out, entities: sortEntities(entities) };
}
