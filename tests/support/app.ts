import { setTimeout as sleep } from 'node:timers/promises';
import { issueServiceToken } from '../../modules/auth/index.ts';
import type { PaymentProviders } from '../../modules/payments/index.ts';
import { type App, startApp } from '../../server/app.ts';
import { createEmhanaClient, type EmhanaClient } from '../../server/client.ts';
import { type Env, parseEnv } from '../../server/config.ts';
import { serve } from '../../server/serve.ts';
import { prepareSandbox } from '../../server/telegram.ts';
import { AdjustableClock } from '../../shared/clock.ts';
import { createLogger, type Logger, silentLogger } from '../../shared/log.ts';
import type { StaffRole } from '../../shared/roles.ts';
import type { ModuleHooks } from '../../shared/trpc.ts';
import { createTestDatabase } from './db.ts';
import type { ServedSandbox } from './sandbox-server.ts';
import { SandboxClient } from './sandbox-user.ts';

export interface TestAppOptions {
  /** Start the bot against the sandbox (default: API only). */
  bot?: boolean;
  /** The bot talks to the API over HTTP with a service token, as a separate bot process would. */
  botOverHttp?: boolean | { token: string };
  /** Serve on this port instead of a random free one (a webhook URL must be known in advance). */
  port?: number;
  /** The hook points filled by another list of modules (mergeHooks): a test plugs one in. */
  hooks?: ModuleHooks;
  /** Payment providers of the test's own (one that misbehaves on purpose) instead of the sandbox's. */
  paymentProviders?: PaymentProviders;
  /**
   * A Telegram sandbox served by the test (its clock becomes the app's) and a database of the
   * test's: both outlive this app's stop, so a server process started afterwards (startInstance)
   * carries on with the same chats and data.
   */
  outliving?: { telegram: ServedSandbox; database: { url: string } };
  /** The app's logger (a test that reads what was logged); silent unless TEST_LOG_LEVEL is set. */
  log?: Logger;
}

export interface TestApp {
  app: App;
  /** The Telegram sandbox's user side (when started with the bot). */
  sandbox: SandboxClient;
  url: string;
  clock: AdjustableClock;
  /** A typed client as an internal tool would use it; without a token it is anonymous. */
  client(token?: string): EmhanaClient;
  /** A service token with the given role. */
  tokenFor(role: StaffRole): Promise<string>;
  /**
   * Stops this app gracefully and starts a new one on the same database, clock and Telegram
   * sandbox (its chats survive, like Telegram's), as a deploy or a crash-and-restart would;
   * `env` changes settings for the new one (a deploy that names the staff group made meanwhile).
   */
  restart(env?: Record<string, string>): Promise<TestApp>;
  stop(): Promise<void>;
}

// TEST_LOG_LEVEL=debug npm test -- <file> shows the app's logs while debugging a test.
const testLog = (): Logger =>
  process.env.TEST_LOG_LEVEL ? createLogger(process.env.TEST_LOG_LEVEL) : silentLogger;

function testEnv(env: Record<string, string>): Env {
  return parseEnv({
    NODE_ENV: 'test',
    DATA_DIR: '.data/test',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    // A scripted patient answers far faster than a person: give each chat a roomier burst than
    // Telegram's, so flows do not wait on flood control (its own tests use the real limits).
    SANDBOX_CHAT_BURST: '20',
    SANDBOX_CHAT_PER_SECOND: '5',
    // And the platform paces itself to that roomier chat allowance (a little under it).
    TELEGRAM_CHAT_BURST: '16',
    TELEGRAM_CHAT_PER_SECOND: '4',
    // Tests run at any hour: a night must not hold their messages (the quiet-hours test sets its own).
    QUIET_HOURS: 'off',
    ...env,
  });
}

