import { createLogger } from '../shared/log.ts';
import { startApp } from './app.ts';
import { ConfigError, type Env, logSecrets, parseEnv, readEnvironment } from './config.ts';
import { consoleBuild } from './console.ts';
import { listenError } from './free-port.ts';
import { ALREADY_RUNNING, holdsDataDir, lockDataDir } from './instance.ts';
import { displayHost, type RunningServer, serve } from './serve.ts';

/** One line for a port that cannot be listened on, or null for an error that is not about it. */
function listenProblem(error: unknown, env: Env): string | null {
  const { code, name } = error as { code?: string; name?: string };
  const where = `${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}`;
  if (code === 'EADDRINUSE' || name === 'AddrInUse')
    return `Emhana cannot listen on ${where}: another program uses that port. Stop it, or set PORT to a free port.`;
  if (code === 'EADDRNOTAVAIL' || name === 'AddrNotAvailable')
    return `Emhana cannot listen on ${where}: ${env.HOST} is not an address of this machine. Set HOST (127.0.0.1, or 0.0.0.0 for every address).`;
  if ((code === 'EACCES' || name === 'PermissionDenied') && env.PORT < 1024)
    return `Emhana may not listen on ${where}: ports below 1024 need privileges. Set PORT to 1024 or above.`;
  return null;
}

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
  const log = createLogger(env.LOG_LEVEL, { secrets: logSecrets(env) });

  // Before anything starts: the data folder is ours (or this start says who has it), and the port
  // is free. A start refused here changes nothing, and says why in one line.
  const planned = `http://${displayHost(env.HOST)}:${env.PORT}`;
  const folder = holdsDataDir(env) ? await lockDataDir(env, planned) : null;
  if (folder?.refusal) {
    console.error(folder.refusal);
    process.exit(ALREADY_RUNNING);
  }
  const instance = folder?.lock ?? null;
  // However this process ends, the folder is free again (a kill -9 leaves a lock naming a dead pid,
  // which the next start takes over).
  process.once('exit', () => instance?.release());
  const taken = env.PORT === 0 ? null : await listenError(env.PORT, env.HOST);
  const portProblem = taken && listenProblem(taken, env);
  if (portProblem) {
    console.error(portProblem);
    process.exit(1);
  }

  // The console builds (when its sources changed) while the database starts: two cores, two jobs.
  const staffConsole = consoleBuild(log);
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp({ env, log });
  } catch (error) {
    log.fatal({ err: error }, 'start-up failed');
    console.error(`Emhana could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  let server: RunningServer;
  try {
    server = await serve(app.fetch, { port: env.PORT, hostname: env.HOST });
  } catch (error) {
    // Taken since the check above (or refused for a reason the check could not see).
    const problem = listenProblem(error, env);
    if (!problem) log.fatal({ err: error }, 'the server could not listen');
    console.error(
      problem ??
        `Emhana could not listen on port ${env.PORT}: ${error instanceof Error ? error.message : String(error)}`,
    );
    await app.stop();
    process.exit(1);
  }
  await staffConsole;
  instance?.update({ url: server.url, state: 'ready', since: new Date().toISOString() });
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
  // Before saying it is ready: whoever reads that line may stop it at once.
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
    // Last, once its database has stopped: the folder is free for the next start.
    instance?.release();
    clearTimeout(deadline);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(2);
  log.info({ url: server.url, seconds }, 'Emhana is ready');
  // Notices (a generated admin password) are for the person at the terminal, not for the logs.
  for (const notice of app.notices) process.stdout.write(`\n  ${notice}\n`);
  process.stdout.write(`\n  Emhana is ready at ${server.url} (${seconds} s)\n`);
  process.stdout.write(`  Staff console: ${server.url}/console\n`);
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
}
