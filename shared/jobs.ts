import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The job queue as use cases see it (pg-boss behind it, wired in server/jobs.ts). A job sent
 * with the entity manager of an open transaction is created in that transaction: it exists
 * exactly when the change that asked for it is committed.
 */
export interface JobQueue {
  send(queue: string, data: object, options?: { startAfter?: Date; em?: EntityManager }): Promise<void>;
}
