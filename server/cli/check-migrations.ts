import { startEmbeddedPostgres } from '../embedded-postgres.ts';
import { freePort } from '../free-port.ts';
import { migrate, openOrm } from '../orm.ts';
import { resolveSecrets } from '../secrets.ts';
import { cliSetup, withScratchDatabase } from './cli.ts';

/**
 * npm run db:check — fails when the entities and the migrations disagree (a forgotten migration):
 * a scratch database is migrated from zero and compared with what the entities describe. Without
 * DATABASE_URL it uses its own embedded server on a free port, so a running `npm start` (or
 * another checkout's) never stands in its way.
 */
const { env, log } = cliSetup();

const embedded = env.DATABASE_URL
  ? null
  : await startEmbeddedPostgres({
      dataDir: `${env.DATA_DIR}/check/postgres`,
      port: await freePort(),
      password: resolveSecrets(env).embeddedPgPassword,
      log,
      use: 'share',
    });
let drift = '';
try {
  drift = await withScratchDatabase(env.DATABASE_URL ?? embedded!.adminUrl, async (scratch) => {
    const orm = await openOrm(scratch, log);
    try {
      await migrate(orm);
      return (await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim();
    } finally {
      await orm.close(true);
    }
  });
} finally {
  await embedded?.stop();
}
if (drift) {
  console.error(
    `Entities and migrations disagree. Run npm run db:migration:create. Missing changes:\n${drift}`,
  );
  process.exit(1);
}
console.log('Entities and migrations agree.');
