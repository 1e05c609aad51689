import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './config.ts';

function problems(env: Record<string, string>): string {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('runs on defaults in development', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      SEED_DEMO: true,
      EMBEDDED_PG_PORT: 54329,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('loads the demo clinic in production only when asked to', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://emhana:pw@db:5432/emhana',
      JWT_SECRET: 'x'.repeat(40),
      IIN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    expect(parseEnv(production).SEED_DEMO).toBe(false);
    expect(parseEnv({ ...production, SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
    expect(parseEnv({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
    expect(problems({ ...production, SANDBOX: 'true' })).toMatch(/SANDBOX cannot be true in production/);
  });

  it("reports a module's rules across its variables with the others (no made-up admin password in production)", () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://emhana:pw@db:5432/emhana',
      JWT_SECRET: 'x'.repeat(40),
      SANDBOX: 'true',
      ADMIN_USERNAME: 'chief',
    };
    const message = problems(production);
    expect(message).toContain('3 problems');
    expect(message).toMatch(/IIN_ENCRYPTION_KEY is required in production/);
    expect(message).toContain('ADMIN_PASSWORD is required with ADMIN_USERNAME in production');
    expect(parseEnv({ ADMIN_USERNAME: 'chief' }).ADMIN_USERNAME).toBe('chief');
  });

  it('lists every missing production secret with how to fix it, in one message', () => {
    const message = problems({ NODE_ENV: 'production', DATABASE_URL: 'postgres://emhana:pw@db:5432/emhana' });
    expect(message).toContain('2 problems');
    expect(message).toMatch(/JWT_SECRET is required in production: set a random secret/);
    expect(message).toMatch(/IIN_ENCRYPTION_KEY is required in production: set a 32-byte key in base64/);
  });

  it('explains a malformed DATABASE_URL without echoing its password', () => {
    const message = problems({ DATABASE_URL: 'mysql://root:hunter2@db/emhana', PORT: 'eighty' });
    expect(message).toContain('DATABASE_URL must look like postgres://user:password@host:5432/database');
    expect(message).not.toContain('hunter2');
    expect(message).toMatch(/PORT .*got "eighty"/);
  });

  it('refuses a weak key and a boolean that is not one', () => {
    const message = problems({ IIN_ENCRYPTION_KEY: 'c2hvcnQ=', SEED_DEMO: 'maybe' });
    expect(message).toContain('IIN_ENCRYPTION_KEY must be 32 bytes in base64');
    expect(message).toContain('SEED_DEMO');
  });

  it('stops `npm start` with that message and exit code 1', () => {
    const result = spawnSync(process.execPath, ['server/main.ts'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: 'not a url' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Emhana cannot start: the configuration has 3 problems');
    expect(result.stderr).toContain('DATABASE_URL must look like postgres://');
  });
});
