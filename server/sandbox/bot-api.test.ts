import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFailure, type ServedSandbox, serveSandbox } from '../../tests/support/sandbox-server.ts';
import { SandboxClient, type SandboxUser } from '../../tests/support/sandbox-user.ts';

let s: ServedSandbox;
let api: Api;
let users: SandboxClient;

beforeAll(async () => {
  // Tests share this sandbox, so flood control is tested on sandboxes of its own (below).
  s = await serveSandbox({
    bot: { username: 'emhana_test_bot', firstName: 'Emhana Test' },
    limits: { globalPerSecond: 1000, perChatBurst: 50 },
  });
  api = new Api(s.sandbox.token, { apiRoot: s.apiRoot });
  users = new SandboxClient(s.url);
});
afterAll(() => s.stop());

/** A user who has written to the bot, so the bot may write back. */
async function started(first_name = 'Айгерим'): Promise<SandboxUser> {
  const user = await users.user({ first_name, language_code: 'kk' });
  await user.send('/start');
  return user;
}

describe('bot identity and routing', () => {
  it('answers getMe with a Telegram-shaped bot user and a Telegram-shaped token', async () => {
    expect(s.sandbox.token).toMatch(/^\d+:[A-Za-z0-9_-]{35}$/);
    expect(s.sandbox.token.startsWith(`${s.sandbox.botId}:`)).toBe(true);
    const me = await api.getMe();
    expect(me).toMatchObject({ id: s.sandbox.botId, is_bot: true, username: 'emhana_test_bot' });
  });

  it('refuses a wrong token with 401 and an unknown method with 404, like Telegram', async () => {
    const stranger = new Api(`${s.sandbox.botId}:AAwrongwrongwrongwrongwrongwrongwro`, {
      apiRoot: s.apiRoot,
    });
    expect(await apiFailure(stranger.getMe())).toEqual({ error_code: 401, description: 'Unauthorized' });
    const raw = api.raw as unknown as Record<string, () => Promise<unknown>>;
    expect(await apiFailure(raw.sendTelepathy!())).toEqual({ error_code: 404, description: 'Not Found' });
    const response = await fetch(`${s.apiRoot}/bot${s.sandbox.token}/GETME`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, result: { id: s.sandbox.botId } });
  });

  it('accepts GET with a query string and form-encoded POSTs', async () => {
    const user = await started();
    const get = await fetch(
      `${s.apiRoot}/bot${s.sandbox.token}/sendMessage?chat_id=${user.id}&text=via%20GET`,
    );
    expect(await get.json()).toMatchObject({ ok: true, result: { text: 'via GET', chat: { id: user.id } } });
    const form = await fetch(`${s.apiRoot}/bot${s.sandbox.token}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({
        chat_id: String(user.id),
        text: 'via form',
        reply_markup: '{"remove_keyboard":true}',
      }),
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { text: 'via form' } });
    await user.expectMessage('via GET');
    expect(await user.expectMessage('via form')).toMatchObject({ keyboard_removed: true });
  });
});

describe('any library as is', () => {
  it('answers at /bot<token>/<method> on the server root and through an apiRoot with a trailing slash', async () => {
    expect((await new Api(s.sandbox.token, { apiRoot: s.url }).getMe()).id).toBe(s.sandbox.botId);
    // What a library that appends `/bot<token>/<method>` to an apiRoot ending in a slash asks for.
    for (const apiRoot of [`${s.url}/`, `${s.apiRoot}/`]) {
      const response = await fetch(`${apiRoot}/bot${s.sandbox.token}/getMe`);
      expect(await response.json(), apiRoot).toMatchObject({ ok: true, result: { id: s.sandbox.botId } });
    }
    // Telegraf resolves `./bot<token>/<method>` against its apiRoot as a URL base.
    const resolved = new URL(`./bot${s.sandbox.token}/getMe`, s.apiRoot);
    expect(resolved.pathname).toBe(`/bot${s.sandbox.token}/getMe`);
    expect(await (await fetch(resolved)).json()).toMatchObject({ ok: true, result: { id: s.sandbox.botId } });
    const stranger = new Api(`${s.sandbox.botId}:AAwrongwrongwrongwrongwrongwrongwro`, { apiRoot: s.url });
    expect(await apiFailure(stranger.getMe())).toEqual({ error_code: 401, description: 'Unauthorized' });
    // Nothing else of the sandbox is at the root.
    expect((await fetch(`${s.url}/api/users`)).status).toBe(404);
  });

  it('serves files at /file/bot<token>/<path> on the root too', async () => {
    const user = await started();
    const bytes = new TextEncoder().encode('hello');
    const sent = await api.sendDocument(user.id, new InputFile(bytes, 'hello.txt'));
    const file = await api.getFile(sent.document.file_id);
    for (const root of [s.url, `${s.url}//`, `${s.apiRoot}/`]) {
      const response = await fetch(`${root}/file/bot${s.sandbox.token}/${file.file_path}`);
      expect(await response.text(), root).toBe('hello');
    }
  });

  it('reads reply_markup sent as a JSON string inside a JSON body, and echoes no unknown button field', async () => {
    const user = await started();
    const response = await fetch(`${s.url}/bot${s.sandbox.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        chat_id: String(user.id),
        text: '<b>Pick</b>',
        parse_mode: 'html',
        disable_notification: 1,
        reply_markup: JSON.stringify({
          inline_keyboard: [[{ text: 'A', callback_data: 'a', hide: false }]],
        }),
      }),
    });
    const body = await response.json();
    expect(body).toMatchObject({
      ok: true,
      result: { text: 'Pick', entities: [{ type: 'bold', offset: 0, length: 4 }] },
    });
    expect(body.result.reply_markup).toEqual({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] });
    expect(await user.expectMessage('Pick')).toMatchObject({ buttons: [[{ text: 'A', data: 'a' }]] });
  });
});

describe("Telegram's errors", () => {
  it('chat not found, and no conversation before the user writes', async () => {
    expect(await apiFailure(api.sendMessage(42, 'hi'))).toEqual({
      error_code: 400,
      description: 'Bad Request: chat not found',
    });
    const silent = await users.user({ first_name: 'Тихий' });
    expect(await apiFailure(api.sendMessage(silent.id, 'hi'))).toEqual({
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
  });

  it('empty and too long texts, counted after entity parsing', async () => {
    const user = await started();
    expect(await apiFailure(api.sendMessage(user.id, ''))).toEqual({
      error_code: 400,
      description: 'Bad Request: message text is empty',
    });
    expect(await apiFailure(api.sendMessage(user.id, 'ы'.repeat(4097)))).toEqual({
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    const longest = await api.sendMessage(user.id, `<b>${'ы'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    expect(longest.text).toHaveLength(4096);
    expect(longest.entities).toEqual([{ type: 'bold', offset: 0, length: 4096 }]);
  });

  it('callback data over 64 bytes', async () => {
    const user = await started();
    const keyboard = (data: string) => ({
      reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: data }]] },
    });
    expect(await apiFailure(api.sendMessage(user.id, 'pick', keyboard('ж'.repeat(33))))).toEqual({
      error_code: 400,
      description: 'Bad Request: BUTTON_DATA_INVALID',
    });
    await api.sendMessage(user.id, 'pick', keyboard('ж'.repeat(32)));
  });

  it("malformed HTML: can't parse entities", async () => {
    const user = await started();
    const html = (text: string) => apiFailure(api.sendMessage(user.id, text, { parse_mode: 'HTML' }));
    expect(await html('<b>Сәлем')).toEqual({
      error_code: 400,
      description: "Bad Request: can't parse entities: Can't find end tag corresponding to start tag b",
    });
    expect((await html('<blink>x</blink>')).description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "blink" at byte offset 0',
    );
    expect((await html('<b><i>x</b></i>')).description).toMatch(
      /^Bad Request: can't parse entities: Unmatched end tag/,
    );
    const sent = await api.sendMessage(user.id, '<b>Ф.И.О.</b> <a href="https://emhana.kz">сайт</a> &lt;3', {
      parse_mode: 'HTML',
    });
    expect(sent.text).toBe('Ф.И.О. сайт <3');
    expect(sent.entities).toEqual([
      { type: 'bold', offset: 0, length: 6 },
      { type: 'text_link', offset: 7, length: 4, url: 'https://emhana.kz' },
    ]);
  });

  it('edits: not modified, not found, and inline keyboards kept only when sent again', async () => {
    const user = await started();
    const markup = { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] };
    const sent = await api.sendMessage(user.id, '<b>Hello</b>', { parse_mode: 'HTML', reply_markup: markup });
    expect(
      await apiFailure(
        api.editMessageText(user.id, sent.message_id, '<b>Hello</b>', {
          parse_mode: 'HTML',
          reply_markup: markup,
        }),
      ),
    ).toEqual({
      error_code: 400,
      description:
        'Bad Request: message is not modified: specified new message content and reply markup are ' +
        'exactly the ' +
        'same as a current content and reply markup of the message',
    });
    const edited = await api.editMessageText(user.id, sent.message_id, '<b>Hello</b>', {
      parse_mode: 'HTML',
    });
    expect(edited).toMatchObject({ text: 'Hello', edit_date: expect.any(Number) });
    expect(edited).not.toHaveProperty('reply_markup');
    expect((await apiFailure(api.editMessageReplyMarkup(user.id, sent.message_id))).description).toMatch(
      /message is not modified/,
    );
    expect(await apiFailure(api.editMessageText(user.id, 9999, 'x'))).toEqual({
      error_code: 400,
      description: 'Bad Request: message to edit not found',
    });
    expect(await apiFailure(api.deleteMessage(user.id, 9999))).toEqual({
      error_code: 400,
      description: 'Bad Request: message to delete not found',
    });
    expect(await api.deleteMessage(user.id, sent.message_id)).toBe(true);
    expect((await apiFailure(api.deleteMessage(user.id, sent.message_id))).description).toBe(
      'Bad Request: message to delete not found',
    );
  });

  it('a user who blocked the bot: 403', async () => {
    const user = await started();
    await user.block();
    expect(await apiFailure(api.sendMessage(user.id, 'reminder'))).toEqual({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    await user.unblock();
    await api.sendMessage(user.id, 'welcome back');
    await user.expectMessage('welcome back');
  });
});

