import { setTimeout as sleep } from 'node:timers/promises';
/**
 * npm run bench:delivery [-- --count 10000 --chats 1000] [-- --smoke]
 *
 * A broadcast through the delivery queue at Telegram's limits (the sandbox enforces ~30 messages/s
 * overall and ~1/s per chat with 429s; the platform paces itself): `--count` bulk messages, while
 * every 2 s an urgent message is queued and every second a new patient writes /start to the bot.
 * Prints the bulk rate, how long urgent messages and replies waited (p50/p95), 429s met,
 * duplicates and losses; exits non-zero on a duplicate or a loss. Smoke: 120 to 60 chats.
 */

import { queueNotice } from '../../modules/notifications/index.ts';
import { startApp } from '../../server/app.ts';
import { jobQueue } from '../../server/jobs.ts';
import { serve } from '../../server/serve.ts';
import { silentLogger } from '../../shared/log.ts';
import { SandboxClient } from '../support/sandbox-user.ts';
import {
  benchEnv,
  insertPatients,
  insertRows,
  int,
  line,
  numberArg,
  openBenchDatabase,
  printMode,
  sized,
  stats,
} from './setup.ts';

const COUNT = numberArg('--count', sized(10_000, 120));
const CHATS = numberArg('--chats', sized(1000, 60));

const db = await openBenchDatabase('emhana_bench_delivery');
let stopApp: (() => Promise<void>) | null = null;
let failed = false;
try {
  console.log(
    `bench:delivery — ${int(COUNT)} bulk messages to ${int(CHATS)} chats, with urgent messages and replies`,
  );
  printMode();
  line('database', db.server);
  const env = benchEnv({
    // Bulk waits through quiet hours; the bench must measure the same at any time of day.
    QUIET_HOURS: 'off',
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
            priority: 'bulk',
            timeZone: 'Asia/Almaty',
          },
        );
      }
    });
  }
  line('set-up (users, records, queue)', `${((performance.now() - prepared) / 1000).toFixed(1)} s`);

  // Their /start is what lets the bot write to them; it is not part of the measurement.
  await fetch(`${server.url}/sandbox/bot${app.sandbox!.token}/deleteWebhook?drop_pending_updates=true`);
  const started = performance.now();
  await app.startBot(server.url);
  const people = new SandboxClient(server.url);
  const bulkDone = async () => {
    const rows = (await app.orm.em.fork().execute(
      `select count(*)::int as n from notifications_delivery
          where purpose = 'bench.message' and status in ('sent', 'failed', 'skipped', 'unknown')`,
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  };
  // Probes while the bulk goes out: an urgent message every 2 s to a chat of its own, and a new
  // patient writing /start every second (the bot's reply is timed from the send to its arrival).
  const replyWaits: number[] = [];
  const probes: Promise<void>[] = [];
  const urgentChats = users.slice(0, Math.min(20, users.length));
  let urgentSent = 0;
  let done = 0;
  const deadline = Date.now() + (COUNT / 25 + 120) * 1000;
  let tick = 0;
  while (Date.now() < deadline) {
    done = await bulkDone();
    // The bulk count is over the accounts it expands to: one per patient here.
    if (done >= COUNT) break;
    if (tick % 2 === 0) {
      const chat = urgentChats[urgentSent % urgentChats.length]!;
      const n = urgentSent++;
      await app.orm.em.fork().transactional((tx) =>
        queueNotice(
          { ...ctx, em: tx },
          {
            purpose: 'bench.urgent',
            target: `urgent:${n}`,
            to: { telegramUserId: chat },
            template: 'bk-ics-description',
            params: { phone: `urgent ${n}` },
            priority: 'urgent',
            timeZone: 'Asia/Almaty',
          },
        ),
      );
    }
    probes.push(
      (async () => {
        const patient = await people.user({ first_name: `Новый ${tick}`, language_code: 'ru' });
        const sentAt = performance.now();
        await patient.send('/start');
        await patient.expectMessage(/Выберите язык/, { timeout: 60_000 });
        replyWaits.push(performance.now() - sentAt);
      })(),
    );
    tick += 1;
    await sleep(1000);
  }
  await Promise.all(probes);
  const seconds = (performance.now() - started) / 1000;
  const timings = (await app.orm.em.fork().execute(
    `select purpose, extract(epoch from (sent_at - queued_at)) * 1000 as wait_ms, sent_at
       from notifications_delivery where status = 'sent' and purpose in ('bench.message', 'bench.urgent')`,
  )) as { purpose: string; wait_ms: string; sent_at: Date }[];
  const urgentWaits = timings.filter((t) => t.purpose === 'bench.urgent').map((t) => Number(t.wait_ms));
  const bulkTimes = timings
    .filter((t) => t.purpose === 'bench.message')
    .map((t) => new Date(t.sent_at).getTime())
    .sort((a, b) => a - b);
  const bulkSeconds = ((bulkTimes.at(-1) ?? 0) - (bulkTimes[0] ?? 0)) / 1000;

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
  const telegram = await sandbox<{ calls: Record<string, number>; errors: Record<string, number> }>(
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
  line('bulk messages handled', `${int(done)} of ${int(COUNT)} in ${seconds.toFixed(1)} s`);
  line(
    'bulk rate, first to last',
    `${((bulkTimes.length - 1) / bulkSeconds).toFixed(1)} messages/s (with the probes; limit 30, goal ≥ 29 overall)`,
  );
  line(
    'overall rate while bulk went out',
    `${((bulkTimes.length + urgentWaits.length + replyWaits.length) / bulkSeconds).toFixed(1)} messages/s`,
  );
  line(
    'urgent message wait, queued to sent',
    `p50 ${stats(urgentWaits).p50.toFixed(0)} ms, p95 ${stats(urgentWaits).p95.toFixed(0)} ms (${urgentWaits.length}; goal p95 ≤ 2000)`,
  );
  line(
    'reply wait, /start to the answer',
    `p50 ${stats(replyWaits).p50.toFixed(0)} ms, p95 ${stats(replyWaits).p95.toFixed(0)} ms (${replyWaits.length}; goal p95 ≤ 1000)`,
  );
  line('sendMessage calls', int(telegram.calls.sendMessage ?? 0));
  line('429s met', int(telegram.errors['429'] ?? 0));
  line(
    'other errors',
    JSON.stringify(Object.fromEntries(Object.entries(telegram.errors).filter(([k]) => k !== '429'))),
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
