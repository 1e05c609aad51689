import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Update } from '@grammyjs/types';
import { Api, InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from './support/db.ts';
import { type Instance, startInstance } from './support/instance.ts';
import { SandboxClient } from './support/sandbox-user.ts';

/*
 * The Telegram sandbox inside a real server process in development (where it keeps its state in
 * DATA_DIR/sandbox.json): what it answered OK to survives kill -9, and no request body, however
 * large, makes the process's memory grow by more than a little.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const dirs: string[] = [];
const running: Instance[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const instance of running) await instance.kill();
  await db?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'emhana-sandbox-process-'));
  dirs.push(dir);
  return dir;
}

interface Served {
  instance: Instance;
  url: string;
  /** The sandbox's bot token, as the server printed it. */
  token: string;
}

/** `node server/main.ts` in development on this data folder, where the sandbox keeps its state. */
async function start(dir: string): Promise<Served> {
  const instance = await startInstance({
    NODE_ENV: 'development',
    DATA_DIR: dir,
    DATABASE_URL: db.url,
    BOT_ENABLED: 'false',
    // Flood control off: the burst below is about durability, not Telegram's limits.
    SANDBOX_GLOBAL_PER_SECOND: '1000000',
    SANDBOX_CHAT_PER_SECOND: '1000000',
    SANDBOX_CHAT_BURST: '1000000',
  });
  running.push(instance);
  await expect.poll(() => instance.output()).toMatch(/Sandbox bot token: \S+/);
  return {
    instance,
    url: instance.url,
    token: /Sandbox bot token: (\d+:[\w-]+)/.exec(instance.output())![1]!,
  };
}

