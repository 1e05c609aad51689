/**
 * npm run bench:support [-- --tickets 20 --messages 40 --rate 0.75] [-- --smoke]
 *
 * Support as a chat, through the real app, its relay and the Telegram sandbox with Telegram's
 * limits kept (the sandbox's flood control, the platform's pacing): `--tickets` patients each with
 * an open ticket, their topics in a staff forum already made. Then, one phase after the other:
 *  - patients write: `--messages` messages, round-robin over the tickets, `--rate` a second in all;
 *    measured from the patient's message in their chat until its copy is in the ticket's topic;
 *  - operators answer through the API: as many replies, same rate; measured from the call until
 *    the reply is in the patient's chat (and until its line is in the topic);
 *  - operators write in the topics (the bot's path): as many, same rate; from the message in the
 *    group until it is in the patient's chat;
 *  - a burst: every patient writes at the same moment (the staff group is one chat to Telegram,
 *    about one message a second, so this one shows the queue, not the relay).
 * Prints p50/p95 of each against the 1 s target (printed, not fatal). Exits non-zero when
 * a message is lost or arrives twice. Smoke: 3 tickets, 3 messages each way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp } from '../../server/app.ts';
import { serve } from '../../server/serve.ts';
import { prepareSandbox } from '../../server/telegram.ts';
import { AdjustableClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/log.ts';
import { registerPatient } from '../support/patients.ts';
import {
  type ChatMessage,
  SandboxClient,
  type SandboxGroup,
  type SandboxUser,
} from '../support/sandbox-user.ts';
import {
  benchEnv,
  formatStats,
  line,
  numberArg,
  openBenchDatabase,
  printMode,
  sized,
  stats,
} from './setup.ts';

const TICKETS = numberArg('--tickets', sized(20, 3));
const MESSAGES = numberArg('--messages', sized(40, 3));
/** Messages a second over all tickets: a patient writing every ~25 s in each of 20 chats. */
const RATE = numberArg('--rate', sized(0.75, 3));
const TARGET_MS = 1000;

const db = await openBenchDatabase('emhana_bench_support');
const clock = new AdjustableClock();
/**
 * Telegram's limits as they are; a smoke run lifts the per-chat ones (as the tests do) so it checks
 * the paths in a few seconds instead of waiting on the group's one message a second.
 */
const LIMITS: Record<string, string> = sized<Record<string, string>>(
  {},
  {
    SANDBOX_CHAT_BURST: '20',
    SANDBOX_CHAT_PER_SECOND: '5',
    TELEGRAM_CHAT_BURST: '16',
    TELEGRAM_CHAT_PER_SECOND: '4',
  },
);
const env = (more: Record<string, string> = {}) => benchEnv({ QUIET_HOURS: 'off', ...LIMITS, ...more });
const sandbox = prepareSandbox(env(), clock, silentLogger);
const running: { stop: (() => Promise<void>) | null } = { stop: null };
let failed = false;

async function launch(more: Record<string, string>, port = 0) {
  const app = await startApp({ env: env(more), log: silentLogger, databaseUrl: db.url, clock, sandbox });
  const server = await serve(app.fetch, { port, hostname: '127.0.0.1' });
  await app.startBot(server.url);
  running.stop = async () => {
    await app.stopBot();
    await server.close();
    await app.stop();
  };
  return { app, url: server.url };
}

/** Every new message of the group, stamped when this process first saw it (a long poll). */
function watchGroup(group: SandboxGroup, seen: Map<string, number[]>): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const m of await group.sync(1))
        if (m.text) seen.set(m.text, [...(seen.get(m.text) ?? []), performance.now()]);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/** Arrivals in a patient's chat, the same way. */
function watchChat(user: SandboxUser, seen: Map<string, number[]>): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const m of (await user.sync(1)) as ChatMessage[])
        if (m.from === 'bot' && m.text) seen.set(m.text, [...(seen.get(m.text) ?? []), performance.now()]);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/** Waits until every text has arrived (or the deadline passed); returns each one's latency. */
async function latencies(
  sent: Map<string, number>,
  find: (text: string) => number[] | undefined,
  timeoutMs: number,
): Promise<{ ms: number[]; lost: number; twice: number }> {
  const deadline = performance.now() + timeoutMs;
  while ([...sent.keys()].some((text) => !find(text)) && performance.now() < deadline) await sleep(20);
  // A moment more, so a duplicate would be seen.
  await sleep(sized(1500, 300));
  const ms: number[] = [];
  let lost = 0;
  let twice = 0;
  for (const [text, at] of sent) {
    const arrivals = find(text);
    if (!arrivals) lost++;
    else {
      ms.push(arrivals[0]! - at);
      if (arrivals.length > 1) twice++;
    }
  }
  return { ms, lost, twice };
}

function report(label: string, result: { ms: number[]; lost: number; twice: number }) {
  const s = stats(result.ms);
  line(label, formatStats(s));
  line(
    `${label}: p95 vs the 1 s target`,
    `${(s.p95 / TARGET_MS).toFixed(2)}× ${s.p95 <= TARGET_MS ? '(met)' : '(MISSED)'}`,
  );
  if (result.lost || result.twice) {
    line(`${label}: LOST / TWICE`, `${result.lost} / ${result.twice}`);
    failed = true;
  }
}

