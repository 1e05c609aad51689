import { describe, expect, it } from 'vitest';
import type { BotApiError } from './errors.ts';
import { readMarkup } from './markup.ts';
import { removeUploads } from './multipart.ts';
import { coerceParams, readParams, uploadsIn } from './params.ts';
import { formatText } from './text.ts';

const URL_ = 'http://127.0.0.1/sandbox/bot1:x/sendMessage';
const jsonBody = (body: unknown) =>
  new Request(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('parameters as Telegram reads them', () => {
  it('parses arrays and objects sent as JSON strings inside a JSON body (python-telegram-bot does)', async () => {
    const markup = { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] };
    const params = await readParams(
      jsonBody({
        chat_id: 42,
        text: '{"looks": "like JSON"}',
        reply_markup: JSON.stringify(markup),
        entities: '[{"type":"bold","offset":0,"length":1}]',
        allowed_updates: '["message","callback_query"]',
        commands: '[{"command":"start","description":"Start"}]',
        media: '[{"type":"photo","media":"attach://p"}]',
      }),
    );
    expect(params).toEqual({
      chat_id: 42,
      // Not an array or object field: text stays text, whatever it looks like.
      text: '{"looks": "like JSON"}',
      reply_markup: markup,
      entities: [{ type: 'bold', offset: 0, length: 1 }],
      allowed_updates: ['message', 'callback_query'],
      commands: [{ command: 'start', description: 'Start' }],
      media: [{ type: 'photo', media: 'attach://p' }],
    });
  });

  it('keeps JSON-typed values of a JSON body as they are', async () => {
    const markup = { keyboard: [['Yes', 'No']], resize_keyboard: true };
    expect(await readParams(jsonBody({ chat_id: -100, reply_markup: markup, timeout: 30 }))).toEqual({
      chat_id: -100,
      reply_markup: markup,
      timeout: 30,
    });
  });

  it('reads numbers sent as strings, in a JSON body and in a form, but not a @username', async () => {
    expect(await readParams(jsonBody({ chat_id: '42', message_id: '7', offset: '-1' }))).toEqual({
      chat_id: 42,
      message_id: 7,
      offset: -1,
    });
    expect(await readParams(jsonBody({ chat_id: '@emhana_channel' }))).toEqual({
      chat_id: '@emhana_channel',
    });
    const form = new Request(URL_, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: '42', latitude: '43.238949' }),
    });
    expect(await readParams(form)).toEqual({ chat_id: 42, latitude: 43.238949 });
  });

  it('reads booleans as true/false/1/0, as JSON values or strings, in any case', async () => {
    const flags = await readParams(
      jsonBody({
        show_alert: 1,
        disable_notification: 0,
        protect_content: 'True',
        drop_pending_updates: '1',
        has_spoiler: 'false',
        disable_web_page_preview: '0',
        is_personal: true,
      }),
    );
    expect(flags).toEqual({
      show_alert: true,
      disable_notification: false,
      protect_content: true,
      drop_pending_updates: true,
      has_spoiler: false,
      disable_web_page_preview: false,
      is_personal: true,
    });
    const query = new Request(`${URL_}?show_alert=1&disable_notification=FALSE&protect_content=yes`);
    expect(await readParams(query)).toEqual({
      show_alert: true,
      disable_notification: false,
      protect_content: true,
    });
  });

  it('reads a webhook reply (a body read elsewhere) the same way', () => {
    expect(
      coerceParams({ method: 'sendMessage', chat_id: '42', reply_markup: '{"remove_keyboard":true}' }),
    ).toEqual({ method: 'sendMessage', chat_id: 42, reply_markup: { remove_keyboard: true } });
  });

  it('leaves a JSON field that is not JSON as text, so the method answers with its own error', async () => {
    expect(await readParams(jsonBody({ reply_markup: '{oops' }))).toEqual({ reply_markup: '{oops' });
    expect(() => readMarkup('{oops')).toThrow("can't parse reply keyboard markup JSON object");
  });
});

