import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BodyTooLarge } from '../../shared/body.ts';
import { BotApiError } from './errors.ts';
import { parseHtml } from './html.ts';
import { RateLimiter } from './limits.ts';
import { parseMarkdownV2 } from './markdown.ts';
import { MultipartError, readMultipart, removeUploads, type UploadedFile, uploadBytes } from './multipart.ts';
import { detectEntities, formatText } from './text.ts';

const htmlError = (html: string) => {
  try {
    parseHtml(html);
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
};

describe('HTML parse mode (as TDLib parses it)', () => {
  it('turns tags into entities with UTF-16 offsets', () => {
    const { text, entities } = parseHtml(
      '😀 <b>bold <i>both</i></b> <a href="https://emhana.kz/a?b=1&amp;c=2">link</a>',
    );
    expect(text).toBe('😀 bold both link');
    expect(entities).toEqual([
      { type: 'bold', offset: 3, length: 9 },
      { type: 'italic', offset: 8, length: 4 },
      { type: 'text_link', offset: 13, length: 4, url: 'https://emhana.kz/a?b=1&c=2' },
    ]);
  });

  it('knows every tag Telegram supports', () => {
    const html =
      '<strong>a</strong><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>' +
      '<span class="tg-spoiler">h</span><tg-spoiler>i</tg-spoiler><code>j</code>' +
      '<pre><code class="language-ts">k</code></pre><blockquote>l</blockquote>' +
      '<blockquote expandable>m</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>';
    const { text, entities } = parseHtml(html);
    expect(text).toBe('abcdefghijkl' + 'm👍');
    expect(entities.map((e) => e.type)).toEqual([
      'bold',
      'italic',
      'underline',
      'underline',
      'strikethrough',
      'strikethrough',
      'strikethrough',
      'spoiler',
      'spoiler',
      'code',
      'pre',
      'blockquote',
      'expandable_blockquote',
      'custom_emoji',
    ]);
    expect(entities.find((e) => e.type === 'pre')).toMatchObject({ language: 'ts' });
  });

  it('decodes the four named entities and numeric ones; other & stays literal, as in Telegram', () => {
    expect(parseHtml('&lt;&gt;&amp;&quot; &#1178;&#x49B; Tom &amp; Jerry').text).toBe('<>&" Ққ Tom & Jerry');
    expect(parseHtml('AT&T &foo; &nbsp;').text).toBe('AT&T &foo; &nbsp;');
  });

  it("answers malformed HTML with Telegram's messages and UTF-8 byte offsets", () => {
    expect(htmlError('<b>bold')).toBe("Can't find end tag corresponding to start tag b");
    expect(htmlError('Привет <foo>')).toBe('Unsupported start tag "foo" at byte offset 13');
    expect(htmlError('1 < 2')).toBe('Unsupported start tag "" at byte offset 2');
    expect(htmlError('<b><i>x</b></i>')).toBe(
      'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    );
    expect(htmlError('x</b>')).toBe('Unexpected end tag at byte offset 1');
    expect(htmlError('<b')).toBe('Unclosed start tag at byte offset 0');
    expect(htmlError('<a href>x</a>')).toBe(
      'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
    );
    expect(htmlError('<span class="x">y</span>')).toBe(
      'Tag "span" must have class "tg-spoiler" at byte offset 0',
    );
  });

  it('drops links Telegram would drop and keeps bare hosts as http links', () => {
    expect(parseHtml('<a href="not a url">x</a>').entities).toEqual([]);
    expect(parseHtml('<a href=emhana.kz>x</a>').entities).toEqual([
      { type: 'text_link', offset: 0, length: 1, url: 'http://emhana.kz' },
    ]);
  });
});

describe('MarkdownV2', () => {
  it('parses the entities and unescapes', () => {
    const { text, entities } = parseMarkdownV2('*b* _i_ __u__ ~s~ ||sp|| `c` [l](https://emhana.kz) 1\\.5');
    expect(text).toBe('b i u s sp c l 1.5');
    expect(entities.map((e) => e.type)).toEqual([
      'bold',
      'italic',
      'underline',
      'strikethrough',
      'spoiler',
      'code',
      'text_link',
    ]);
  });

  it('refuses unescaped reserved characters like Telegram', () => {
    expect(() => parseMarkdownV2('Готово.')).toThrow(
      "Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    expect(() => parseMarkdownV2('*open')).toThrow("Can't find end of Bold entity at byte offset 0");
  });
});

describe('message text', () => {
  const failure = (call: () => unknown) => {
    try {
      call();
    } catch (error) {
      return error instanceof BotApiError ? `${error.code} ${error.message}` : String(error);
    }
    return 'ok';
  };

  it('trims surrounding whitespace and shifts entities', () => {
    expect(formatText('  <b> hi </b>\n', 'HTML', undefined, 'text')).toEqual({
      text: 'hi',
      entities: [{ type: 'bold', offset: 0, length: 2 }],
    });
  });

  it('counts the 4096-character limit after entity parsing', () => {
    const long = 'я'.repeat(4096);
    expect(formatText(`<b>${long}</b>`, 'HTML', undefined, 'text').text).toHaveLength(4096);
    expect(failure(() => formatText(`${long}!`, undefined, undefined, 'text'))).toBe(
      '400 Bad Request: message is too long',
    );
    expect(failure(() => formatText(' \n ', undefined, undefined, 'text'))).toBe(
      '400 Bad Request: message text is empty',
    );
    expect(failure(() => formatText('<b>', 'HTML', undefined, 'text'))).toBe(
      "400 Bad Request: can't parse entities: Can't find end tag corresponding to start tag b",
    );
  });

  it('finds bot commands the way Telegram does', () => {
    expect(detectEntities('/start payload')).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(detectEntities('see /help@emhana_bot now')).toEqual([
      { type: 'bot_command', offset: 4, length: 16 },
    ]);
    expect(detectEntities('a/b http://x.kz/path')).toEqual([]);
  });
});

describe('multipart bodies', () => {
  const enc = new TextEncoder();
  const body = enc.encode(
    'preamble\r\n--XX\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n42\r\n' +
      '--XX\r\ncontent-disposition:form-data;name="abc";filename=Справка "№1".pdf\r\n' +
      'content-type:application/octet-stream\r\n\r\nPDF\r\n--X not yet\r\n\r\n' +
      '--XX\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n' +
      'Content-Type: image/png\r\n\r\n' +
      'PNG\r\n--XX--\r\nepilogue',
  );
  const dir = mkdtempSync(join(tmpdir(), 'emhana-multipart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const options = { uploadDir: dir, maxTextBytes: 1000, maxFiles: 5 };
  async function* pieces(bytes: Uint8Array, size: number) {
    for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
  }

  it("reads grammY's unquoted file names and attach:// parts as well as standard ones, in chunks of any size", async () => {
    for (const size of [1, 2, 3, 7, 64, body.length]) {
      const fields = await readMultipart(pieces(body, size), 'multipart/form-data; boundary=XX', options);
      expect(fields.get('chat_id'), `chunks of ${size}`).toBe('42');
      const doc = fields.get('abc') as UploadedFile;
      expect(doc).toMatchObject({ kind: 'upload', name: 'Справка "№1".pdf', size: 18 });
      expect(new TextDecoder().decode(uploadBytes(doc))).toBe('PDF\r\n--X not yet\r\n');
      const photo = fields.get('photo') as UploadedFile;
      expect(photo).toMatchObject({ name: 'a.png', type: 'image/png', size: 3 });
      expect(dirname(photo.path)).toBe(dir);
      removeUploads([doc, photo]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses text parts over the limit, more files than allowed, and broken bodies, leaving no files', async () => {
    const read = (text: string, limits = {}) =>
      readMultipart(pieces(enc.encode(text), 5), 'multipart/form-data; boundary=XX', {
        ...options,
        ...limits,
      });
    await expect(read(new TextDecoder().decode(body), { maxTextBytes: 100 })).rejects.toThrow(BodyTooLarge);
    await expect(read(new TextDecoder().decode(body), { maxFiles: 1 })).rejects.toThrow(BodyTooLarge);
    await expect(
      read('--XX\r\ncontent-disposition: form-data; name="a"; filename="a"\r\n\r\nno end'),
    ).rejects.toThrow(MultipartError);
    await expect(read('no boundary at all')).rejects.toThrow(MultipartError);
    expect(await read('')).toEqual(new Map());
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('rate limits', () => {
  it('lets a burst into one chat through, then asks to wait, then refills at the chat rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 3 }, () => now);
    expect([limiter.take(1), limiter.take(1), limiter.take(1)]).toEqual([null, null, null]);
    expect(limiter.take(1)).toBe(1);
    expect(limiter.take(2)).toBeNull();
    now += 1000;
    expect(limiter.take(1)).toBeNull();
    expect(limiter.take(1)).toBe(1);
  });

  it('holds all chats to the global rate per second', () => {
    let now = 0;
    const limiter = new RateLimiter({ globalPerSecond: 5, perChatPerSecond: 1, perChatBurst: 4 }, () => now);
    for (let chat = 1; chat <= 5; chat++) expect(limiter.take(chat)).toBeNull();
    expect(limiter.take(6)).toBe(1);
    now += 1001;
    expect(limiter.take(6)).toBeNull();
  });
});
