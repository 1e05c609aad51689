import type { Update } from '@grammyjs/types';
import { Api, Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFailure,
  type ServedSandbox,
  serveForConversations,
  serveSandbox,
} from '../../tests/support/sandbox-server.ts';
import { SandboxClient } from '../../tests/support/sandbox-user.ts';
import { serve } from '../serve.ts';

let s: ServedSandbox;
let api: Api;
let users: SandboxClient;

beforeAll(async () => {
  ({ served: s, api, users } = await serveForConversations());
});
afterAll(() => s.stop());

/** Drops whatever earlier tests left in the queue, so each test sees only its own updates. */
async function drain(): Promise<void> {
  const left = await api.getUpdates({ timeout: 0 });
  if (left.length) await api.getUpdates({ offset: left.at(-1)!.update_id + 1, timeout: 0 });
}

describe('a grammY bot on long polling', () => {
  it('gets user messages and callback queries; the user sees replies, answers and edits', async () => {
    await drain();
    const bot = new Bot(s.sandbox.token, { client: { apiRoot: s.apiRoot } });
    bot.catch((error) => console.error('test bot failed:', error.message));
    bot.command('start', (ctx) =>
      ctx.reply(`Сәлем, ${ctx.from?.first_name}! (${ctx.match || 'no payload'})`, {
        reply_markup: { inline_keyboard: [[{ text: 'Жазылу', callback_data: 'book' }]] },
      }),
    );
    bot.callbackQuery('book', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Қабылданды', show_alert: true });
      await ctx.editMessageText('Жазылдыңыз ✅');
    });
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    bot.on('message:contact', (ctx) =>
      ctx.reply(
        `contact ${ctx.message.contact.phone_number} ${ctx.message.contact.first_name} ` +
          `own=${ctx.message.contact.user_id === ctx.from.id}`,
      ),
    );
    const running = bot.start({ timeout: 1 });
    try {
      const patient = await users.user({
        first_name: 'Айгерим',
        language_code: 'kk',
        phone_number: '+7 701 123 45 67',
      });
      await patient.send('/start ref42');
      const hello = await patient.expectMessage(/Сәлем, Айгерим/);
      expect(hello.text).toBe('Сәлем, Айгерим! (ref42)');
      expect(hello.buttons).toEqual([[{ text: 'Жазылу', data: 'book' }]]);

      const tap = await patient.tap('Жазылу');
      expect(tap).toEqual({
        kind: 'callback',
        message_id: hello.message_id,
        answered: true,
        answer: { text: 'Қабылданды', show_alert: true },
      });
      const edited = await patient.expectEdit(/Жазылдыңыз/);
      expect(edited).toMatchObject({ message_id: hello.message_id, edited: true });
      expect(edited.buttons).toBeUndefined();

      await patient.send('hello');
      await patient.expectMessage('echo: hello');
      await patient.shareContact('+77011234567');
      await patient.expectMessage('contact +77011234567 Айгерим own=true');
      // Telegram never lets one send another number as one's own: it arrives as a contact card.
      await patient.shareContact('+77015550000');
      await patient.expectMessage('contact +77015550000 Contact own=false');
      await patient.shareContact('+77017654321', { user_id: 1234, first_name: 'Мама' });
      await patient.expectMessage('contact +77017654321 Мама own=false');
      const sister = await users.user({ first_name: 'Дана' });
      await patient.shareContact('+77017654322', { user_id: sister.id });
      await patient.expectMessage('contact +77017654322 Дана own=false');
      await expect(patient.tap('Нет такой кнопки', { timeout: 200 })).rejects.toThrow(
        /No button "Нет такой кнопки" to tap within 200 ms/,
      );
    } finally {
      await bot.stop();
      await running;
    }
  });
});

