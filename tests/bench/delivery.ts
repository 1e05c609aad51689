import { setTimeout as sleep } from 'node:timers/promises';
/**
 * npm run bench:delivery [-- --count 5000 --chats 500] [-- --smoke]
 *
 * 5,000 messages through the delivery queue to the Telegram sandbox, at Telegram's limits (the
 * sandbox enforces ~30 messages/s overall and ~1/s per chat with 429s; the queue paces itself).
 * Prints messages per second achieved, 429s met, duplicates and losses; exits non-zero on any
 * duplicate or loss. Smoke: 90 messages to 30 chats (three a chat, so the per-chat pacing runs).
 */

import { queueNotice } from '../../modules/notifications/index.ts';
import { startApp } from '../../server/app.ts';
import { parseEnv } from '../../server/config.ts';
import { jobQueue } from '../../server/jobs.ts';
import { serve } from '../../server/serve.ts';
import { silentLogger } from '../../shared/log.ts';
import { insertPatients, insertRows, int, line, openBenchDatabase, printMode, sized } from './setup.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = arg('--count', sized(5000, 90));
const CHATS = arg('--chats', sized(500, 30));

const db = await openBenchDatabase('emhana_bench_delivery');
let stopApp: (() => Promise<void>) | null = null;
let failed = false;
try {
  console.log(`bench:delivery — ${int(COUNT)} messages to ${int(CHATS)} chats through the sandbox`);
  printMode();
  line('database', db.server);
  const env = parseEnv({
    NODE_ENV: 'test',
    DATA_DIR: '.data/bench',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    BOT_ENABLED: 'false',
  });
  const app = await startApp({ env, log: silentLogger, databaseUrl: db.url });
  const server = await serve(app.fetch, { port: 0, hostname: '127.0.0.1' });
  stopApp = async () => {
    await server.close();
    await app.stop();
  };
  const sandbox = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}/sandbox/api${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status}`);
    return response.json() as Promise<T>;
  };

  // People who wrote to the bot once (Telegram lets a bot write only to them), and their records.
  const prepared = performance.now();
  const users: number[] = [];
  for (let i = 0; i < CHATS; i++) {
    const { id } = await sandbox<{ id: number }>('POST', '/users', {
      first_name: `Patient ${i}`,
      language_code: 'ru',
    });
    await sandbox('POST', `/users/${id}/messages`, { text: '/start' });
    users.push(id);
  }
  const em = app.orm.em.fork();
  const patientIds = await insertPatients(em, CHATS);
  await insertRows(
    em,
    'patients_telegram_account',
    users.map((telegramUserId, i) => ({
      telegram_user_id: telegramUserId,
      patient_id: patientIds[i],
      language: i % 2 ? 'kk' : 'ru',
      registered_at: new Date().toISOString(),
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    })),
    null,
  );
  const ctx = { clock: app.clock, jobs: jobQueue(app.boss, app.clock), settings: app.settings };
  for (let start = 0; start < COUNT; start += 250) {
    await app.orm.em.fork().transactional(async (tx) => {
      for (let i = start; i < Math.min(COUNT, start + 250); i++) {
        await queueNotice(
          { ...ctx, em: tx },
          {
            purpose: 'bench.message',
            target: `message:${i}`,
            to: { patientId: patientIds[i % CHATS]! },
            // Each text names its number, so duplicates and losses can be counted in the chats.
            template: 'bk-ics-description',
            params: { phone: `#${i}` },
            priority: 'urgent',
            timeZone: 'Asia/Almaty',
          },
        );
      }
    });
  }
  line('set-up (users, records, queue)', `${((performance.now() - prepared) / 1000).toFixed(1)} s`);

  const started = performance.now();
  await app.startDelivery(server.url);
  let done = 0;
  const deadline = Date.now() + (COUNT / 25 + 120) * 1000;
  while (Date.now() < deadline) {
    const rows = (await app.orm.em
      .fork()
      .execute(
        `select count(*)::int as n from notifications_delivery where status in ('sent', 'failed', 'skipped')`,
      )) as {
      n: number;
    }[];
    done = rows[0]?.n ?? 0;
    if (done >= COUNT) break;
    await sleep(250);
  }
  const seconds = (performance.now() - started) / 1000;

  // What the chats actually hold.
  const seen = new Map<string, number>();
  for (const user of users) {
    const { messages } = await sandbox<{ messages: { from: string; text?: string }[] }>(
      'GET',
      `/users/${user}/chat`,
    );
    for (const m of messages) {
      const number = m.from === 'bot' ? /#(\d+)/.exec(m.text ?? '')?.[1] : undefined;
      if (number) seen.set(number, (seen.get(number) ?? 0) + 1);
    }
  }
  const duplicates = [...seen.values()].reduce((sum, n) => sum + (n - 1), 0);
  const losses = COUNT - seen.size;
  const stats = await sandbox<{ calls: Record<string, number>; errors: Record<string, number> }>(
    'GET',
    '/stats',
  );
  const statuses = (await app.orm.em
    .fork()
    .execute(
      `select status, count(*)::int as n from notifications_delivery group by status order by status`,
    )) as {
    status: string;
    n: number;
  }[];

  console.log('');
  line('messages handled', `${int(done)} of ${int(COUNT)} in ${seconds.toFixed(1)} s`);
  line('messages per second', `${(seen.size / seconds).toFixed(1)} (Telegram's limit: 30)`);
  line('sendMessage calls', int(stats.calls.sendMessage ?? 0));
  line('429s met', int(stats.errors['429'] ?? 0));
  line(
    'other errors',
    JSON.stringify(Object.fromEntries(Object.entries(stats.errors).filter(([k]) => k !== '429'))),
  );
  line('delivery statuses', statuses.map((s) => `${s.status} ${int(s.n)}`).join(', '));
  line('duplicates', `${int(duplicates)} (must be 0)`);
  line('losses', `${int(losses)} (must be 0)`);
  failed = duplicates > 0 || losses > 0;
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await stopApp?.().catch(() => {});
  await db.close();
}
process.exit(failed ? 1 : 0);
