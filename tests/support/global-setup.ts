import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { parseEnv } from '../../server/config.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../server/embedded-postgres.ts';
import { freePort } from '../../server/free-port.ts';
import { startJobs } from '../../server/jobs.ts';
import { migrate, openOrm } from '../../server/orm.ts';
import { resolveSecrets } from '../../server/secrets.ts';
import { silentLogger } from '../../shared/log.ts';
import { TEMPLATE_PREFIX } from './db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when given (any 15–18 server where the
 * user may create databases), otherwise an embedded one in .data/postgres-test. A template
 * database is migrated (and given pg-boss's schema) once; every test file clones it.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const env = parseEnv({ NODE_ENV: 'test', DATA_DIR: '.data/test' });
    embedded = await startEmbeddedPostgres({
      dataDir: '.data/test/postgres',
      // A free port each run: two checkouts on one machine never collide.
      port: Number(process.env.TEST_PG_PORT ?? (await freePort())),
      password: resolveSecrets(env).embeddedPgPassword,
      log: silentLogger,
      use: 'share',
    });
    adminUrl = embedded.adminUrl;
  }

  // One template per run, so two test runs on one machine never drop each other's.
  const template = `${TEMPLATE_PREFIX}${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.query(`create database ${template}`);
  const templateUrl = withDatabase(adminUrl, template);
  const orm = await openOrm(templateUrl, silentLogger);
  await migrate(orm);
  await orm.close(true);
  const boss = await startJobs(templateUrl, silentLogger);
  await boss.stop({ graceful: false });
  await admin.end();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${template} with (force)`);
    await client.end();
    // stop() stops only a server this run started: one another run is using is left to it.
    await embedded?.stop();
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
