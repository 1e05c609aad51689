import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../tests/support/db.ts';
import { freePort } from './free-port.ts';

/**
 * `npm start` as a person runs it, twice in one folder: real `node server/main.ts` processes on
 * one data folder (its embedded PostgreSQL is initialised once and reused by every step).
 */
const dataDir = mkdtempSync(join(tmpdir(), 'emhana-run-'));
// Run as root, the database runs as the postgres user, who must be able to enter the folder.
chmodSync(dataDir, 0o755);
const children: ChildProcessWithoutNullStreams[] = [];

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // Whatever postmaster a failed step left behind.
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, 'SIGQUIT');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['server/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      BOT_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves once the process says it is ready; fails at once if it exits first. */
function ready(run: Started): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (run.output().includes('Emhana is ready at')) resolve();
    };
    run.child.stdout.on('data', check);
    check();
    void run.exited.then((code) =>
      reject(new Error(`exited (${code}) before it was ready:\n${run.output()}`)),
    );
  });
}

function postmasterPid(): number | null {
  const file = join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readyz(url: string) {
  return (await fetch(`${url}/readyz`)).json();
}

describe('npm start in a folder where Emhana already runs', { timeout: 60_000 }, () => {
  const ports = { PORT: '', EMBEDDED_PG_PORT: '' };
  let first: Started;

  it('says so in one line, with the running one’s pid and URL, and leaves it alone', async () => {
    ports.PORT = String(await freePort());
    ports.EMBEDDED_PG_PORT = String(await freePort());
    const url = `http://127.0.0.1:${ports.PORT}`;
    first = start(ports);
    await ready(first);
    const postmaster = postmasterPid();

    const second = start(ports);
    expect(await second.exited).toBe(75);
    expect(second.output().trim()).toBe(
      `Emhana is already running on this data folder (${dataDir}): pid ${first.child.pid}, ${url}. ` +
        'Stop it first, or give a second one its own DATA_DIR and PORT.',
    );

    expect(await readyz(url)).toEqual({ ok: true, checks: { database: true, jobs: true }, leading: true });
    expect(postmasterPid()).toBe(postmaster);
    expect(alive(postmaster!)).toBe(true);
  });

  it('starts after the running one was killed hard, on the database server it left', async () => {
    const postmaster = postmasterPid();
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(postmaster!)).toBe(true);

    const again = start(ports);
    await ready(again);
    expect(again.output()).toContain('adopting it');
    expect(postmasterPid()).toBe(postmaster);
    expect(await readyz(`http://127.0.0.1:${ports.PORT}`)).toMatchObject({ ok: true });

    // A clean stop stops the database server it adopted and frees the folder.
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(alive(postmaster!)).toBe(false);
    expect(existsSync(join(dataDir, 'emhana.lock'))).toBe(false);
  });

  it('says in one line when another program has the port, and starts nothing', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(ports.PORT), '127.0.0.1', resolve));
    try {
      const blocked = start(ports);
      expect(await blocked.exited).toBe(1);
      expect(blocked.output().trim()).toBe(
        `Emhana cannot listen on 127.0.0.1:${ports.PORT}: another program uses that port. ` +
          'Stop it, or set PORT to a free port.',
      );
      expect(postmasterPid()).toBeNull();
      expect(existsSync(join(dataDir, 'emhana.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('lets several run on one DATABASE_URL from one folder (behind a load balancer)', async () => {
    const db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, NODE_ENV: 'test' };
    const one = start({ ...env, PORT: String(await freePort()) });
    const two = start({ ...env, PORT: String(await freePort()) });
    try {
      await Promise.all([ready(one), ready(two)]);
    } finally {
      one.child.kill('SIGTERM');
      two.child.kill('SIGTERM');
      expect(await Promise.all([one.exited, two.exited])).toEqual([0, 0]);
      await db.drop();
    }
  });
});
