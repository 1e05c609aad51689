import { PgBoss } from 'pg-boss';
import type { Logger } from '../shared/log.ts';

/**
 * pg-boss in its own schema of the application database. Modules create their queues and start
 * their workers at boot (server/app.ts); nothing else schedules work.
 */
export async function startJobs(url: string, log: Logger): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 5,
    application_name: 'emhana-jobs',
  });
  boss.on('error', (error: Error) => log.error({ err: error }, 'job queue error'));
  await boss.start();
  return boss;
}
