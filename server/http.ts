import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
import { BodyTooLarge, limitBody } from '../shared/body.ts';
import type { Logger } from '../shared/log.ts';
import type { ApiContext } from '../shared/trpc.ts';
import { MAX_BATCH_SIZE } from './client.ts';
import type { AppRouter } from './router.ts';
import type { ClientInfo, FetchHandler } from './serve.ts';

/**
 * One fetch handler for the whole HTTP surface, served by node:http on Node and Deno.serve on
 * Deno (server/serve.ts): a Hono app with /healthz, /readyz, /trpc/*, and whatever extra handlers
 * the app mounts (the Telegram sandbox, the webhook). Every route takes any method, as the
 * hand-written routing did.
 */
export interface HttpOptions {
  router: AppRouter;
  createContext(req: Request, client: ClientInfo): Promise<ApiContext>;
  ready(): Promise<Record<string, boolean>>;
  /** Told with /readyz beside the checks, not one of them (whether this instance leads). */
  role?(): Record<string, unknown>;
  maxBodyBytes: number;
  log: Logger;
  /**
   * Extra routes, by path prefix or by a test of the whole path; the first that matches handles
   * the request.
   */
  mounts?: (({ prefix: string } | { matches(pathname: string): boolean }) & {
    handle(req: Request, client: ClientInfo): Promise<Response>;
  })[];
}

/** What the Hono app sees besides the request: the client address the server passed in. */
interface HttpEnv {
  Bindings: { client: ClientInfo };
}

export function createFetchHandler(options: HttpOptions): FetchHandler {
  const { log } = options;
  const internalError = (error: unknown, path: string) => {
    // The path may be a capability (a signed link, a tap link, the Bot API's token): the logger
    // blanks it, and the same token quoted in the error (shared/redact.ts).
    log.error({ err: error, path }, 'request failed');
    return Response.json({ error: 'internal server error' }, { status: 500 });
  };
  // Routed on the URL's pathname as it came, not Hono's percent-decoded path, so a mount's test
  // sees what the client sent and `/health%7A` is not /healthz.
  const app = new Hono<HttpEnv>({ getPath: (req) => new URL(req.url).pathname });

  app.all('/healthz', (c) => c.json({ ok: true }));
  app.all('/readyz', async (c) => {
    const checks = await options.ready();
    const ok = Object.values(checks).every(Boolean);
    return c.json({ ok, checks, ...options.role?.() }, ok ? 200 : 503);
  });
  // `/trpc/*` also matches `/trpc` itself.
  app.all('/trpc/*', async (c) => {
    const limited = await limitBody(c.req.raw, options.maxBodyBytes);
    return fetchRequestHandler({
      endpoint: '/trpc',
      req: limited,
      router: options.router,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: () => options.createContext(limited, c.env.client),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          log.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    });
  });
  // Each mount in the order given; one that does not match passes the request on.
  for (const mount of options.mounts ?? []) {
    const hit =
      'prefix' in mount
        ? (path: string) => path === mount.prefix || path.startsWith(`${mount.prefix}/`)
        : (path: string) => mount.matches(path);
    app.all('*', (c, next) => (hit(c.req.path) ? mount.handle(c.req.raw, c.env.client) : next()));
  }

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    // The rest of the body is never read, so this connection cannot carry another request.
    if (error instanceof BodyTooLarge)
      return c.json({ error: `request body over ${options.maxBodyBytes} bytes` }, 413, {
        connection: 'close',
      });
    return internalError(error, c.req.path);
  });

  return async (req, client = { address: null }) => {
    try {
      return await app.fetch(req, { client });
    } catch (error) {
      // Hono hands only Error instances to onError; anything else thrown ends up here.
      return internalError(error, new URL(req.url).pathname);
    }
  };
}
