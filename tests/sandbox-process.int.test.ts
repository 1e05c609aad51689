import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './support/db.ts';
import { type Instance, startInstance } from './support/instance.ts';
import { SandboxClient } from './support/sandbox-user.ts';

/*
 * The Telegram sandbox inside a real server process in development (where it keeps its state in
 * DATA_DIR/sandbox.json): no request body, however large, makes the process's memory grow by
 * more than a little.
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

describe('the sandbox in a server process', () => {
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
      // 64 MB of them are garbage), so the peak may rise by about that much, but not with the size.
      for (let i = 0; i < 3; i++)
        expect(await post(`${bot}/sendDocument`, multipart, upload)).toEqual({ status: 413, body: tooLarge });
      const after = memoryOf(server.instance);
      expect((after.peak - before.peak) / 2 ** 20, 'peak growth over three 200 MB uploads, MB').toBeLessThan(
        100,
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
