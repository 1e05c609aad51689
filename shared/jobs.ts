import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The job queue as use cases see it (pg-boss behind it, wired in server/jobs.ts). A job sent
 * with the entity manager of an open transaction is created in that transaction: it exists
 * exactly when the change that asked for it is committed.
 */
export interface JobQueue {
  send(queue: string, data: object, options?: { startAfter?: Date; em?: EntityManager }): Promise<void>;
}

/** Runs a handler for each job of a queue, a few at a time (pg-boss behind it, see server/jobs.ts). */
export interface WorkerHost {
  work<T extends object>(
    queue: string,
    handler: (data: T) => Promise<void>,
    concurrency: number,
  ): Promise<void>;
}
