import type { EntityManager } from '@mikro-orm/postgresql';
import { fromKysely, PgBoss } from 'pg-boss';
import type { Clock } from '../shared/clock.ts';
import type { JobQueue, WorkerHost } from '../shared/jobs.ts';
import type { Logger } from '../shared/log.ts';

/**
 * pg-boss in its own schema of the application database. Modules name their queues; they are
 * created here at boot, before anything sends to them.
 */
export async function startJobs(url: string, log: Logger, queues: readonly string[] = []): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 5,
    application_name: 'emhana-jobs',
  });
  boss.on('error', (error: Error) => log.error({ err: error }, 'job queue error'));
  await boss.start();
  // notify: workers wake on LISTEN/NOTIFY the moment a job is sent, instead of on their next poll.
  for (const queue of queues)
    await boss.createQueue(queue, { retryLimit: 5, retryBackoff: true, notify: true });
  return boss;
}

/**
 * The JobQueue port. Times are app-clock times (the sandbox can move the clock ahead) turned
 * into real delays for pg-boss; a job sent with a transaction's entity manager is created in
 * that transaction (pg-boss's Kysely adapter over MikroORM's transaction).
 */
export function jobQueue(boss: PgBoss, clock: Clock): JobQueue {
  return {
    async send(queue, data, options = {}) {
      const delay = options.startAfter ? options.startAfter.getTime() - clock.now().getTime() : 0;
      const trx = (options.em as EntityManager | undefined)?.getTransactionContext();
      await boss.send(queue, data, {
        startAfter: delay > 0 ? new Date(Date.now() + delay) : undefined,
        db: trx ? fromKysely(trx as never) : undefined,
      });
    },
  };
}

/** Runs a module's handler for each job of a queue, a few at a time. */
export function workerHost(boss: PgBoss): WorkerHost {
  return {
    async work<T extends object>(queue: string, handler: (data: T) => Promise<void>, concurrency: number) {
      // Two workers, each fetching again at once while batches come back full: one fetches while
      // the other's batch is still going out.
      const options = {
        batchSize: concurrency,
        pollingIntervalSeconds: 0.5,
        burstWhenBatchFull: true,
        localConcurrency: 2,
      };
      await boss.work<T>(queue, options, async (jobs) => {
        await Promise.all(jobs.map((job) => handler(job.data)));
      });
    },
  };
}