describe('getUpdates semantics', () => {
  it('keeps updates until a later call confirms them with a higher offset', async () => {
    await drain();
    const user = await users.user({ first_name: 'Ерлан' });
    await user.send('one');
    await user.send('two');
    const first = await api.getUpdates({ timeout: 0 });
    expect(first.map((u) => u.message?.text)).toEqual(['one', 'two']);
    expect(first[0]!.message).toMatchObject({
      from: { id: user.id, is_bot: false },
      chat: { id: user.id, type: 'private' },
    });
    expect(first[1]!.update_id).toBe(first[0]!.update_id + 1);
    expect(await api.getUpdates({ timeout: 0 })).toEqual(first);
    const rest = await api.getUpdates({ offset: first[0]!.update_id + 1, timeout: 0 });
    expect(rest.map((u) => u.message?.text)).toEqual(['two']);
    expect(await api.getUpdates({ offset: first[1]!.update_id + 1, timeout: 0 })).toEqual([]);
    expect((await api.getWebhookInfo()).pending_update_count).toBe(0);
  });

  it('with a negative offset keeps only the last updates; limit caps a batch', async () => {
    await drain();
    const user = await users.user({ first_name: 'Ерлан' });
    for (const text of ['a', 'b', 'c']) await user.send(text);
    expect((await api.getUpdates({ limit: 2, timeout: 0 })).map((u) => u.message?.text)).toEqual(['a', 'b']);
    expect((await api.getUpdates({ offset: -1, timeout: 0 })).map((u) => u.message?.text)).toEqual(['c']);
    expect((await api.getUpdates({ timeout: 0 })).map((u) => u.message?.text)).toEqual(['c']);
  });

  it('a long poll returns as soon as an update arrives', async () => {
    await drain();
    const user = await users.user({ first_name: 'Ерлан' });
    const started = performance.now();
    const poll = api.getUpdates({ timeout: 20 });
    await user.send('wake up');
    const updates = await poll;
    expect(updates.map((u) => u.message?.text)).toEqual(['wake up']);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a second getUpdates terminates the first with 409 Conflict', async () => {
    await drain();
    const first = apiFailure(api.getUpdates({ timeout: 20 }));
    while (!(await users.request<{ polling: boolean }>('GET', '/sandbox/api/bot')).polling);
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
    expect(await first).toEqual({
      error_code: 409,
      description:
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
  });

  it('applies allowed_updates to new updates; unset or empty = all but chat_member, reactions', async () => {
    const user = await users.user({ first_name: 'Ерлан' });
    await user.send('/start');
    await drain();
    await api.getUpdates({ allowed_updates: ['callback_query'], timeout: 0 });
    try {
      await user.send('not wanted');
      await user.block();
      expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
    } finally {
      await api.getUpdates({ allowed_updates: [], timeout: 0 });
    }
    await user.unblock();
    await user.block();
    const updates = await api.getUpdates({ timeout: 0 });
    expect(updates.map((u) => u.my_chat_member?.new_chat_member.status)).toEqual(['member', 'kicked']);
    const blocked = updates[1]!.my_chat_member!;
    expect(blocked).toMatchObject({
      chat: { id: user.id, type: 'private' },
      from: { id: user.id },
      old_chat_member: { status: 'member', user: { id: s.sandbox.botId, is_bot: true } },
      new_chat_member: { status: 'kicked', until_date: 0 },
    });
    // Writing again unblocks the bot, as the "Restart" button of a Telegram client does.
    await user.send('/start');
    const restart = await api.getUpdates({ offset: updates[1]!.update_id + 1, timeout: 0 });
    expect(restart.map((u) => Object.keys(u)[1])).toEqual(['my_chat_member', 'message']);
    await drain();
  });
});

describe('webhook delivery', () => {
  it('posts updates in order with the secret header, retries failures and reports them', async () => {
    await drain();
    const received: { secret: string | null; update: Update }[] = [];
    let failuresLeft = 1;
    const arrived: (() => void)[] = [];
    const receiver = await serve(
      async (req) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          return new Response('boom', { status: 500 });
        }
        received.push({
          secret: req.headers.get('x-telegram-bot-api-secret-token'),
          update: (await req.json()) as Update,
        });
        arrived.shift()?.();
        return new Response('ok');
      },
      { port: 0, hostname: '127.0.0.1' },
    );
    const nextArrival = () => new Promise<void>((resolve) => arrived.push(resolve));
    try {
      const user = await users.user({ first_name: 'Webhook' });
      await api.setWebhook(`${receiver.url}/telegram`, { secret_token: 'sekret_42' });
      expect(await apiFailure(api.getUpdates())).toEqual({
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; " +
          'use deleteWebhook to delete the webhook first',
      });
      const both = Promise.all([nextArrival(), nextArrival()]);
      await user.send('first');
      await user.send('second');
      await both;
      expect(received.map((r) => [r.secret, r.update.message?.text])).toEqual([
        ['sekret_42', 'first'],
        ['sekret_42', 'second'],
      ]);
      const info = await api.getWebhookInfo();
      expect(info).toMatchObject({
        url: `${receiver.url}/telegram`,
        pending_update_count: 0,
        last_error_message: 'Wrong response from the webhook: 500 Internal Server Error',
      });
      expect(info.last_error_date).toBeGreaterThan(0);
      await api.deleteWebhook();
      expect((await api.getWebhookInfo()).url).toBe('');
      await user.send('third');
      expect((await api.getUpdates({ timeout: 0 })).map((u) => u.message?.text)).toEqual(['third']);
    } finally {
      await api.deleteWebhook({ drop_pending_updates: true });
      await receiver.close();
    }
  });
});

describe('closing', () => {
  it('answers pending long polls at once and stops webhook delivery', async () => {
    const own = await serveSandbox();
    const ownApi = new Api(own.sandbox.token, { apiRoot: own.apiRoot });
    const client = new SandboxClient(own.url);
    const user = await client.user({ first_name: 'Закрытие' });
    const started = performance.now();
    const poll = ownApi.getUpdates({ timeout: 30 });
    const chat = client.request<{ messages: unknown[] }>('GET', `/sandbox/api/users/${user.id}/chat?wait=30`);
    while (!(await client.request<{ polling: boolean }>('GET', '/sandbox/api/bot')).polling);
    own.sandbox.close();
    expect(await poll).toEqual([]);
    expect((await chat).messages).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5_000);
    await own.stop();
  });
});
