import { createServer } from 'node:net';

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Why nobody can listen on `hostname:port` right now (the listen error: EADDRINUSE when another
 * program has it), or null when one can. Checked before start-up, so that a taken port stops
 * `npm start` before it starts anything.
 */
export function listenError(port: number, hostname: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error) => resolve(error));
    server.listen(port, hostname, () => server.close(() => resolve(null)));
  });
}
