import { seedDemoClinic } from '../../modules/clinic/index.ts';
import { migrate, openOrm } from '../orm.ts';
import { cliSetup, withDatabase } from './cli.ts';

/** npm run seed — loads the demo clinic into an empty database (migrating it first). */
const { env, log } = cliSetup();
const seeded = await withDatabase(env, log, async (url) => {
  const orm = await openOrm(url, log);
  try {
    await migrate(orm);
    return await seedDemoClinic({ em: orm.em.fork() });
  } finally {
    await orm.close(true);
  }
});
if (!seeded) {
  console.error('The catalog already has branches: the demo clinic is only loaded into an empty database.');
  process.exit(1);
}
console.log(
  `Demo clinic loaded: ${seeded.branches} branches, ${seeded.services} services, ${seeded.doctors} doctors.`,
);