describe('rate limits', () => {
  it('lets a short burst into one chat through, then answers 429 with retry_after', async () => {
    const limited = await serveSandbox({
      limits: { perChatBurst: 3, perChatPerSecond: 1, globalPerSecond: 100 },
    });
    try {
      const lapi = new Api(limited.sandbox.token, { apiRoot: limited.apiRoot });
      const user = await new SandboxClient(limited.url).user({ first_name: 'Asel' });
      await user.send('/start');
      for (let i = 1; i <= 3; i++) await lapi.sendMessage(user.id, `burst ${i}`);
      expect(await apiFailure(lapi.sendMessage(user.id, 'one too many'))).toEqual({
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        retry_after: 1,
      });
      // Limited sends and location/venue/document sends share the chat's allowance.
      expect((await apiFailure(lapi.sendLocation(user.id, 43.2, 76.9))).error_code).toBe(429);
      await user.expectMessage('burst 3');
      await user.expectNoMessage(100);
    } finally {
      await limited.stop();
    }
  });

  it('holds all chats together to the global limit', async () => {
    const limited = await serveSandbox({ limits: { globalPerSecond: 4, perChatBurst: 10 } });
    try {
      const lapi = new Api(limited.sandbox.token, { apiRoot: limited.apiRoot });
      const client = new SandboxClient(limited.url);
      const people = await Promise.all([1, 2, 3, 4, 5].map((n) => client.user({ first_name: `P${n}` })));
      for (const person of people) await person.send('/start');
      for (const person of people.slice(0, 4)) await lapi.sendMessage(person.id, 'news');
      const failure = await apiFailure(lapi.sendMessage(people[4]!.id, 'news'));
      expect(failure).toMatchObject({ error_code: 429, retry_after: 1 });
    } finally {
      await limited.stop();
    }
  });
});

