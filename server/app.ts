import { TRPCError } from '@trpc/server';
import type { PgBoss } from 'pg-boss';
import { createI18n } from '../bot/i18n.ts';
import { createNoticeRenderer } from '../bot/notice-renderer.ts';
import { callerForToken } from '../modules/auth/index.ts';
import { AdjustableClock, type Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';
import type { ModulePorts } from '../shared/module.ts';
import type { Caller } from '../shared/roles.ts';
import { TelegramBudget } from '../shared/telegram-budget.ts';
import { TokenService } from '../shared/tokens.ts';
import {
  type ApiContext,
  createCallerFactory,
  type ModuleHooks,
  type ModuleSettings,
} from '../shared/trpc.ts';
import { Vault } from '../shared/vault.ts';
import { startBackground } from './background.ts';
import type { Env } from './config.ts';
import { consoleBuild, consoleMount } from './console.ts';
import {
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from './embedded-postgres.ts';
import { createFetchHandler } from './http.ts';
import { jobQueue, startJobs } from './jobs.ts';
import { listenTo, lockStartup, startLeadership } from './leadership.ts';
import { telegramMessenger, telegramStaffForum } from './messenger.ts';
import { moduleRoutes, hooks as modulesHooks, queues, runStartup, settingsFrom } from './modules.ts';
import { migrate, type Orm, openOrm } from './orm.ts';
import { paymentProviders } from './payments/index.ts';
import { appRouter } from './router.ts';
import { isBotApiPath, type TelegramSandbox } from './sandbox/index.ts';
import { resolveSecrets } from './secrets.ts';
import type { ClientInfo, FetchHandler } from './serve.ts';
import { mobizonSender } from './sms/mobizon.ts';
import { apiRootOf, botApiFactory, prepareSandbox, startTelegram, webhookPath } from './telegram.ts';

export interface App {
  env: Env;
  orm: Orm;
  boss: PgBoss;
  clock: Clock;
  tokens: TokenService;
  /** Seals and hashes personal identifiers (tests and start-up steps use it). */
  vault: Vault;
  /** The modules' settings this run uses. */
  settings: ModuleSettings;
  databaseUrl: string;
  /** The whole HTTP surface as one fetch handler. */
  fetch: FetchHandler;
  /** Calls procedures in process, as the given caller (the bot and jobs use this). */
  caller(caller: Caller): ReturnType<typeof createCaller>;
  /** The Telegram stand-in, when this server runs without a real bot token. */
  sandbox: TelegramSandbox | null;
  /** Starts the bot once the server listens at `serverUrl` (the sandbox lives under it). */
  startBot(serverUrl: string, options?: { apiUrl?: string; apiToken?: string }): Promise<void>;
  /** Starts only the delivery of the platform's own messages (startBot includes it). */
  startDelivery(serverUrl: string): Promise<void>;
  /**
   * Runs the dispatchers now and resolves when they are done (what became due is queued): the
   * minutely cron and a sandbox clock move do the same without anyone waiting for it.
   */
  runDue(): Promise<void>;
  /** Stops taking Telegram updates (first step of a shutdown). */
  stopBot(): Promise<void>;
  /** Whether this instance leads: runs the dispatchers, the delivery sender and (polling) the bot. */
  leading(): boolean;
  /** What start-up did that a person should see once (a generated admin password, the demo). */
  notices: string[];
  stop(): Promise<void>;
}

const createCaller = createCallerFactory(appRouter);

/**
 * The address sign-in throttling counts by: the socket's, or behind a trusted reverse proxy the
 * one that proxy appended last to X-Forwarded-For (earlier entries are the client's to invent).
 */
function clientAddressOf(req: Request, client: ClientInfo, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = req.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return client.address;
}

export const DATABASE_NAME = 'emhana';

/** Where the data lives: DATABASE_URL, or the embedded server in DATA_DIR. */
export async function resolveDatabase(
  env: Env,
  log: Logger,
  use: EmbeddedPostgresOptions['use'],
): Promise<{ url: string; embedded: EmbeddedPostgres | null }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: null };
  const secrets = resolveSecrets(env);
  const embedded = await startEmbeddedPostgres({
    dataDir: `${env.DATA_DIR}/postgres`,
    port: env.EMBEDDED_PG_PORT,
    password: secrets.embeddedPgPassword,
    log,
    use,
  });
  await embedded.ensureDatabase(DATABASE_NAME);
  return { url: embedded.urlFor(DATABASE_NAME), embedded };
}

/**
 * Where one-time codes go: Mobizon when configured, nowhere with SMS_PROVIDER=off, and otherwise
 * the sandbox's stand-in of Mobizon (in process, through the same adapter) when the sandbox runs.
 */
function smsSender(env: Env, sandbox: TelegramSandbox | null): ModulePorts['sms'] {
  if (env.SMS_PROVIDER === 'mobizon')
    return mobizonSender({ apiUrl: env.MOBIZON_API_URL, apiKey: env.MOBIZON_API_KEY!, from: env.SMS_SENDER });
  if (env.SMS_PROVIDER === 'off' || !sandbox) return null;
  return mobizonSender({
    apiUrl: 'http://sandbox.local/sandbox/mobizon',
    apiKey: sandbox.smsApiKey,
    fetch: (input, init) => sandbox.handle(new Request(input, init)),
  });
}

