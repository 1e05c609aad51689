import { type Context, Hono } from 'hono';
import type { AdjustableClock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/log.ts';
import { BotApi } from './bot-api.ts';
import { SandboxCore } from './core.ts';
import { BotApiError } from './errors.ts';
import { halykStandIn } from './halyk.ts';
import { kaspiStandIn } from './kaspi.ts';
import { defaultLimits, type SandboxLimits } from './limits.ts';
import { botMethods } from './methods-bot.ts';
import { fileMethods, serveBotFile } from './methods-files.ts';
import { groupMethods } from './methods-groups.ts';
import { messageMethods } from './methods-messages.ts';
import { mobizonApi } from './sms.ts';
import { userApi } from './user-api.ts';
import { webGroupPage } from './web-chat/group-page.ts';
import { webChatPage } from './web-chat/page.ts';

// What tools outside the sandbox (the test helper, scripts) may use of it.
export { buttonsNow, chatDump, chatLine } from './chat-text.ts';
export type { ActiveKeyboard, ChatViewMessage } from './chat-view.ts';
export type { FaultKind, FaultRequest } from './faults.ts';
export type { SandboxLimits } from './limits.ts';

export interface SandboxOptions {
  /** The app clock; `POST /sandbox/api/clock` advances it. */
  clock: AdjustableClock;
  /** Never given message text or phone numbers. */
  log: Logger;
  limits?: Partial<SandboxLimits>;
  bot?: { username?: string; firstName?: string };
  /**
   * Keeps users, chats, messages, updates and files in this JSON file (plus `<file>.journal` and
   * `<file>.files/`) across restarts, kill -9 included: what it acknowledged is on disk first.
   */
  persistFile?: string;
}

export interface TelegramSandbox {
  /** The one bot token it accepts, Telegram-shaped "<botId>:<35 chars>". */
  readonly token: string;
  readonly botId: number;
  /** The API key of its Mobizon stand-in (/sandbox/mobizon). */
  readonly smsApiKey: string;
  /** The credentials its Kaspi QR stand-in (/sandbox/kaspi) takes: an Api-Key and a device. */
  readonly kaspi: { readonly apiKey: string; readonly deviceToken: string };
  /** The credentials its Halyk ePay stand-in (/sandbox/halyk) takes: a client and a terminal. */
  readonly halyk: { readonly clientId: string; readonly clientSecret: string; readonly terminalId: string };
  /**
   * Handles every request under /sandbox (Bot API, user JSON API, web chat, files), and the Bot
   * API's own paths at the server root (those `isBotApiPath` matches).
   */
  handle(req: Request): Promise<Response>;
  /** Resolves pending long polls, stops webhook delivery and folds the journal into the snapshot. */
  close(): void;
}

const PREFIX = '/sandbox';

/**
 * The Bot API's paths as Telegram has them, `/bot<token>/<method>` and `/file/bot<token>/<path>`,
 * which the app also routes to the sandbox at the server root: libraries that resolve their API
 * root as a URL base (Telegraf: `new URL('./bot…', apiRoot)`) drop its last segment unless it
 * ends in a slash, so `http://host/sandbox` reaches `/bot…`. Only a Telegram-shaped token
 * (digits, a colon) is matched, so no other route of the app is taken; extra slashes before
 * `bot`, from an apiRoot that ends in one, are allowed.
 */
export function isBotApiPath(pathname: string): boolean {
  return /^\/+(?:file\/)?bot\d+(?::|%3A)[^/]*(?:\/|$)/i.test(pathname);
}

/**
 * The path the sandbox routes on: the URL's pathname as it came (not Hono's percent-decoded one),
 * with the slash an apiRoot ending in one doubles before "bot" (`/sandbox//bot…`) made single,
 * and in the user API without empty segments (`/users/1/` is `/users/1`), as it always took them.
 */
function routedPath(req: Request): string {
  const path = new URL(req.url).pathname.replace(/^(\/sandbox)?\/{2,}/, '$1/');
  const api = `${PREFIX}/api/`;
  if (!path.startsWith(api)) return path;
  return api + path.slice(api.length).split('/').filter(Boolean).join('/');
}

/** Defaults for what is not given (an unset environment variable arrives as undefined). */
function readLimits(given: Partial<SandboxLimits> = {}): SandboxLimits {
  const limits = { ...defaultLimits };
  for (const key of Object.keys(limits) as (keyof SandboxLimits)[]) {
    const value = given[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0))
      throw new RangeError(`sandbox limit ${key} must be positive`);
    limits[key] = value;
  }
  return limits;
}

