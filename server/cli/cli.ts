import { createLogger, type Logger } from '../../shared/log.ts';
import { resolveDatabase } from '../app.ts';
import { ConfigError, type Env, logSecrets, parseEnv, readEnvironment } from '../config.ts';

/** Shared start of the CLI commands: configuration (with the same readable errors) and a logger. */
export function cliSetup(): { env: Env; log: Logger } {
  try {
    const env = parseEnv(readEnvironment());
    return { env, log: createLogger(process.env.LOG_LEVEL ?? 'warn', { secrets: logSecrets(env) }) };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Runs `fn` with the configured database (starting the embedded one if needed), then cleans up.
 * An embedded server that was already running (`npm start` in another terminal) is left running.
 */
export async function withDatabase<T>(env: Env, log: Logger, fn: (url: string) => Promise<T>): Promise<T> {
  const db = await resolveDatabase(env, log, 'share');
  try {
    return await fn(db.url);
  } finally {
    await db.embedded?.stop();
  }
}

/** A throwaway database on the same server, for diffing entities against fully migrated tables. */
export async function withScratchDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const pg = (await import('pg')).default;
  const name = `emhana_scratch_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}

export function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}
