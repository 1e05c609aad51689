import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type Clock, systemClock } from '../shared/clock.ts';
import { useClockFor } from '../shared/entity-time.ts';
import type { Logger } from '../shared/log.ts';
import { entities, foreignKeys } from './modules.ts';

export type { EntityManager };

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export function ormConfig(url: string, log: Logger, poolMax = 10) {
  return defineConfig({
    clientUrl: url,
    entities,
    discovery: { onMetadata: foreignKeys },
    extensions: [Migrator],
    migrations: {
      path: MIGRATIONS_DIR,
      glob: '!(*.d).ts',
      emit: 'ts',
      // Migrations are diffed against a scratch database migrated to the latest version (see
      // server/cli/migration-create.ts), so no snapshot file has to be kept in step by hand.
      snapshot: false,
      silent: true,
      transactional: true,
      allOrNothing: true,
    },
    pool: { min: 0, max: poolMax },
    // No JIT: our statements are short or, at most (an audience over 100,000 patients), a few
    // hundred milliseconds, where compiling them cost more than it saved (up to 0.7 s on a stock
    // PostgreSQL 15, whose default is on).
    driverOptions: { options: '-c jit=off' },
    logger: (message) => log.debug({ orm: message }),
    debug: log.isLevelEnabled('trace') ? ['query'] : false,
    // Entity instances never leave the server; views are built explicitly (see *.schemas.ts).
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    // SQL functions are written by migrations (support_fold, the FAQ search's folding), not
    // declared as MikroORM routines: the schema diff must not offer to drop them.
    schemaGenerator: { ignoreRoutines: true },
  });
}

/** Opens the ORM; its entities stamp their times by `clock` (the app's, which the sandbox moves). */
export async function openOrm(url: string, log: Logger, poolMax?: number, clock: Clock = systemClock) {
  const orm = await MikroORM.init(ormConfig(url, log, poolMax));
  useClockFor(orm.config, clock);
  return orm;
}

export type Orm = Awaited<ReturnType<typeof openOrm>>;

/** Applies pending migrations; returns the names of those it ran. */
export async function migrate(orm: Orm): Promise<string[]> {
  const ran = await orm.migrator.up();
  return ran.map((m) => m.name);
}
