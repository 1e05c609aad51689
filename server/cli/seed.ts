import { seedDemoClinic } from '../../modules/clinic/index.ts';
import { seedDemoFaq } from '../../modules/support/index.ts';
import { migrate, openOrm } from '../orm.ts';
import { cliSetup, withDatabase } from './cli.ts';

/** npm run seed — loads the demo clinic (and its FAQ, into an empty FAQ) into an empty database (migrating it first). */
const { env, log } = cliSetup();
const seeded = await withDatabase(env, log, async (url) => {
  const orm = await openOrm(url, log);
  try {
    await migrate(orm);
    const faq = await seedDemoFaq({ em: orm.em.fork() });
    if (faq) console.log(`Demo FAQ loaded: ${faq.categories} categories, ${faq.entries} answers.`);
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
