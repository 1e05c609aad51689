import { argon2id, argon2Verify } from 'hash-wasm';

/**
 * Argon2id in WebAssembly (hash-wasm), so the same hashes work on Node and Deno. Parameters follow
 * OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane).
 */
const PARAMS = { parallelism: 1, iterations: 2, memorySize: 19 * 1024, hashLength: 32 } as const;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return argon2id({ password, salt, ...PARAMS, outputType: 'encoded' });
}

/** Too many password checks are already waiting: the caller should answer "try again later". */
export class PasswordCheckBusy extends Error {}

/**
 * A hash holds the event loop for its whole run (≈0.1 s), so checks go one at a time and only a
 * few may wait; beyond that they are refused at once instead of piling up behind each other.
 */
const MAX_WAITING = 8;
let running: Promise<unknown> = Promise.resolve();
let waiting = 0;

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (waiting >= MAX_WAITING) throw new PasswordCheckBusy('too many password checks waiting');
  waiting += 1;
  const turn = running.then(async () => {
    try {
      return await argon2Verify({ password, hash });
    } catch {
      return false;
    } finally {
      waiting -= 1;
    }
  });
  running = turn.catch(() => {});
  return turn;
}

/** A hash of a random password: verifying against it costs the same as against a real one. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomUUID());
  return decoy;
}