try {
  console.log(`bench:support — ${TICKETS} tickets at once, ${MESSAGES} messages each way at ${RATE}/s`);
  printMode();
  line('database', db.server);
  // The staff forum is made first, then the app starts naming it, as a clinic's deploy would.
  const first = await launch({});
  const client = new SandboxClient(first.url);
  const owner = await client.user({ first_name: 'Гульнар' });
  const group = await client.forumGroup({ title: 'Поддержка', owner });
  await running.stop?.();
  const { app } = await launch({ SUPPORT_CHAT_ID: String(group.id) }, Number(new URL(first.url).port));
  const patients: { user: SandboxUser; ticketId: number; topic: number; api: ReturnType<typeof apiFor> }[] =
    [];
  function apiFor(telegramUserId: number) {
    return app.caller({ kind: 'bot', name: 'bot', telegramUserId }).support.tickets;
  }
  const write = async (
    p: { user: SandboxUser; api: ReturnType<typeof apiFor> },
    text: string,
    ticketId?: number,
  ) => {
    const messageId = await p.user.send(text);
    const sourceKey = `tg:${p.user.id}:${messageId}`;
    return ticketId
      ? (await p.api.write({ ticketId, text, sourceKey })).id
      : (await p.api.open({ text, sourceKey })).ticket.id;
  };
  for (let i = 0; i < TICKETS; i++) {
    const user = await client.user({ first_name: `Пациент${i}`, language_code: 'ru' });
    await registerPatient(app, user.id, { firstName: `Пациент${'абвгдежзийклмнопрстуфхцчшщ'[i % 26]}` });
    const api = apiFor(user.id);
    const ticketId = await write({ user, api }, `Здравствуйте, вопрос ${i}`);
    patients.push({ user, ticketId, topic: 0, api });
  }
  // Every topic made and every opening message in it: the measured phases start with no backlog.
  for (const [i, p] of patients.entries()) {
    p.topic = (await group.expectTopic(`№${p.ticketId} `, { timeout: 60_000 })).message_thread_id;
    await group.expectMessage(p.topic, `Здравствуйте, вопрос ${i}`, { timeout: 60_000 });
  }
  // The opening messages in, the bot's answers to the patients read: the measured phases start clean.
  for (const p of patients) await p.user.sync(0);
  await sleep(sized(1500, 300));
  line('tickets with their topics', String(patients.length));

  const inGroup = new Map<string, number[]>();
  const stopGroup = watchGroup(group, inGroup);
  await group.sync(0);

  // 1. Patients write, round-robin, at RATE a second.
  const written = new Map<string, number>();
  for (let i = 0; i < MESSAGES; i++) {
    const p = patients[i % patients.length]!;
    const text = `Пациент пишет ${i}`;
    written.set(text, performance.now());
    void write(p, text, p.ticketId);
    await sleep(1000 / RATE);
  }
  report('patient → topic', await latencies(written, (text) => inGroup.get(text), 60_000));

  // 2. Operators answer through the API, round-robin, at RATE a second.
  const inChats = new Map<string, number[]>();
  const stopChats = patients.map((p) => watchChat(p.user, inChats));
  // A real operator's account: an answer is signed with the name the Staff page has for it.
  const admin = app.caller({ kind: 'system' }).staff;
  const account = await admin.create({
    username: 'aigul.operator',
    displayName: 'Айгүл',
    password: 'bench-operator-password',
    roles: ['operator'],
  });
  const operator = app.caller({
    kind: 'staff',
    accountId: account.id,
    name: account.username,
    roles: ['operator'],
  }).support.staff;
  const answered = new Map<string, number>();
  for (let i = 0; i < MESSAGES; i++) {
    const p = patients[i % patients.length]!;
    const text = `Оператор отвечает ${i}`;
    answered.set(text, performance.now());
    void operator.reply({ ticketId: p.ticketId, text, idempotencyKey: `bench-reply-${i}` });
    await sleep(1000 / RATE);
  }
  const inChat = (text: string) => [...inChats.entries()].find(([shown]) => shown.endsWith(text))?.[1];
  report('operator (API) → patient', await latencies(answered, inChat, 60_000));
  // The same replies also went into their topics (the staff see what was answered).
  const copies = await latencies(
    new Map([...answered].map(([text, at]) => [`💬 Айгүл: ${text}`, at])),
    (text: string) => inGroup.get(text),
    60_000,
  );
  report('operator (API) → topic', copies);

  // 2b. Operators write in the tickets' topics (the bot hands it to the API), same rate.
  const fromTopic = new Map<string, number>();
  for (let i = 0; i < MESSAGES; i++) {
    const p = patients[i % patients.length]!;
    const text = `Оператор в теме ${i}`;
    fromTopic.set(text, performance.now());
    void group.write(owner, text, { topic: p.topic });
    await sleep(1000 / RATE);
  }
  report('operator (topic) → patient', await latencies(fromTopic, inChat, 60_000));

  // 3. A burst: every patient at the same moment.
  const burst = new Map<string, number>();
  await Promise.all(
    patients.map((p, i) => {
      const text = `Все сразу ${i}`;
      burst.set(text, performance.now());
      return write(p, text, p.ticketId);
    }),
  );
  report(`burst of ${patients.length} → topics`, await latencies(burst, (text) => inGroup.get(text), 90_000));
  line('note', 'the group is one chat to Telegram (~1 message/s): a burst queues, whatever the relay does');
  await Promise.all([stopGroup, ...stopChats].map((stop) => stop()));
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await running.stop?.().catch(() => {});
  sandbox?.close();
  await db.close();
}
process.exit(failed ? 1 : 0);
