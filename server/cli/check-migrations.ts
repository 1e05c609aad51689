import { migrate, openOrm } from '../orm.ts';
import { cliSetup, withDatabase, withScratchDatabase } from './cli.ts';

/**
 * npm run db:check — fails when the entities and the migrations disagree (a forgotten migration):
 * a scratch database is migrated from zero and compared with what the entities describe.
 */
const { env, log } = cliSetup();
const drift = await withDatabase(env, log, async (url) =>
  withScratchDatabase(url, async (scratch) => {
    const orm = await openOrm(scratch, log);
    try {
      await migrate(orm);
      return (await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim();
    } finally {
      await orm.close(true);
    }
  }),
);
if (drift) {
  console.error(
    `Entities and migrations disagree. Run npm run db:migration:create. Missing changes:\n${drift}`,
  );
  process.exit(1);
}
console.log('Entities and migrations agree.');
