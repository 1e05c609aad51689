import { Hono } from 'hono';
import type { AdjustableClock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/log.ts';
import { BotApi, json } from './bot-api.ts';
import { SandboxCore } from './core.ts';
import { BotApiError, UserApiError } from './errors.ts';
import { defaultLimits, type SandboxLimits } from './limits.ts';
import { botMethods } from './methods-bot.ts';
import { fileMethods, serveBotFile } from './methods-files.ts';
import { messageMethods } from './methods-messages.ts';
import { mobizonApi } from './sms.ts';
import { handleUserApi } from './user-api.ts';
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
  /** Keeps users, chats, messages and files in this JSON file (plus `<file>.files/`) across restarts. */
  persistFile?: string;
}

export interface TelegramSandbox {
  /** The one bot token it accepts, Telegram-shaped "<botId>:<35 chars>". */
  readonly token: string;
  readonly botId: number;
  /** The API key of its Mobizon stand-in (/sandbox/mobizon). */
  readonly smsApiKey: string;
  /**
   * Handles every request under /sandbox (Bot API, user JSON API, web chat, files), and the Bot
   * API's own paths at the server root (those `isBotApiPath` matches).
   */
  handle(req: Request): Promise<Response>;
  /** Resolves pending long polls and stops webhook delivery. */
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
 * The user API has no authentication and can move the app clock, so only the web chat's own page
 * (same origin) and programs (no Origin at all) may use it: a page on another site, whose
 * browser says so in Origin or Sec-Fetch-Site, is refused, as is a request addressed to a host
 * name other than a loopback name or an IP (a DNS-rebinding page names its own host).
 */
export function crossSiteRefusal(req: Request): string | null {
  const url = new URL(req.url);
  const site = req.headers.get('sec-fetch-site');
  const origin = req.headers.get('origin');
  if ((site && site !== 'same-origin' && site !== 'none') || (origin !== null && origin !== url.origin))
    return 'the sandbox user API refuses cross-site requests';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host !== 'localhost' && !/^[\d.]+$/.test(host) && !host.includes(':'))
    return 'the sandbox user API answers only at an IP address or localhost';
  return null;
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
  api = new BotApi(core, { ...botMethods(core), ...messageMethods(core), ...fileMethods(core) });
  const botApi = api;
  const mobizon = new Hono().route(`${PREFIX}/mobizon`, mobizonApi(core));

  async function handle(req: Request): Promise<Response> {
    const { pathname } = new URL(req.url);
    const underPrefix = pathname === PREFIX || pathname.startsWith(`${PREFIX}/`);
    // An apiRoot given with a trailing slash doubles the slash before "bot" (`/sandbox//bot…`).
    const path = (underPrefix ? pathname.slice(PREFIX.length) : pathname).replace(/^\/{2,}/, '/');
    const bot = /^\/bot([^/]*)\/([^/]+)$/.exec(path);
    if (bot) return botApi.handle(req, decodeURIComponent(bot[1]!), bot[2]!);
    if (/^\/bot[^/]*\/?$/.test(path)) return new BotApiError(404, 'Not Found').toResponse();
    const file = /^\/file\/bot([^/]*)\/(.+)$/.exec(path);
    if (file && req.method === 'GET')
      return serveBotFile(core, decodeURIComponent(file[1]!), decodeURIComponent(file[2]!));
    // At the server root only the Bot API's paths are the sandbox's.
    if (!underPrefix) return json(404, { ok: false, error: `nothing at ${pathname}` });
    if (path === '' || path === '/') {
      if (req.method !== 'GET') return json(405, { ok: false, error: 'use GET' });
      return new Response(webChatPage(core.bot), {
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
    if (path.startsWith('/mobizon/')) return mobizon.fetch(req);
    if (path.startsWith('/api/')) {
      const refusal = crossSiteRefusal(req);
      if (refusal) return json(403, { ok: false, error: refusal });
      try {
        return await handleUserApi(core, req, path.slice('/api/'.length));
      } catch (error) {
        if (error instanceof UserApiError) return json(error.status, { ok: false, error: error.message });
        throw error;
      }
    }
    return json(404, { ok: false, error: `nothing at ${pathname}` });
  }

  return {
    token: core.store.token,
    botId: core.store.botId,
    smsApiKey: core.store.smsKey,
    handle,
    close: () => core.close(),
  };
}
