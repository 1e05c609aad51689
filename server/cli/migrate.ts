import { migrate, openOrm } from '../orm.ts';
import { cliSetup, withDatabase } from './cli.ts';

/** npm run db:migrate — applies pending migrations to the configured database. */
const { env, log } = cliSetup();
await withDatabase(env, log, async (url) => {
  const orm = await openOrm(url, log);
  try {
    const ran = await migrate(orm);
    console.log(
      ran.length ? `Applied ${ran.length} migration(s):\n  ${ran.join('\n  ')}` : 'Database is up to date.',
    );
  } finally {
    await orm.close(true);
  }
});
