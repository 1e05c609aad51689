import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
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
    const options = { dataDir: join(dir, 'pg'), port: await freePort(), password: 'pw', log: silentLogger };
    const first = await startEmbeddedPostgres(options);
    await first.ensureDatabase('keep');
    await query(first.urlFor('keep'), "create table note (t text); insert into note values ('kept')");
    await first.stop();
    await expect(query(first.urlFor('keep'), 'select 1')).rejects.toThrow();

    const second = await startEmbeddedPostgres(options);
    expect(await query(second.urlFor('keep'), 'select t from note')).toEqual([{ t: 'kept' }]);
    expect((await query(second.adminUrl, 'show server_version'))[0].server_version).toMatch(/^18\./);

    // A second start while it runs (an orphan after a hard kill) adopts the running server.
    const adopted = await startEmbeddedPostgres(options);
    expect(await query(adopted.urlFor('keep'), 'select count(*)::int as n from note')).toEqual([{ n: 1 }]);
    await adopted.stop();
    await expect(query(second.urlFor('keep'), 'select 1')).rejects.toThrow();
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
      });
      await expect(start).rejects.toThrow(EmbeddedPostgresError);
      await expect(start).rejects.toThrow(/did not start on port \d+.*set EMBEDDED_PG_PORT/s);
    } finally {
      blocker.close();
    }
  });
});
