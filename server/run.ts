import { createLogger } from '../shared/log.ts';
import { startApp } from './app.ts';
import { ConfigError, parseEnv, readEnvironment } from './config.ts';
import { serve } from './serve.ts';

/** Starts everything `npm start` runs and stops it gracefully on SIGINT/SIGTERM. */
export async function run(): Promise<void> {
  const startedAt = performance.now();
  let env: ReturnType<typeof parseEnv>;
  try {
    env = parseEnv(readEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(env.LOG_LEVEL);

  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp({ env, log });
  } catch (error) {
    log.fatal({ err: error }, 'start-up failed');
    console.error(`Emhana could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const server = await serve(app.fetch, { port: env.PORT, hostname: env.HOST });
  try {
    await app.startBot(server.url);
  } catch (error) {
    log.fatal({ err: error }, 'the bot could not start');
    console.error(
      `Emhana could not start the bot: ${error instanceof Error ? error.message : String(error)}`,
    );
    await server.close();
    await app.stop();
    process.exit(1);
  }
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(2);
  log.info({ url: server.url, seconds }, 'Emhana is ready');
  // Notices (a generated admin password) are for the person at the terminal, not for the logs.
  for (const notice of app.notices) process.stdout.write(`\n  ${notice}\n`);
  process.stdout.write(`\n  Emhana is ready at ${server.url} (${seconds} s)\n`);
  if (app.sandbox) {
    process.stdout.write(`  Telegram sandbox (no bot token set): ${server.url}/sandbox\n`);
    // So any bot library can be pointed at it. The sandbox never runs in production; the check
    // keeps a token off a production terminal should that ever change.
    if (env.NODE_ENV !== 'production')
      process.stdout.write(
        `  Sandbox bot token: ${app.sandbox.token} (for any bot library; API root ${server.url})\n`,
      );
  }
  process.stdout.write('\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(
      () => {
        log.error('shutdown took too long; exiting');
        process.exit(1);
      },
      (env.SHUTDOWN_TIMEOUT_SECONDS + 5) * 1000,
    );
    deadline.unref?.();
    // No new updates, then no new requests, then let jobs finish and close the database.
    await app.stopBot();
    await server.close();
    await app.stop();
    clearTimeout(deadline);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
