import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { platform } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A file that says "this process holds this", for as long as the process lives: the instance lock
 * of a data folder and the owner of an embedded PostgreSQL. It is created atomically (written in
 * full under a temporary name, then hard-linked into place, which fails if the file exists), and
 * it names its holder by pid and, where the system tells, by the process's start time, so a file
 * left by a killed process never blocks anyone, even when its pid has been reused since.
 */
export interface Holder {
  pid: number;
  /** The process's identity beyond its pid (boot and start time), where the system tells. */
  started?: string;
}

export interface LockFile<T> {
  readonly file: string;
  /** Replaces the data kept in the file (while it is still ours). */
  update(data: T): void;
  /** Removes the file if it is still ours; synchronous, so it can run in an `exit` handler. */
  release(): void;
}

export type Claim<T> =
  | { lock: LockFile<T>; holder?: undefined }
  | {
      lock?: undefined;
      holder: T & Holder;
      /** False where the system cannot tell a live holder from another process with its pid. */
      verified: boolean;
    };

/** Boot id and start time (clock ticks since boot) of a live process, on Linux; else undefined. */
export function processIdentity(pid: number = process.pid): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined; // a dead process not yet reaped
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot}/${fields[19]}`;
  } catch {
    return undefined;
  }
}

const hasProc = platform() === 'linux';

/** Whether the holder named in a file still runs: 'unverified' where only its pid can be checked. */
export function holderState(holder: Holder): 'running' | 'gone' | 'unverified' {
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return 'gone';
  if (hasProc) {
    const identity = processIdentity(holder.pid);
    if (identity === undefined) return 'gone';
    return holder.started === undefined || holder.started === identity ? 'running' : 'gone';
  }
  try {
    process.kill(holder.pid, 0);
    return 'unverified';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'unverified' : 'gone';
  }
}

function readHolder<T>(file: string): { text: string; holder: (T & Holder) | null } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as T & Holder;
    return { text, holder: typeof holder?.pid === 'number' ? holder : null };
  } catch {
    return { text, holder: null }; // not ours to read: treated as stale
  }
}

/** Writes `text` to `file` only if no such file exists; false if one does. */
function createExclusive(file: string, text: string): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Removes a stale file, unless it changed since it was judged stale. Two processes that find the
 * same stale file must not both remove it (the second would remove the first one's fresh claim),
 * so removal happens under a short-lived mutex; a mutex older than a few seconds is itself stale.
 */
async function removeStale(file: string, judged: string): Promise<void> {
  const mutex = `${file}.break`;
  for (;;) {
    try {
      closeSync(openSync(mutex, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(mutex).mtimeMs > 5000) rmSync(mutex, { force: true });
      } catch {
        // removed meanwhile
      }
      await sleep(10);
    }
  }
  try {
    if (readHolder(file)?.text === judged) rmSync(file, { force: true });
  } finally {
    rmSync(mutex, { force: true });
  }
}

/** Takes `file` for this process, unless a live process holds it (then says who). */
export async function claimLockFile<T extends object>(file: string, data: T): Promise<Claim<T>> {
  const me = (): Holder => ({ pid: process.pid, started: processIdentity() });
  const text = (content: T) => `${JSON.stringify({ ...me(), ...content }, null, 2)}\n`;
  const isOurs = () => {
    const found = readHolder<T>(file)?.holder;
    return found?.pid === process.pid && found.started === me().started;
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (createExclusive(file, text(data))) {
      return {
        lock: {
          file,
          update(content) {
            if (!isOurs()) return;
            const temporary = `${file}.${process.pid}.tmp`;
            writeFileSync(temporary, text(content));
            renameSync(temporary, file);
          },
          release() {
            if (isOurs()) rmSync(file, { force: true });
          },
        },
      };
    }
    const found = readHolder<T>(file);
    if (!found) continue; // released meanwhile: try again
    if (found.holder) {
      const state = holderState(found.holder);
      if (state !== 'gone') return { holder: found.holder, verified: state === 'running' };
    }
    await removeStale(file, found.text);
  }
  throw new Error(`could not take ${file}: it keeps changing`);
}
