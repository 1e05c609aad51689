import { createServer, type IncomingMessage } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/** Where a request came from, as the socket tells (a proxy in front is the app's concern). */
export interface ClientInfo {
  address: string | null;
}

export type FetchHandler = (req: Request, client?: ClientInfo) => Promise<Response>;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

interface DenoLike {
  serve(
    options: {
      port: number;
      hostname: string;
      signal: AbortSignal;
      onListen?: (addr: { port: number }) => void;
    },
    handler: (req: Request, info: { remoteAddr?: { hostname?: string } }) => Response | Promise<Response>,
  ): { finished: Promise<void> };
}

/** Serves a fetch handler with the platform's own server: node:http on Node, Deno.serve on Deno. */
export async function serve(
  handler: FetchHandler,
  options: { port: number; hostname: string },
): Promise<RunningServer> {
  const deno = (globalThis as { Deno?: DenoLike }).Deno;
  if (deno) {
    const abort = new AbortController();
    let port = options.port;
    let finished: Promise<void> = Promise.resolve();
    await new Promise<void>((resolve) => {
      const server = deno.serve(
        {
          port: options.port,
          hostname: options.hostname,
          signal: abort.signal,
          onListen: (addr) => {
            port = addr.port;
            resolve();
          },
        },
        (req, info) => handler(req, { address: info.remoteAddr?.hostname ?? null }),
      );
      finished = server.finished;
    });
    return {
      url: `http://${displayHost(options.hostname)}:${port}`,
      close: async () => {
        abort.abort();
        await finished;
      },
    };
  }

  const server = createServer(
    getRequestListener((req, env: { incoming?: Pick<IncomingMessage, 'socket'> }) =>
      handler(req, { address: env.incoming?.socket.remoteAddress ?? null }),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${displayHost(options.hostname)}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Long polls (the sandbox's getUpdates, chat waits) would hold close() open.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}

export function displayHost(hostname: string): string {
  return hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
}
