import { migrate, openOrm } from '../orm.ts';
import { argValue, cliSetup, withDatabase, withScratchDatabase } from './cli.ts';

/**
 * npm run db:migration:create -- [--name <what-it-does>]
 * Migrates a scratch database to the latest migration, diffs the entities against it and writes
 * the difference as a new migration in migrations/. Your own database is not touched.
 */
const { env, log } = cliSetup();
const name = argValue(process.argv.slice(2), '--name');
await withDatabase(env, log, async (url) =>
  withScratchDatabase(url, async (scratch) => {
    const orm = await openOrm(scratch, log);
    try {
      await migrate(orm);
      const result = await orm.migrator.create(undefined, false, false, name);
      if (!result.diff.up.length) {
        console.log('Entities and migrations agree: no migration needed.');
        return;
      }
      console.log(
        `Created migrations/${result.fileName}:\n${result.diff.up.map((l) => `  ${l}`).join('\n')}`,
      );
      console.log(
        'Review it (custom SQL such as exclusion constraints stays yours to write), then commit it.',
      );
    } finally {
      await orm.close(true);
    }
  }),
);
