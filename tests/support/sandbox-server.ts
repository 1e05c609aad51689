import { Api, GrammyError, HttpError } from 'grammy';
import { expect } from 'vitest';
import {
  createTelegramSandbox,
  isBotApiPath,
  type SandboxOptions,
  type TelegramSandbox,
} from '../../server/sandbox/index.ts';
import { serve } from '../../server/serve.ts';
import { AdjustableClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/log.ts';
import { SandboxClient } from './sandbox-user.ts';

export interface ServedSandbox {
  sandbox: TelegramSandbox;
  clock: AdjustableClock;
  /** The server's base URL (the user side lives under `${url}/sandbox/api`). */
  url: string;
  /** grammY's apiRoot for this sandbox. */
  apiRoot: string;
  stop(): Promise<void>;
}

/**
 * A sandbox served over real HTTP on a free port, mounted as the app mounts it: at /sandbox, and
 * its Bot API paths at the root.
 */
export async function serveSandbox(options: Partial<SandboxOptions> = {}): Promise<ServedSandbox> {
  const clock = options.clock ?? new AdjustableClock();
  const sandbox = createTelegramSandbox({ log: silentLogger, ...options, clock });
  const server = await serve(
    async (req) => {
      const { pathname } = new URL(req.url);
      if (pathname === '/sandbox' || pathname.startsWith('/sandbox/') || isBotApiPath(pathname))
        return sandbox.handle(req);
      return new Response('not found', { status: 404 });
    },
    { port: 0, hostname: '127.0.0.1' },
  );
  return {
    sandbox,
    clock,
    url: server.url,
    apiRoot: `${server.url}/sandbox`,
    async stop() {
      sandbox.close();
      await server.close();
    },
  };
}

export interface ApiFailure {
  error_code: number;
  description: string;
  retry_after?: number;
}

/** Awaits a Bot API call that must fail and returns Telegram's error as grammY saw it. */
export async function apiFailure(call: Promise<unknown>): Promise<ApiFailure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GrammyError)
      return {
        error_code: error.error_code,
        description: error.description,
        ...(error.parameters.retry_after ? { retry_after: error.parameters.retry_after } : {}),
      };
    if (error instanceof HttpError) return { error_code: 0, description: `network: ${error.message}` };
    throw error;
  }
  return expect.fail('the Bot API call was expected to fail but succeeded');
}

/**
 * A sandbox for Bot API tests that are not about flood control (that has its own tests), with
 * a grammY Api for the bot side and the user-side client.
 */
export async function serveForConversations() {
  const served = await serveSandbox({ limits: { globalPerSecond: 1000, perChatBurst: 50 } });
  return {
    served,
    api: new Api(served.sandbox.token, { apiRoot: served.apiRoot }),
    users: new SandboxClient(served.url),
  };
}
