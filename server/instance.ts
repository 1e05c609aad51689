import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from './config.ts';
import { claimLockFile, type LockFile } from './lock-file.ts';
import { sandboxPersistFile } from './telegram.ts';

/**
 * One Emhana per data folder: `npm start` takes `DATA_DIR/emhana.lock` before it starts anything,
 * and a second start on the same folder says who holds it and stops. The lock names its holder
 * by pid and start time, so one left by a killed process never blocks a restart.
 */
export interface Instance {
  /** Where it serves (the planned URL while it starts). */
  url: string;
  state: 'starting' | 'ready';
  since: string;
}

/**
 * Exit code of a start refused because an Emhana already runs on the folder: sysexits'
 * EX_TEMPFAIL ("try again later"). Not 1, so that a script or a supervisor can tell "an Emhana
 * already serves this folder" from a start that failed; not 0, because this command did not
 * start anything (a script going on after `npm start` must not take the other's for its own).
 */
export const ALREADY_RUNNING = 75;

/**
 * Whether this configuration keeps something in DATA_DIR that one process at a time may hold:
 * the embedded PostgreSQL (it has one owner, who stops it) or the sandbox's chats (each process
 * would overwrite the other's). With DATABASE_URL and no sandbox file (production, a real bot
 * token, tests), DATA_DIR holds at most the development secrets, only read once written, and
 * several instances may share it: behind a load balancer, on one PostgreSQL.
 */
export function holdsDataDir(env: Env): boolean {
  return !env.DATABASE_URL || sandboxPersistFile(env) !== undefined;
}

/** Takes the folder for this process, or says (in one line) who has it. */
export async function lockDataDir(
  env: Env,
  url: string,
): Promise<{ lock: LockFile<Instance>; refusal?: undefined } | { lock?: undefined; refusal: string }> {
  mkdirSync(env.DATA_DIR, { recursive: true });
  const file = join(env.DATA_DIR, 'emhana.lock');
  const claim = await claimLockFile<Instance>(file, {
    url,
    state: 'starting',
    since: new Date().toISOString(),
  });
  if (claim.lock) return { lock: claim.lock };
  const { pid, state } = claim.holder;
  return {
    refusal:
      `Emhana is already ${state === 'ready' ? 'running' : 'starting'} on this data folder (${env.DATA_DIR}): ` +
      `pid ${pid}, ${claim.holder.url}. Stop it first, or give a second one its own DATA_DIR and PORT.` +
      // Where the system cannot tell a reused pid from ours (no /proc), say how to clear it.
      (claim.verified ? '' : ` If pid ${pid} is not Emhana, delete ${file}.`),
  };
}