/** A process's resident memory now and at its peak, in bytes, from /proc (Linux). */
function memoryOf(instance: Instance): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${instance.child.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

interface ChatView {
  messages: { message_id: number; from: 'bot' | 'user'; text?: string; edited?: true; document?: object }[];
}

describe('the sandbox in a server process', () => {
  it('keeps everything it answered OK to across kill -9 right after the answers', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const bot = new Api(first.token, { apiRoot: `${first.url}/sandbox` });
    const users = new SandboxClient(first.url);
    const people = await Promise.all(
      ['Айгерім', 'Данияр', 'Ольга'].map((name) => users.user({ first_name: name, language_code: 'ru' })),
    );
    for (const person of people) await person.send('/start');
    // The bot takes the first updates and confirms them, as grammY does with the next offset.
    const starts = await bot.getUpdates({ timeout: 0 });
    expect(starts).toHaveLength(3);
    let offset = starts.at(-1)!.update_id + 1;
    await bot.getUpdates({ offset, timeout: 0 });

    const [a, b, c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const bytes = new TextEncoder().encode('%PDF-1.4 справка о приёме');
    const doc = await bot.sendDocument(a.id, new InputFile(bytes, 'справка.pdf'), { caption: 'Справка' });
    const ask = await bot.sendMessage(a.id, 'Подтвердите запись', {
      reply_markup: { inline_keyboard: [[{ text: 'Да', callback_data: 'yes' }]] },
    });
    // A tap waits for the bot's answer: the bot polls the callback query and answers it.
    const tap = users.request<{ ok: boolean; answer?: { text?: string } }>(
      'POST',
      `/sandbox/api/users/${a.id}/callbacks`,
      { message_id: ask.message_id, data: 'yes' },
    );
    const [callback] = await bot.getUpdates({ offset, timeout: 10 });
    await bot.answerCallbackQuery(callback!.callback_query!.id, { text: 'Принято' });
    expect(await tap).toMatchObject({ ok: true, answer: { text: 'Принято' } });
    await bot.editMessageText(a.id, ask.message_id, 'Запись подтверждена');
    const gone = await bot.sendMessage(b.id, 'Это сообщение будет удалено');
    await bot.deleteMessage(b.id, gone.message_id);
    await bot.setMyCommands([{ command: 'start', description: 'Начать' }]);
    const later = await bot.sendMessage(c.id, 'Напомнить завтра?', {
      reply_markup: { inline_keyboard: [[{ text: 'Напомнить', callback_data: 'remind' }]] },
    });

    // A burst from both sides at once; every answer is OK.
    const sent = new Map<number, Map<number, string>>(people.map((p) => [p.id, new Map()]));
    const burst: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      const person = people[i % 3]!;
      const text = `Напоминание ${i}`;
      burst.push(
        bot.sendMessage(person.id, text).then((m) => {
          sent.get(person.id)!.set(m.message_id, text);
        }),
      );
      if (i % 6 === 0) {
        const mine = `Вопрос ${i}`;
        burst.push(
          person.send(mine).then((id) => {
            sent.get(person.id)!.set(id, mine);
          }),
        );
      }
    }
    await Promise.all(burst);
    // The bot reads what the users wrote and confirms the first half of it.
    const updates = await bot.getUpdates({ offset, timeout: 0 });
    expect(updates.map((u) => u.message?.text ?? u.callback_query?.data)).toContain('yes');
    const half = Math.floor(updates.length / 2);
    offset = updates[half]!.update_id;
    await bot.getUpdates({ offset, timeout: 0, limit: 1 });
    const last = await c.send('Последний вопрос');
    sent.get(c.id)!.set(last, 'Последний вопрос');
    // And a last tap, which the bot sees and answers (without confirming it yet).
    const lastTap = users.request('POST', `/sandbox/api/users/${c.id}/callbacks`, {
      message_id: later.message_id,
      data: 'remind',
    });
    const remind = await vi.waitFor(async () => {
      const seen = await bot.getUpdates({ offset, timeout: 0 });
      const update = seen.find((u) => u.callback_query?.data === 'remind');
      if (!update) throw new Error('the tap has not reached the bot yet');
      return update;
    });
    await bot.answerCallbackQuery(remind.callback_query!.id);
    await lastTap;
    await first.instance.kill();

    const second = await start(dir);
    expect(second.token).toBe(first.token);
    const again = new Api(second.token, { apiRoot: `${second.url}/sandbox` });
    const client = new SandboxClient(second.url);
    for (const person of people) {
      const { messages } = await client.request<ChatView>('GET', `/sandbox/api/users/${person.id}/chat`);
      const byId = new Map(messages.map((m) => [m.message_id, m]));
      for (const [id, text] of sent.get(person.id)!)
        expect(byId.get(id)?.text, `message ${id} of ${person.profile.first_name}`).toBe(text);
    }
    const chatA = (await client.request<ChatView>('GET', `/sandbox/api/users/${a.id}/chat`)).messages;
    expect(chatA.find((m) => m.message_id === ask.message_id)).toMatchObject({
      text: 'Запись подтверждена',
      edited: true,
    });
    expect(chatA.find((m) => m.message_id === doc.message_id)?.document).toBeDefined();
    const chatB = (await client.request<ChatView>('GET', `/sandbox/api/users/${b.id}/chat`)).messages;
    expect(chatB.map((m) => m.message_id)).not.toContain(gone.message_id);
    // The file's bytes, by the same file_id.
    const file = await again.getFile(doc.document.file_id);
    const download = await fetch(`${second.url}/sandbox/file/bot${second.token}/${file.file_path}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(await again.getMyCommands()).toEqual([{ command: 'start', description: 'Начать' }]);
    // Confirmed updates stay confirmed; the rest, the last message and the last tap wait for the bot.
    const pending: Update[] = await again.getUpdates({ timeout: 0 });
    expect(pending.map((u) => u.update_id)).toEqual([
      ...updates.slice(half).map((u) => u.update_id),
      remind.update_id - 1,
      remind.update_id,
    ]);
    expect(pending.at(-2)?.message?.text).toBe('Последний вопрос');
    expect(pending.at(-1)?.callback_query).toMatchObject({
      data: 'remind',
      message: { message_id: later.message_id },
    });
    // Message ids go on where they were.
    const lastOfB = Math.max(...sent.get(b.id)!.keys(), gone.message_id);
    expect((await again.sendMessage(b.id, 'после перезапуска')).message_id).toBe(lastOfB + 1);
    await second.instance.stop();
  }, 90_000);

  // Peak resident memory is read from /proc.
  it.skipIf(!existsSync('/proc/self/status'))(
    'refuses a request body over its limit early, and its memory stays bounded whatever the size',
    async () => {
      const dir = dataDir();
      const server = await start(dir);
      const users = new SandboxClient(server.url);
      const person = await users.user({ first_name: 'Большой' });
      await person.send('/start');
      const bot = `${server.url}/sandbox/bot${server.token}`;
      await expect.poll(() => existsSync(join(dir, 'sandbox.json'))).toBe(true);
      const { smsKey } = JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as { smsKey: string };
      const boundary = 'emhanaBoundary';
      const upload =
        `--${boundary}\r\ncontent-disposition: form-data; name="chat_id"\r\n\r\n${person.id}\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="document"; filename="big.pdf"\r\n` +
        'content-type: application/pdf\r\n\r\n';
      const multipart = `multipart/form-data; boundary=${boundary}`;
      const tooLarge = { ok: false, error_code: 413, description: 'Request Entity Too Large' };
      const size = 200 * 1024 * 1024;
      const post = async (url: string, type: string, head: string, declare = false) =>
        postHuge(url, type, head, size, declare);

      // Bodies with parameters only are refused at their limit (1 MB for the Bot API's, as
      // Telegram's server has it): nothing near the size of the body is ever held.
      const before = memoryOf(server.instance);
      expect(
        await post(`${bot}/sendMessage`, 'application/json', `{"chat_id": ${person.id}, "text": "`),
      ).toEqual({
        status: 413,
        body: tooLarge,
      });
      expect(
        await post(`${bot}/sendMessage`, 'application/x-www-form-urlencoded', `chat_id=${person.id}&text=`),
      ).toEqual({ status: 413, body: tooLarge });
      // With a Content-Length over the limit, before a byte of it is read.
      expect(await post(`${bot}/sendDocument`, multipart, upload, true)).toEqual({
        status: 413,
        body: tooLarge,
      });
      expect(
        await post(`${server.url}/sandbox/api/users/${person.id}/messages`, 'application/json', '{"text": "'),
      ).toEqual({ status: 413, body: { ok: false, error: 'request body too large' } });
      expect(
        await post(
          `${server.url}/sandbox/mobizon/service/Message/SendSmsMessage?apiKey=${smsKey}`,
          'application/x-www-form-urlencoded',
          'recipient=77011234567&text=',
        ),
      ).toEqual({ status: 413, body: { code: 413, data: '', message: 'Request Entity Too Large' } });
      const small = memoryOf(server.instance);
      expect((small.peak - before.peak) / 2 ** 20, 'peak growth over bodies of parameters, MB').toBeLessThan(
        20,
      );

      // An upload is read up to Telegram's 50 MB, its file going to disk as it comes, then refused.
      // Those 50 MB pass through the process in socket buffers that V8 frees lazily (once some
      // 64 MB of them are garbage), so the peak may rise by about that much (measured: 57–100 MB),
      // but not with the size: well under one 200 MB body, let alone three (before: +579 MB).
      for (let i = 0; i < 3; i++)
        expect(await post(`${bot}/sendDocument`, multipart, upload)).toEqual({ status: 413, body: tooLarge });
      const after = memoryOf(server.instance);
      expect((after.peak - before.peak) / 2 ** 20, 'peak growth over three 200 MB uploads, MB').toBeLessThan(
        150,
      );
      // Nothing of the refused uploads is left on disk, and the sandbox still works.
      expect(
        readdirSync(join(dir, 'sandbox.json.files')).filter((name) => name.startsWith('.upload')),
      ).toEqual([]);
      expect(await person.send('ещё здесь')).toBeGreaterThan(1);
      await server.instance.stop();
    },
    90_000,
  );
});

/**
 * POSTs `head` followed by filler up to `size` bytes, generated a megabyte at a time as the server
 * reads it (chunked, or with its Content-Length declared), and returns the answer.
 */
async function postHuge(
  url: string,
  type: string,
  head: string,
  size: number,
  declareLength = false,
): Promise<{ status: number; body: unknown }> {
  const filler = new Uint8Array(1024 * 1024).fill('a'.charCodeAt(0));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const first = new TextEncoder().encode(head);
      controller.enqueue(first);
      sent = first.length;
    },
    pull(controller) {
      if (sent >= size) return controller.close();
      const chunk = filler.subarray(0, Math.min(filler.length, size - sent));
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': type, ...(declareLength ? { 'content-length': String(size) } : {}) },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, body: await response.json() };
}
