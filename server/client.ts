import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from './router.ts';

export type { AppRouter };

/** Calls one HTTP request may batch; the server refuses a bigger batch whole (server/http.ts). */
export const MAX_BATCH_SIZE = 10;
export type EmhanaClient = TRPCClient<AppRouter>;

export interface EmhanaClientOptions {
  /** Base URL of the Emhana server, e.g. http://localhost:3000 */
  url: string;
  /** A staff login token or a service token from `npm run token`. */
  token?: string;
  /** The Telegram user a bot token acts for. */
  telegramUserId?: number;
  fetch?: typeof fetch;
}

/**
 * The typed client for internal tools: `import { createEmhanaClient } from 'emhana/client'`.
 * Every procedure, input and result is typed from the server's router.
 */
export function createEmhanaClient(options: EmhanaClientOptions): EmhanaClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.url.replace(/\/$/, '')}/trpc`,
        transformer: superjson,
        maxItems: MAX_BATCH_SIZE,
        fetch: options.fetch,
        headers: () => ({
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.telegramUserId ? { 'x-telegram-user-id': String(options.telegramUserId) } : {}),
        }),
      }),
    ],
  });
}