/** A registered service token (or the bot's), long-lived like a real tool's: tests move the clock days ahead. */
export async function serviceToken(app: App, role: StaffRole | 'bot'): Promise<string> {
  const issued = await issueServiceToken(
    { em: app.orm.em.fork(), clock: app.clock, tokens: app.tokens },
    { name: role === 'bot' ? 'bot' : `test-${role}`, role, days: 90, createdBy: 'test' },
  );
  return issued.token;
}

/**
 * The real application on its own cloned database, served over HTTP on a free port: tests talk
 * to it the way internal tools and the bot do.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const parsed = testEnv(env);
  if (options.outliving) {
    const { telegram, database } = options.outliving;
    const stopAll = async () => {};
    return launch(parsed, options, {
      url: database.url,
      clock: telegram.clock,
      sandbox: telegram.sandbox,
      stopAll,
      rawEnv: env,
    });
  }
  const db = await createTestDatabase();
  const clock = new AdjustableClock();
  // The sandbox belongs to the test, not to one app instance, so it outlives a restart.
  const sandbox = prepareSandbox(parsed, clock, options.log ?? testLog());
  const stopAll = async () => {
    sandbox?.close();
    await db.drop();
  };
  return launch(parsed, options, { url: db.url, clock, sandbox, stopAll, rawEnv: env });
}

async function launch(
  env: Env,
  options: TestAppOptions,
  shared: {
    url: string;
    clock: AdjustableClock;
    sandbox: ReturnType<typeof prepareSandbox>;
    stopAll(): Promise<void>;
    rawEnv: Record<string, string>;
  },
): Promise<TestApp> {
  const app = await startApp({
    env,
    log: options.log ?? testLog(),
    clock: shared.clock,
    databaseUrl: shared.url,
    sandbox: shared.sandbox,
    hooks: options.hooks,
    paymentProviders: options.paymentProviders,
  });
  const server = await serve(app.fetch, { port: options.port ?? 0, hostname: '127.0.0.1' });
  if (options.bot || options.botOverHttp) {
    const token =
      typeof options.botOverHttp === 'object' ? options.botOverHttp.token : await serviceToken(app, 'bot');
    const overHttp = options.botOverHttp ? { apiUrl: server.url, apiToken: token } : undefined;
    await app.startBot(server.url, overHttp);
  }
  const stopApp = async () => {
    await app.stopBot();
    await server.close();
    await app.stop();
  };
  return {
    app,
    sandbox: new SandboxClient(server.url),
    url: server.url,
    clock: shared.clock,
    client: (token) => createEmhanaClient({ url: server.url, token }),
    // Long-lived, like a real internal tool's: tests move the clock days ahead.
    tokenFor: (role) => serviceToken(app, role),
    async restart(changes) {
      await stopApp();
      const rawEnv = { ...shared.rawEnv, ...changes };
      // The same port, so sandbox users keep talking to the same address.
      return launch(
        changes ? testEnv(rawEnv) : env,
        { ...options, port: Number(new URL(server.url).port) },
        { ...shared, rawEnv },
      );
    },
    async stop() {
      await stopApp();
      await shared.stopAll();
    },
  };
}

/**
 * Deliveries after the dispatchers have run and the delivery worker has handled every one that
 * may go now: nothing is left queued for now or being sent. "Nothing arrives" is then read from
 * their recorded status, never from a quiet time window.
 */
export async function settledDeliveries(
  t: TestApp,
  where: { appointmentId?: number; patientId?: number },
): Promise<{ purpose: string; status: string; notBefore: Date; recipient: string }[]> {
  await t.app.runDue();
  const registrar = t.client(await t.tokenFor('registrar'));
  const read = () => registrar.notifications.timeline.query(where);
  const busy = (rows: Awaited<ReturnType<typeof read>>) =>
    rows.some((d) => d.status === 'sending' || (d.status === 'queued' && d.notBefore <= t.clock.now()));
  const deadline = Date.now() + 15_000;
  let rows = await read();
  while (busy(rows)) {
    if (Date.now() > deadline) throw new Error(`deliveries still in flight: ${JSON.stringify(rows)}`);
    await sleep(50);
    rows = await read();
  }
  return rows;
}