describe("Telegram's body limits", () => {
  const refusal = (req: Request) =>
    readParams(req).then(
      () => expect.fail('expected a refusal'),
      (error: BotApiError) => [error.code, error.message],
    );
  const tooLarge = [413, 'Request Entity Too Large'];
  // Encoded first: undici's own FormData body stream fails (unhandled) when a reader cancels it.
  const multipartRequest = async (form: FormData) => {
    const encoded = new Response(form);
    return new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': encoded.headers.get('content-type')! },
      body: await encoded.blob(),
    });
  };

  it('refuses parameters over 1 MB, in a JSON, form or multipart body', async () => {
    const text = 'я'.repeat(600_000);
    expect(await refusal(jsonBody({ chat_id: 1, text }))).toEqual(tooLarge);
    const form = new URLSearchParams({ chat_id: '1', text });
    expect(await refusal(new Request(URL_, { method: 'POST', body: form }))).toEqual(tooLarge);
    const multipart = new FormData();
    multipart.set('chat_id', '1');
    multipart.set('text', text);
    expect(await refusal(await multipartRequest(multipart))).toEqual(tooLarge);
  });

  it('takes an upload of up to 50 MB, and refuses a larger one', async () => {
    const upload = (size: number) => {
      const body = new FormData();
      body.set('chat_id', '1');
      body.set('document', new Blob([new Uint8Array(size)]), 'a.pdf');
      return multipartRequest(body);
    };
    const params = await readParams(await upload(50 * 1024 * 1024 - 1000));
    expect(uploadsIn(params).map((file) => file.size)).toEqual([50 * 1024 * 1024 - 1000]);
    removeUploads(uploadsIn(params));
    expect(await refusal(await upload(50 * 1024 * 1024 + 1))).toEqual(tooLarge);
  });
});

describe('parse_mode in any case', () => {
  it('HTML, html, MarkdownV2, markdownv2, Markdown and none', () => {
    const bold = [{ type: 'bold', offset: 0, length: 2 }];
    expect(formatText('<b>hi</b>', 'HTML', undefined, 'text').entities).toEqual(bold);
    expect(formatText('<b>hi</b>', 'html', undefined, 'text').entities).toEqual(bold);
    expect(formatText('*hi*', 'MarkdownV2', undefined, 'text').entities).toEqual(bold);
    expect(formatText('*hi*', 'markdownv2', undefined, 'text').entities).toEqual(bold);
    expect(formatText('*hi*', 'Markdown', undefined, 'text').text).toBe('hi');
    expect(formatText('*hi*', 'markdown', undefined, 'text').text).toBe('hi');
    expect(formatText('<b>hi</b>', 'none', undefined, 'text')).toEqual({ text: '<b>hi</b>', entities: [] });
    expect(() => formatText('hi', 'BBCode', undefined, 'text')).toThrow('unsupported parse_mode');
  });
});

describe('keyboards keep only the fields Telegram knows', () => {
  it("drops unknown fields of inline buttons (Telegraf's `hide`)", () => {
    const markup = readMarkup({
      inline_keyboard: [
        [
          { text: 'A', callback_data: 'a', hide: false },
          { text: 'Site', url: 'https://emhana.kz', hide: false, extra: { deep: 1 } },
        ],
      ],
      unknown: 'x',
    });
    expect(markup).toEqual({
      inline_keyboard: [
        [
          { text: 'A', callback_data: 'a' },
          { text: 'Site', url: 'https://emhana.kz' },
        ],
      ],
    });
  });

  it('a button left with no action once unknown fields are gone is a text button, refused', () => {
    expect(() => readMarkup({ inline_keyboard: [[{ text: 'A', data: 'a' }]] })).toThrow(
      'Text buttons are unallowed in the inline keyboard',
    );
  });

  it('drops unknown fields of reply keyboards, their buttons and force_reply', () => {
    expect(
      readMarkup({
        keyboard: [
          ['Yes', { text: 'No', hide: false }],
          [{ text: 'Phone', request_contact: true, hide: false }],
        ],
        resize_keyboard: true,
        one_time_keyboard: true,
        input_field_placeholder: 'Pick',
        extra: 1,
      }),
    ).toEqual({
      keyboard: [['Yes', { text: 'No' }], [{ text: 'Phone', request_contact: true }]],
      resize_keyboard: true,
      one_time_keyboard: true,
      input_field_placeholder: 'Pick',
    });
    expect(readMarkup({ force_reply: true, selective: true, extra: 1 })).toEqual({
      force_reply: true,
      selective: true,
    });
  });
});
