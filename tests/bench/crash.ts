/**
 * npm run bench:crash [-- --count 600 --chats 60 --kills 3] [-- --smoke]
 *
 * The delivery queue under kill -9: a real `node server/main.ts` sends numbered messages to the
 * Telegram sandbox (served by this script, so it outlives the server, with Telegram's limits) and
 * is killed with SIGKILL mid-burst `--kills` times, restarted each time. Prints what reached the
 * chats: sent once, duplicated, lost, and the deliveries marked unknown (on the wire at a kill).
 * Exits non-zero on a duplicate, or on a loss beyond the calls that were on the wire.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createTelegramSandbox, isBotApiPath } from '../../server/sandbox/index.ts';
import { serve } from '../../server/serve.ts';
import { AdjustableClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/log.ts';
import { deliveryStatuses, queueNumbered, receivedNumbered, startInstance } from '../support/instance.ts';
import { SandboxClient } from '../support/sandbox-user.ts';
import { int, line, numberArg, openBenchDatabase, printMode, sized } from './setup.ts';

const COUNT = numberArg('--count', sized(600, 60));
const CHATS = numberArg('--chats', sized(60, 30));
const KILLS = numberArg('--kills', sized(3, 1));

const db = await openBenchDatabase('emhana_bench_crash');
const sandbox = createTelegramSandbox({ log: silentLogger, clock: new AdjustableClock() });
const telegram = await serve(
  async (req) => {
    const { pathname } = new URL(req.url);
    if (pathname.startsWith('/sandbox/') || isBotApiPath(pathname)) return sandbox.handle(req);
    return new Response('not found', { status: 404 });
  },
  { port: 0, hostname: '127.0.0.1' },
);
const telegramUsers = new SandboxClient(telegram.url);
const userApi = <T>(method: string, path: string, body?: unknown) =>
  telegramUsers.request<T>(method, `/sandbox/api${path}`, body);
const received = (chats: number[]) => receivedNumbered(telegramUsers, chats);

let failed = false;
try {
  console.log(
    `bench:crash — ${int(COUNT)} messages to ${int(CHATS)} chats, the sender killed ${KILLS}× mid-burst`,
  );
  printMode();
  line('database', db.server);
  const chats: number[] = [];
  for (let i = 0; i < CHATS; i++) {
    const { id } = await userApi<{ id: number }>('POST', '/users', { first_name: `Пациент ${i}` });
    await userApi('POST', `/users/${id}/messages`, { text: '/start' });
    chats.push(id);
  }
  const env = {
    DATABASE_URL: db.url,
    TELEGRAM_BOT_TOKEN: sandbox.token,
    TELEGRAM_API_ROOT: `${telegram.url}/sandbox`,
    QUIET_HOURS: 'off',
    LOG_LEVEL: 'error',
  };
  await queueNumbered(db.url, chats, COUNT);
  const started = performance.now();
  const inFlightAtKill: number[] = [];
  for (let kill = 1; kill <= KILLS; kill++) {
    const instance = await startInstance(env);
    // Kill once this life has sent a share of what is left.
    const before = [...(await received(chats)).values()].length;
    const target = before + Math.max(5, Math.floor((COUNT - before) / (KILLS + 1 - kill + 1)));
    while ([...(await received(chats)).values()].length < target) await sleep(50);
    await instance.kill();
    inFlightAtKill.push((await deliveryStatuses(db.url)).sending ?? 0);
  }
  const last = await startInstance(env);
  for (;;) {
    const statuses = await deliveryStatuses(db.url);
    if (!statuses.queued && !statuses.sending) break;
    await sleep(200);
  }
  const seconds = (performance.now() - started) / 1000;
  await last.stop();

  const statuses = await deliveryStatuses(db.url);
  const seen = await received(chats);
  const duplicated = [...seen.values()].filter((times) => times > 1).length;
  const lost = COUNT - seen.size;
  const unknown = statuses.unknown ?? 0;
  line('messages queued', int(COUNT));
  line('reached Telegram once', int([...seen.values()].filter((times) => times === 1).length));
  line('duplicated', int(duplicated));
  line('lost', int(lost));
  line('on the wire at each kill (sending)', inFlightAtKill.join(' / '));
  line('marked unknown in the timeline', `${int(unknown)} (${unknown - lost} of them had arrived)`);
  line('marked sent', int(statuses.sent ?? 0));
  line('wall time, kills and restarts included', `${seconds.toFixed(1)} s`);
  failed = duplicated > 0 || lost > unknown || (statuses.sent ?? 0) + unknown !== COUNT;
  line('verdict', failed ? 'FAILED' : 'ok: nothing twice, nothing lost beyond the calls on the wire');
} finally {
  sandbox.close();
  await telegram.close();
  await db.close();
}
process.exit(failed ? 1 : 0);
