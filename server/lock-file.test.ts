import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimLockFile, processIdentity } from './lock-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'emhana-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `lock-${++n}`);

/** The pid of a process that has exited (and was reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('a lock file', () => {
  it('is held by one process, says who holds it, and is gone once released', async () => {
    const file = fresh();
    const first = await claimLockFile(file, { url: 'http://127.0.0.1:1' });
    expect(first.lock).toBeDefined();
    const second = await claimLockFile(file, { url: 'http://127.0.0.1:2' });
    expect(second.holder).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:1' });

    first.lock!.update({ url: 'http://127.0.0.1:3' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      pid: process.pid,
      url: 'http://127.0.0.1:3',
    });
    first.lock!.release();
    expect((await claimLockFile(file, { url: 'x' })).lock).toBeDefined();
  });

  it('is taken over when its holder is dead, or when it is not readable', async () => {
    const file = fresh();
    writeFileSync(file, JSON.stringify({ pid: deadPid(), url: 'old' }));
    expect((await claimLockFile(file, {})).lock).toBeDefined();

    const garbled = fresh();
    writeFileSync(garbled, '');
    expect((await claimLockFile(garbled, {})).lock).toBeDefined();
  });

  it.runIf(platform() === 'linux')('is taken over when its pid now belongs to another process', async () => {
    // The pid is alive (the parent process) but the file names another start: a reused pid.
    const file = fresh();
    writeFileSync(file, JSON.stringify({ pid: process.ppid, started: `${processIdentity()}0` }));
    expect((await claimLockFile(file, {})).lock).toBeDefined();
  });

  it('goes to exactly one of several processes that find the same stale file at once', async () => {
    const file = fresh();
    writeFileSync(file, JSON.stringify({ pid: deadPid() }));
    // Each racer loads the code, says so, and claims when told: all of them at the same moment.
    const script =
      "const { claimLockFile } = await import('./server/lock-file.ts');" +
      "process.stdout.write('ready');" +
      "process.stdin.once('data', async () => {" +
      '  const c = await claimLockFile(process.argv[1], {});' +
      "  process.stdout.write(c.lock ? ' won' : ' lost');" +
      '});'; // and stays alive (holding what it won) until the test closes its stdin
    const racers = Array.from({ length: 8 }, () =>
      spawn(process.execPath, ['--input-type=module', '-e', script, file], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const said = (child: (typeof racers)[number], what: RegExp) =>
      new Promise<string>((resolve) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const m = what.exec(out);
          if (m) resolve(m[0]);
        });
      });
    try {
      await Promise.all(racers.map((child) => said(child, /ready/)));
      const results = Promise.all(racers.map((child) => said(child, /won|lost/)));
      for (const child of racers) child.stdin.write('go\n');
      expect((await results).filter((r) => r === 'won')).toHaveLength(1);
    } finally {
      for (const child of racers) child.kill();
    }
  });
});
