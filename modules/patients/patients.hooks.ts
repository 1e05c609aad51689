import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { JobQueue } from '../../shared/jobs.ts';
import type { Localized } from '../../shared/localized.ts';
import type { Logger } from '../../shared/log.ts';
import type { Caller } from '../../shared/roles.ts';
import type { ModuleHooks, ModuleSettings } from '../../shared/trpc.ts';

/** Something "delete my data" will undo, shown to the patient before they confirm. */
export interface ErasureItem {
  patientId: number;
  patientName: string;
  startsAt: Date;
  timeZone: string;
  title: Localized;
  place: Localized;
}

/**
 * A module's part in "delete my data" (booking cancels future visits): `preview` lists what will
 * be undone, `apply` undoes it inside the erasure's transaction.
 */
export interface ErasureStep {
  preview(em: EntityManager, patientIds: number[], now: Date): Promise<ErasureItem[]>;
  apply(
    ctx: {
      em: EntityManager;
      clock: Clock;
      jobs: JobQueue;
      settings: ModuleSettings;
      caller: Caller;
      log: Logger;
      hooks: ModuleHooks;
    },
    patientIds: number[],
  ): Promise<number>;
}

declare module '../../shared/trpc.ts' {
  interface ModuleHooks {
    patientErasure: ErasureStep[];
  }
}
