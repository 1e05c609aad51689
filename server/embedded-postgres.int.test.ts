import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/log.ts';
import { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded-postgres.ts';
import { freePort } from './free-port.ts';

const dir = mkdtempSync(join(tmpdir(), 'emhana-pg-'));
// Run as root, the server runs as the postgres user, who must be able to enter the folder.
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (and was reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('keeps data across a stop and a start', async () => {
    const options = {
      dataDir: join(dir, 'pg'),
      port: await freePort(),
      password: 'pw',
      log: silentLogger,
      use: 'own' as const,
    };
    const first = await startEmbeddedPostgres(options);
    expect(first).toMatchObject({ adopted: false, owned: true });
    await first.ensureDatabase('keep');
    await query(first.urlFor('keep'), "create table note (t text); insert into note values ('kept')");
    await first.stop();
    await expect(query(first.urlFor('keep'), 'select 1')).rejects.toThrow();

    const second = await startEmbeddedPostgres(options);
    expect(await query(second.urlFor('keep'), 'select t from note')).toEqual([{ t: 'kept' }]);
    expect((await query(second.adminUrl, 'show server_version'))[0].server_version).toMatch(/^18\./);

    // Its owner lives (this process): nobody else may own it, and a guest leaves it running.
    await expect(startEmbeddedPostgres(options)).rejects.toThrow(
      new RegExp(`belongs to a running process \\(pid ${process.pid}, .*which alone may stop it`),
    );
    const guest = await startEmbeddedPostgres({ ...options, port: await freePort(), use: 'share' });
    expect(guest).toMatchObject({ adopted: true, owned: false, adminUrl: second.adminUrl });
    await guest.stop();
    expect(await query(guest.urlFor('keep'), 'select count(*)::int as n from note')).toEqual([{ n: 1 }]);

    // Once its owner is gone (a hard kill leaves no one to stop it), the next owner adopts it.
    writeFileSync(`${options.dataDir}.owner`, JSON.stringify({ pid: deadPid(), command: 'killed' }));
    const adopted = await startEmbeddedPostgres({ ...options, port: await freePort() });
    expect(adopted).toMatchObject({ adopted: true, owned: true, adminUrl: second.adminUrl });
    await adopted.stop();
    await expect(query(second.urlFor('keep'), 'select 1')).rejects.toThrow();
    expect(existsSync(`${options.dataDir}.owner`)).toBe(false);
  });

  it('is started by a guest when none runs, and stopped by it', async () => {
    const options = { dataDir: join(dir, 'pg'), port: await freePort(), password: 'pw', log: silentLogger };
    const guest = await startEmbeddedPostgres({ ...options, use: 'share' });
    expect(guest).toMatchObject({ adopted: false, owned: true });
    await expect(startEmbeddedPostgres({ ...options, use: 'own' })).rejects.toThrow(
      /belongs to a running process/,
    );
    await guest.stop();
    await expect(query(guest.adminUrl, 'select 1')).rejects.toThrow();
  });

  it('says clearly when its port is taken by another program', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    try {
      const start = startEmbeddedPostgres({
        dataDir: join(dir, 'blocked'),
        port,
        password: 'pw',
        log: silentLogger,
        use: 'own',
      });
      await expect(start).rejects.toThrow(EmbeddedPostgresError);
      await expect(start).rejects.toThrow(/did not start on port \d+.*set EMBEDDED_PG_PORT/s);
    } finally {
      blocker.close();
    }
  });
});
