import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from './config.ts';

export interface Secrets {
  jwtSecret: string;
  /** 32 bytes: IINs are encrypted with a key derived from it, and hashed for lookup with another. */
  iinKey: Uint8Array;
  /** Password of the embedded PostgreSQL superuser (never used with an external database). */
  embeddedPgPassword: string;
}

interface StoredSecrets {
  jwtSecret: string;
  iinKey: string;
  embeddedPgPassword: string;
}

/**
 * Production takes its secrets from the environment (the config schema requires them). In
 * development and tests they are generated once and kept in `<DATA_DIR>/secrets.json`, so data
 * encrypted yesterday can still be read today; an explicitly set variable always wins.
 */
export function resolveSecrets(env: Env): Secrets {
  const stored = env.NODE_ENV === 'production' ? null : loadOrCreate(env.DATA_DIR);
  const jwtSecret = env.JWT_SECRET ?? stored?.jwtSecret;
  const iinKey = env.IIN_ENCRYPTION_KEY ?? stored?.iinKey;
  if (!jwtSecret || !iinKey) throw new Error('secrets missing: the config check should have caught this');
  return {
    jwtSecret,
    iinKey: new Uint8Array(Buffer.from(iinKey, 'base64')),
    embeddedPgPassword: stored?.embeddedPgPassword ?? randomBytes(18).toString('base64url'),
  };
}

function loadOrCreate(dataDir: string): StoredSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
  mkdirSync(dataDir, { recursive: true });
  const fresh: StoredSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    iinKey: randomBytes(32).toString('base64'),
    embeddedPgPassword: randomBytes(18).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return fresh;
}
