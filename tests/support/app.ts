import { type App, startApp } from '../../server/app.ts';
import { createEmhanaClient, type EmhanaClient } from '../../server/client.ts';
import { parseEnv } from '../../server/config.ts';
import { serve } from '../../server/serve.ts';
import { AdjustableClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/log.ts';
import type { StaffRole } from '../../shared/roles.ts';
import { createTestDatabase } from './db.ts';

export interface TestApp {
  app: App;
  url: string;
  clock: AdjustableClock;
  /** A typed client as an internal tool would use it; without a token it is anonymous. */
  client(token?: string): EmhanaClient;
  /** A service token with the given role. */
  tokenFor(role: StaffRole): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real application on its own cloned database, served over HTTP on a free port: tests talk
 * to it the way internal tools and the bot do.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const clock = new AdjustableClock();
  const app = await startApp({
    env: parseEnv({
      NODE_ENV: 'test',
      DATA_DIR: '.data/test',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      ...env,
    }),
    log: silentLogger,
    clock,
    databaseUrl: db.url,
  });
  const server = await serve(app.fetch, { port: 0, hostname: '127.0.0.1' });
  return {
    app,
    url: server.url,
    clock,
    client: (token) => createEmhanaClient({ url: server.url, token }),
    tokenFor: (role) => app.tokens.sign({ kind: 'service', name: `test-${role}`, roles: [role] }, 3600),
    async stop() {
      await server.close();
      await app.stop();
      await db.drop();
    },
  };
}