describe('faults on demand', () => {
  it('429 and 500 faults fail the next calls without sending anything', async () => {
    const user = await started();
    await users.fault({ method: 'sendMessage', kind: '429', count: 2, retry_after: 3 });
    expect(await apiFailure(api.sendMessage(user.id, 'lost 1'))).toEqual({
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      retry_after: 3,
    });
    expect((await apiFailure(api.sendMessage(user.id, 'lost 2'))).error_code).toBe(429);
    await users.fault({ method: 'sendMessage', kind: '500', count: 1 });
    expect(await apiFailure(api.sendMessage(user.id, 'lost 3'))).toEqual({
      error_code: 500,
      description: 'Internal Server Error',
    });
    await api.sendMessage(user.id, 'delivered');
    expect((await user.expectMessage()).text).toBe('delivered');
  });

  it("a retrying client (grammY's auto-retry) gets through after a 429, sending once", async () => {
    const user = await started();
    const retrying = new Api(s.sandbox.token, { apiRoot: s.apiRoot });
    retrying.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 2 }));
    await users.fault({ method: 'sendmessage', kind: '429', count: 1, retry_after: 1 });
    await retrying.sendMessage(user.id, 'after retry');
    await user.expectMessage('after retry');
    await user.expectNoMessage(200);
    expect(user.botMessages.filter((m) => m.text === 'after retry')).toHaveLength(1);
  });

  it('a timeout fault holds the call until the client gives up, and nothing is sent', async () => {
    const user = await started();
    const impatient = new Bot(s.sandbox.token, { client: { apiRoot: s.apiRoot, timeoutSeconds: 1 } });
    await users.fault({ method: 'sendMessage', kind: 'timeout', count: 1 });
    const failure = await apiFailure(impatient.api.sendMessage(user.id, 'never'));
    expect(failure.description).toBe("network: Network request for 'sendMessage' failed!");
    await users.clearFaults();
    await impatient.api.sendMessage(user.id, 'second try');
    expect((await user.expectMessage()).text).toBe('second try');
  });

  it('DELETE /sandbox/api/faults clears queued faults', async () => {
    const user = await started();
    await users.fault({ method: 'sendMessage', kind: '500', count: 5 });
    await users.clearFaults();
    await api.sendMessage(user.id, 'fine');
    await user.expectMessage('fine');
  });
});
