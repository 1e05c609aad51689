/**
 * npm run bench:sandbox — what keeping its state costs the Telegram sandbox: CALLS sendMessage
 * calls (a text with an inline button, CONCURRENCY at a time, flood control off) handled in this
 * process without HTTP (with a turn of the event loop after each, as between requests), first in
 * memory (the reference), then in persist mode (development: each change journaled with a
 * synchronous write before the answer). For each: time and CPU per call, the slowest call, and in
 * persist mode the bytes on disk per message and how long a restart takes to load it all. Exits non-zero unless a sandbox started on the same files while the first
 * still runs (as after kill -9: no close, nothing flushed) has every acknowledged message.
 * `-- --smoke` runs a few hundred calls: checks only.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTelegramSandbox, type TelegramSandbox } from '../../server/sandbox/index.ts';
import { AdjustableClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/log.ts';
import { int, line, ms, printMode, sized } from './setup.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? sized(20_000, 300));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TEXT = 'Напоминание: завтра в 10:00 приём у врача-терапевта, кабинет 12. Подтвердите запись.';
const MARKUP = { inline_keyboard: [[{ text: 'Подтверждаю', callback_data: 'confirm:123456' }]] };

const open = (persistFile?: string) =>
  createTelegramSandbox({
    log: silentLogger,
    clock: new AdjustableClock(),
    persistFile,
    limits: { globalPerSecond: 1e9, perChatPerSecond: 1e9, perChatBurst: 1e9 },
  });

function post(sandbox: TelegramSandbox, path: string, body: unknown): Promise<Response> {
  return sandbox.handle(
    new Request(`http://127.0.0.1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** Ten chats, each opened by its user; then CALLS messages from the bot spread over them. */
async function run(sandbox: TelegramSandbox) {
  const chats: number[] = [];
  for (let i = 0; i < 10; i++) {
    const { id } = (await (
      await post(sandbox, '/sandbox/api/users', { first_name: `Пациент ${i}` })
    ).json()) as {
      id: number;
    };
    await post(sandbox, `/sandbox/api/users/${id}/messages`, { text: '/start' });
    chats.push(id);
  }
  const acknowledged = new Map<number, number>(chats.map((id) => [id, 1]));
  let next = 0;
  let slowest = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CALLS) {
        const chat = chats[next++ % chats.length]!;
        const t0 = performance.now();
        const response = await post(sandbox, `/sandbox/bot${sandbox.token}/sendMessage`, {
          chat_id: chat,
          text: TEXT,
          reply_markup: MARKUP,
        });
        const answer = (await response.json()) as { ok: boolean };
        slowest = Math.max(slowest, performance.now() - t0);
        if (!answer.ok) throw new Error(`sendMessage failed: ${JSON.stringify(answer)}`);
        acknowledged.set(chat, acknowledged.get(chat)! + 1);
        // A turn of the event loop, as between two HTTP requests: timers get to run.
        await new Promise(setImmediate);
      }
    }),
  );
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000, slowest, acknowledged };
}

/** Messages in each chat, as the user API shows them. */
async function messagesIn(sandbox: TelegramSandbox, chats: Iterable<number>): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const id of chats) {
    const response = await sandbox.handle(new Request(`http://127.0.0.1/sandbox/api/users/${id}/chat`));
    counts.set(id, ((await response.json()) as { messages: unknown[] }).messages.length);
  }
  return counts;
}

const failures: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'emhana-bench-sandbox-'));
try {
  console.log('bench:sandbox — sendMessage handled in process (no HTTP), flood control off');
  printMode();
  line('calls', `${int(CALLS)} sendMessage into 10 chats, ${CONCURRENCY} at a time`);

  // A first run warms the code up, so the reference is not the one that pays for it.
  const warmUp = open();
  await run(warmUp);
  warmUp.close();
  const memory = open();
  const reference = await run(memory);
  memory.close();
  const perCall = (total: number) => (total * 1000) / CALLS;
  line(
    'in memory (reference)',
    `${perCall(reference.wall).toFixed(0)} µs a call, CPU ${perCall(reference.cpu).toFixed(0)} µs, slowest ${ms(reference.slowest)}`,
  );

  const file = join(dir, 'sandbox.json');
  const persisted = open(file);
  const result = await run(persisted);
  line(
    'persist mode (journal)',
    `${perCall(result.wall).toFixed(0)} µs a call, CPU ${perCall(result.cpu).toFixed(0)} µs, slowest ${ms(result.slowest)}` +
      ` — ${(result.wall / reference.wall).toFixed(2)}× the reference`,
  );
  const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
  const onDisk = size(file) + size(`${file}.journal`);
  line('on disk', `${int(onDisk)} bytes, ${int(onDisk / (CALLS + 20))} a message (snapshot and journal)`);

  // As after kill -9: the first sandbox is neither closed nor flushed when the second loads.
  const loadStarted = performance.now();
  const restarted = open(file);
  const loaded = performance.now() - loadStarted;
  line('restart without a clean stop', `state loaded in ${ms(loaded)}`);
  const found = await messagesIn(restarted, result.acknowledged.keys());
  const missing = [...result.acknowledged].reduce(
    (sum, [chat, count]) => sum + count - (found.get(chat) ?? 0),
    0,
  );
  line('acknowledged messages missing after it', `${missing} (must be 0)`);
  if (missing) failures.push(`${missing} acknowledged messages were not found after a restart`);
  restarted.close();
  persisted.close();
  line('verdict', failures.length ? `FAILED: ${failures.join('; ')}` : 'ok');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length) process.exitCode = 1;
