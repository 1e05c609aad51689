import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Logger } from '../shared/log.ts';
import type { ApiContext } from '../shared/trpc.ts';
import { MAX_BATCH_SIZE } from './client.ts';
import type { AppRouter } from './router.ts';
import type { ClientInfo, FetchHandler } from './serve.ts';

/**
 * One fetch handler for the whole HTTP surface, served by node:http on Node and Deno.serve on
 * Deno (server/serve.ts). Routes: /healthz, /readyz, /trpc/*, and whatever extra handlers the app
 * mounts (the Telegram sandbox, the webhook).
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

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export function createFetchHandler(options: HttpOptions): FetchHandler {
  const { log } = options;
  return async (req, client = { address: null }) => {
    const { pathname } = new URL(req.url);
    try {
      if (pathname === '/healthz') return json(200, { ok: true });
      if (pathname === '/readyz') {
        const checks = await options.ready();
        const ok = Object.values(checks).every(Boolean);
        return json(ok ? 200 : 503, { ok, checks });
      }
      if (pathname === '/trpc' || pathname.startsWith('/trpc/')) {
        const limited = await limitBody(req, options.maxBodyBytes);
        return await fetchRequestHandler({
          endpoint: '/trpc',
          req: limited,
          router: options.router,
          maxBatchSize: MAX_BATCH_SIZE,
          createContext: () => options.createContext(limited, client),
          onError({ error, path }) {
            if (error.code === 'INTERNAL_SERVER_ERROR')
              log.error({ err: error.cause ?? error, path }, 'procedure failed');
          },
        });
      }
      for (const mount of options.mounts ?? []) {
        const hit =
          'prefix' in mount
            ? pathname === mount.prefix || pathname.startsWith(`${mount.prefix}/`)
            : mount.matches(pathname);
        if (hit) return await mount.handle(req);
      }
      return json(404, { error: 'not found' });
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // The rest of the body is never read, so this connection cannot carry another request.
        const response = json(413, { error: `request body over ${options.maxBodyBytes} bytes` });
        response.headers.set('connection', 'close');
        return response;
      }
      log.error({ err: error, path: pathname }, 'request failed');
      return json(500, { error: 'internal server error' });
    }
  };
}
