import { setTimeout as sleep } from 'node:timers/promises';
/**
 * npm run bench:login — what sign-in costs the server when someone abuses it:
 *   1. one HTTP request batching LOGINS `auth.login` calls with wrong passwords (≈70 KB): how long
 *      until it is answered, how much server CPU it burns, and how late a patient's query that
 *      arrives meanwhile is answered;
 *   2. wrong passwords for one username, one request after another: how many of them reach the
 *      password hash before sign-in is throttled, and how fast the throttled answers are.
 * The server is the real application on its own database, served over HTTP in this process, so
 * its CPU time is this process's.
 * Exits non-zero when the batch is not refused whole or any of its calls reached sign-in (each
 * call reserves an attempt before it hashes, so none reserved means no password hashed), or when
 * more wrong passwords in a row reach the hash than the username's limit. `-- --smoke` runs the
 * same sizes: the whole run takes seconds.
 */
import { LOGIN_LIMITS } from '../../modules/auth/auth.policy.ts';
import { startApp } from '../../server/app.ts';
import { parseEnv } from '../../server/config.ts';
import { serve } from '../../server/serve.ts';
import { silentLogger } from '../../shared/log.ts';
import { int, line, ms, openBenchDatabase, printMode } from './setup.ts';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 1_000);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL_LOGINS ?? 30);

const db = await openBenchDatabase('emhana_bench_login');
const app = await startApp({
  env: parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    BOT_ENABLED: 'false',
    ADMIN_USERNAME: 'chief',
    ADMIN_PASSWORD: 'correct horse battery',
  }),
  log: silentLogger,
  databaseUrl: db.url,
  sandbox: null,
});
const server = await serve(app.fetch, { port: 0, hostname: '127.0.0.1' });

/** Sign-in attempts counted so far (every auth.login call counts one before it hashes). */
async function attemptsReserved(): Promise<number> {
  const [row] = (await app.orm.em
    .fork()
    .execute(
      "select coalesce(sum(failures), 0)::int as n from auth_login_throttle where key like 'user:%'",
    )) as { n: number }[];
  return row!.n;
}

const failures: string[] = [];
try {
  console.log(`bench:login — ${db.server}`);
  printMode();

  // 1. One request, LOGINS calls.
  const paths = Array.from({ length: LOGINS }, () => 'auth.login').join(',');
  const body: Record<string, unknown> = {};
  for (let i = 0; i < LOGINS; i++) body[i] = { json: { username: 'chief', password: `guess-${i}` } };
  const payload = JSON.stringify(body);
  const url = `${server.url}/trpc/${paths}?batch=1`;
  const requestBytes = url.length + payload.length;

  // A patient's query (the public catalog) every 50 ms while the batch is being answered.
  let probing = true;
  const probeLatencies: number[] = [];
  const probe = (async () => {
    while (probing) {
      const started = performance.now();
      await fetch(`${server.url}/trpc/clinic.branches.list`).then((r) => r.arrayBuffer());
      probeLatencies.push(performance.now() - started);
      await sleep(50);
    }
  })();

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
  });
  const answer = await response.text();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  probing = false;
  await probe;

  let refusedWhole = false;
  let hashed = 0;
  try {
    const parsed = JSON.parse(answer) as unknown;
    if (Array.isArray(parsed)) {
      hashed = parsed.filter((item) => JSON.stringify(item).includes('invalid_credentials')).length;
    } else refusedWhole = true;
  } catch {
    refusedWhole = true;
  }

  line('batched request', `${LOGINS} auth.login calls in one POST of ${int(requestBytes)} bytes`);
  line('answered', `HTTP ${response.status} in ${ms(wall)}${refusedWhole ? ' — refused whole' : ''}`);
  line(
    'server CPU',
    `${ms((cpu.user + cpu.system) / 1000)} (user ${ms(cpu.user / 1000)}, system ${ms(cpu.system / 1000)})`,
  );
  line('passwords checked', `${hashed} of ${LOGINS}`);
  const reserved = await attemptsReserved();
  line('sign-in attempts counted for it', `${reserved} (must be 0)`);
  if (!refusedWhole) failures.push(`the batch of ${LOGINS} calls was not refused whole`);
  if (hashed > 0 || reserved > 0) {
    failures.push(`the batch reached sign-in: ${hashed} answered as wrong, ${reserved} attempts counted`);
  }
  line(
    "a patient's query meanwhile",
    probeLatencies.length
      ? `${probeLatencies.length} answered, slowest ${ms(Math.max(...probeLatencies))}`
      : 'none answered',
  );

  // 2. Wrong passwords one after another for one username.
  const times: number[] = [];
  const codes: string[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t0 = performance.now();
    const r = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { username: 'chief', password: `wrong-${i}` } }),
    });
    const text = await r.text();
    times.push(performance.now() - t0);
    codes.push(
      /too_many_attempts/.test(text)
        ? 'throttled'
        : /invalid_credentials/.test(text)
          ? 'wrong'
          : `http ${r.status}`,
    );
  }
  const wrong = codes.filter((c) => c === 'wrong').length;
  const throttledTimes = times.filter((_, i) => codes[i] === 'throttled');
  const wrongTimes = times.filter((_, i) => codes[i] === 'wrong');
  line('sequential wrong logins', `${SEQUENTIAL} for one username`);
  line(
    'reached the password hash',
    `${wrong} (${wrongTimes.length ? ms(wrongTimes.reduce((a, b) => a + b) / wrongTimes.length) : '–'} each)`,
  );
  line(
    'throttled',
    `${throttledTimes.length}${throttledTimes.length ? ` (${ms(throttledTimes.reduce((a, b) => a + b) / throttledTimes.length)} each)` : ''}`,
  );
  // Each wrong password counts; the one past the username's limit and all after it are refused.
  const allowed = Math.min(SEQUENTIAL, LOGIN_LIMITS.user);
  if (wrong !== allowed || throttledTimes.length !== SEQUENTIAL - allowed) {
    failures.push(
      `${wrong} wrong passwords reached the hash and ${throttledTimes.length} were throttled; ` +
        `expected ${allowed} and ${SEQUENTIAL - allowed} (limit ${LOGIN_LIMITS.user} per username)`,
    );
  }
  line('verdict', failures.length ? `FAILED: ${failures.join('; ')}` : 'ok');
} finally {
  await server.close();
  await app.stop();
  await db.close();
}
if (failures.length) process.exitCode = 1;