/**
 * The app's own stand-in for Telegram: the Bot API a grammY bot talks to (apiRoot `<server>/sandbox`),
 * simulated users driven through a JSON API, and a web chat for people. See DESIGN.md §7.
 */
export function createTelegramSandbox(options: SandboxOptions): TelegramSandbox {
  let api: BotApi | undefined;
  const core = new SandboxCore({
    clock: options.clock,
    log: options.log,
    limits: readLimits(options.limits),
    bot: {
      username: options.bot?.username ?? 'emhana_sandbox_bot',
      firstName: options.bot?.firstName ?? 'Emhana',
    },
    persistFile: options.persistFile,
    onWebhookReply: async (method, params) => api?.call(method, params),
  });
  api = new BotApi(core, {
    ...botMethods(core),
    ...messageMethods(core),
    ...fileMethods(core),
    ...groupMethods(core),
  });
  const botApi = api;

  // The Bot API's own paths, as Telegram has them; mounted under /sandbox and at the root.
  const telegram = new Hono();
  const tokenIn = (c: Context) => c.req.param('bot')!.slice('bot'.length);
  telegram.all('/:bot{bot[^/]*}/:method', (c) =>
    botApi.handle(c.req.raw, tokenIn(c), c.req.param('method')!),
  );
  // Telegram's answer to a token without a method.
  telegram.all('/:bot{bot[^/]*}', () => new BotApiError(404, 'Not Found').toResponse());
  telegram.all('/:bot{bot[^/]*}/', () => new BotApiError(404, 'Not Found').toResponse());
  telegram.get('/file/:bot{bot[^/]*}/:path{.+}', (c) => serveBotFile(core, tokenIn(c), c.req.param('path')!));

  const app = new Hono({ getPath: routedPath });
  app.route(PREFIX, telegram);
  app.route('/', telegram);
  for (const page of [PREFIX, `${PREFIX}/`]) {
    app.get(
      page,
      () =>
        new Response(webChatPage(core.bot), {
          headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
        }),
    );
    app.all(page, (c) => c.json({ ok: false, error: 'use GET' }, 405));
  }
  app.get(
    `${PREFIX}/groups`,
    () =>
      new Response(webGroupPage(), {
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      }),
  );
  app.route(`${PREFIX}/mobizon`, mobizonApi(core));
  const kaspi = kaspiStandIn(core);
  app.route(`${PREFIX}/kaspi`, kaspi.api);
  const halyk = halykStandIn(core);
  app.route(`${PREFIX}/halyk`, halyk.api);
  app.route(`${PREFIX}/api`, userApi(core));
  // Nothing else is the sandbox's; at the server root, only the Bot API's paths above are.
  app.notFound((c) => c.json({ ok: false, error: `nothing at ${new URL(c.req.url).pathname}` }, 404));
  // Any other failure is the server's to log and answer 500, as for any handler it mounts.
  app.onError((error) => {
    throw error;
  });

  const handle = async (req: Request): Promise<Response> => app.fetch(req);

  return {
    token: core.store.token,
    botId: core.store.botId,
    smsApiKey: core.store.smsKey,
    kaspi: { apiKey: kaspi.apiKey, deviceToken: kaspi.deviceToken },
    halyk: { clientId: halyk.clientId, clientSecret: halyk.clientSecret, terminalId: halyk.terminalId },
    handle,
    close: () => core.close(),
  };
}
