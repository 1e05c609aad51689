import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';

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
    handler: (req: Request) => Response | Promise<Response>,
  ): { finished: Promise<void> };
}

/** Serves a fetch handler with the platform's own server: node:http on Node, Deno.serve on Deno. */
export async function serve(
  handler: (req: Request) => Promise<Response>,
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
        handler,
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

  const server = createServer(getRequestListener(handler));
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

function displayHost(hostname: string): string {
  return hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
}