export interface StartOptions {
  env: Env;
  log: Logger;
  /** Defaults to an adjustable clock outside production (the sandbox moves it). */
  clock?: Clock;
  /** An already prepared database (tests); otherwise resolved from the environment. */
  databaseUrl?: string;
  /** A sandbox that outlives this app instance (tests that restart the app); null for none. */
  sandbox?: TelegramSandbox | null;
  /**
   * The hook points as filled by another list of modules (mergeHooks): a test plugs in a module
   * that is not in the list (a kind of document, as payments will), without editing any.
   */
  hooks?: ModuleHooks;
  /**
   * Payment providers instead of those the environment names (a test's provider that misbehaves
   * on purpose); the sandbox's stand-ins are the default without credentials.
   */
  paymentProviders?: NonNullable<ModulePorts['payments']>;
}

export async function startApp(options: StartOptions): Promise<App> {
  const { env, log } = options;
  const hooks = options.hooks ?? modulesHooks;
  const clock =
    options.clock ?? (env.NODE_ENV === 'production' ? { now: () => new Date() } : new AdjustableClock());
  const secrets = resolveSecrets(env);
  const tokens = new TokenService(secrets.jwtSecret, clock, env.ACCESS_TOKEN_TTL_MINUTES * 60);
  const vault = await Vault.fromKey(secrets.iinKey);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => log.error({ err: error }, 'shutdown step failed'));
    }
  };

  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const db = await resolveDatabase(env, log, 'own');
      databaseUrl = db.url;
      if (db.embedded) stops.push(() => db.embedded!.stop());
    }

    const orm = await openOrm(databaseUrl, log, undefined, clock);
    stops.push(() => orm.close(true));
    const releaseStartup = await lockStartup(databaseUrl);
    stops.push(releaseStartup);
    const ran = await migrate(orm);
    if (ran.length) log.info({ migrations: ran }, 'database migrated');

    const boss = await startJobs(databaseUrl, log, queues);
    let jobsRunning = true;
    stops.push(async () => {
      jobsRunning = false;
      // Stop taking work, let running handlers finish, then close the pool.
      await boss.stop({ graceful: true, timeout: env.SHUTDOWN_TIMEOUT_SECONDS * 1000 });
    });

    const sandbox =
      options.sandbox !== undefined
        ? options.sandbox
        : prepareSandbox(env, clock instanceof AdjustableClock ? clock : null, log);
    // Only a sandbox this app created is closed with it.
    if (options.sandbox === undefined) stops.push(async () => sandbox?.close());
    // The ports known at boot; Telegram's messenger comes with startDelivery.
    const ports = {
      sms: smsSender(env, sandbox),
      renderer: createNoticeRenderer(createI18n()),
      payments: options.paymentProviders ?? paymentProviders(env, sandbox),
    };
    const settings = settingsFrom(env, ports);
    const jobs = jobQueue(boss, clock);
    const moduleDeps = { em: () => orm.em.fork(), clock, jobs, settings, vault, tokens, log };
    // What start-up did that a person should see once (a generated admin password, the demo).
    const notices = await runStartup({ ...moduleDeps, production: env.NODE_ENV === 'production' }, env);
    await releaseStartup();
    const background = await startBackground({
      ...moduleDeps,
      boss,
      hooks,
      listen: (channel, onNotify) => listenTo(databaseUrl, log, channel, onNotify),
    });
    stops.push(async () => background.stop());
    await background.provide(ports);
    // One Telegram budget for this process: the bot's replies and the delivery queue share it.
    const budget = new TelegramBudget({
      perSecond: env.TELEGRAM_PER_SECOND,
      chatPerSecond: env.TELEGRAM_CHAT_PER_SECOND,
      chatBurst: env.TELEGRAM_CHAT_BURST,
    });
    const context = (caller: Caller, clientAddress: string | null = null): ApiContext => ({
      settings,
      hooks,
      jobs,
      caller,
      em: orm.em.fork(),
      clock,
      log,
      tokens,
      vault,
      clientAddress,
    });

    /** Who a request's token names: the API and module routes (a file upload) check it alike. */
    const callerOf = async (req: Request): Promise<Caller | { refused: string }> => {
      const header = req.headers.get('authorization');
      if (!header) return { kind: 'anonymous' };
      const token = header.replace(/^Bearer\s+/i, '');
      const verdict = await tokens.verify(token);
      if (verdict === 'expired') return { refused: 'The token has expired' };
      if (verdict === 'invalid') return { refused: 'The token is not valid' };
      const telegramUser = Number(req.headers.get('x-telegram-user-id'));
      const caller = await callerForToken(
        orm.em.fork(),
        verdict,
        Number.isSafeInteger(telegramUser) && telegramUser > 0 ? telegramUser : null,
      );
      return caller === 'revoked' ? { refused: 'The token has been revoked' } : caller;
    };

    const createContext = async (req: Request, client: ClientInfo): Promise<ApiContext> => {
      const caller = await callerOf(req);
      if ('refused' in caller) throw new TRPCError({ code: 'UNAUTHORIZED', message: caller.refused });
      return context(caller, clientAddressOf(req, client, env.TRUST_PROXY));
    };

    let bot: Awaited<ReturnType<typeof startTelegram>> = null;
    /** Set once the bot may run (startBot): in polling mode it runs only while this instance leads. */
    let botPlan: { serverUrl: string; apiFor: ReturnType<typeof botApiFactory> } | null = null;
    const polling = !env.TELEGRAM_WEBHOOK_URL;
    let botChange: Promise<void> = Promise.resolve();
    const runBot = (run: boolean) => {
      botChange = botChange
        .catch(() => {})
        .then(async () => {
          if (run && !bot && botPlan) bot = await startTelegram({ env, log, sandbox, budget, ...botPlan });
          else if (!run && bot) {
            const running = bot;
            bot = null;
            await running.stop();
          }
        });
      return botChange;
    };
    // Telegram gives updates to one poller at a time: the leader polls; webhooks reach every instance.
    const leadership = await startLeadership(databaseUrl, log, async (leading, takeover) => {
      // A leader that died a moment ago may have spent Telegram's budget (a process starting
      // takes longer than Telegram takes to refill it).
      if (takeover) budget.handOver();
      await background.setLeader(leading);
      if (polling)
        await runBot(leading).catch((error: unknown) => log.error({ err: error }, 'bot start failed'));
    });
    stops.push(() => leadership.stop());
    const hook = webhookPath(env);
    const mounts = [
      // The staff console's static files; built at the first request when npm start has not yet.
      consoleMount(() => consoleBuild(log)),
      // A module route counts callers by address (the verification page's limit): behind a trusted
      // proxy that is the one it forwarded, as for sign-in, not the proxy's own.
      ...moduleRoutes(
        {
          ...moduleDeps,
          hooks,
          callerOf: async (req) => {
            const caller = await callerOf(req);
            return 'refused' in caller ? 'unauthorized' : caller;
          },
        },
        { reserved: hook ? [hook] : [], maxBodyBytes: env.MAX_BODY_BYTES },
      ).map((route) => ({
        prefix: route.prefix,
        handle: (req: Request, client: ClientInfo) =>
          route.handle(req, { address: clientAddressOf(req, client, env.TRUST_PROXY) }),
      })),
      ...(sandbox
        ? [
            { prefix: '/sandbox', handle: (req: Request) => sandbox.handle(req) },
            // The Bot API at the root too, as Telegram has it, so any library's apiRoot works.
            { matches: isBotApiPath, handle: (req: Request) => sandbox.handle(req) },
          ]
        : []),
      ...(hook
        ? [
            {
              prefix: hook,
              handle: async (req: Request) =>
                bot?.webhook ? bot.webhook(req) : new Response('the bot is not running', { status: 503 }),
            },
          ]
        : []),
    ];
    stops.push(() => runBot(false));

    const fetch = createFetchHandler({
      router: appRouter,
      createContext,
      maxBodyBytes: env.MAX_BODY_BYTES,
      log,
      mounts,
      role: () => ({ leading: leadership.leading }),
      async ready() {
        const database = await orm.em
          .getConnection()
          .execute('select 1')
          .then(() => true)
          .catch(() => false);
        return { database, jobs: jobsRunning && (await boss.isInstalled().catch(() => false)) };
      },
    });

    /**
     * The platform's own messages go out with the bot's token, through the delivery queue; the
     * support relay writes into the staff group's topics with it, from the same budget.
     */
    const startDelivery = async (serverUrl: string) => {
      const token = env.TELEGRAM_BOT_TOKEN ?? sandbox?.token;
      if (!token) return;
      const apiRoot = apiRootOf(env, serverUrl);
      await background.provide({
        messenger: telegramMessenger(token, apiRoot, budget),
        staffForum: telegramStaffForum(token, apiRoot, budget),
      });
      await background.runDue();
    };

    return {
      env,
      orm,
      boss,
      clock,
      tokens,
      vault,
      settings,
      databaseUrl,
      fetch,
      caller: (caller) => createCaller(context(caller)),
      sandbox,
      async startBot(serverUrl, startOptions) {
        const apiFor = botApiFactory(context, {
          apiUrl: startOptions?.apiUrl ?? env.API_URL,
          apiToken: startOptions?.apiToken ?? env.API_TOKEN,
        });
        botPlan = { serverUrl, apiFor };
        if (!polling || leadership.leading) await runBot(true);
        if (env.BOT_ENABLED) await startDelivery(serverUrl);
      },
      startDelivery,
      runDue: () => background.runDue(),
      async stopBot() {
        botPlan = null;
        await runBot(false);
      },
      leading: () => leadership.leading,
      notices,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
