import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
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
  maxBodyBytes: number;
  log: Logger;
  /**
   * Extra routes, by path prefix or by a test of the whole path; the first that matches handles
   * the request.
   */
  mounts?: (({ prefix: string } | { matches(pathname: string): boolean }) & {
    handle(req: Request): Promise<Response>;
  })[];
}

export class BodyTooLarge extends Error {}

/** Reads a request body up to a limit, so a huge upload is refused before it is buffered. */
export async function readLimitedBody(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw new BodyTooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The same request with its body read (within the limit) into memory. */
export async function limitBody(req: Request, maxBytes: number): Promise<Request> {
  if (!req.body || req.method === 'GET' || req.method === 'HEAD') return req;
  const body = await readLimitedBody(req, maxBytes);
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}

/** What the Hono app sees besides the request: the client address the server passed in. */
interface HttpEnv {
  Bindings: { client: ClientInfo };
}

export function createFetchHandler(options: HttpOptions): FetchHandler {
  const { log } = options;
  const internalError = (error: unknown, path: string) => {
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
    return c.json({ ok, checks }, ok ? 200 : 503);
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
    app.all('*', (c, next) => (hit(c.req.path) ? mount.handle(c.req.raw) : next()));
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
