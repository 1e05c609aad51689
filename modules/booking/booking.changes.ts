import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { JobQueue } from '../../shared/jobs.ts';
import type { Logger } from '../../shared/log.ts';
import type { Caller } from '../../shared/roles.ts';
import type { ModuleHooks, ModuleSettings } from '../../shared/trpc.ts';
import { auditPatientRead } from '../patients/index.ts';
import { moveToStatus } from './booking.policy.ts';
import type { Appointment, AppointmentStatus } from './entities/appointment.entity.ts';
import { factsOf, type VisitFacts } from './use-cases/visit-facts.ts';

/**
 * What happened to a visit: it was booked (a hold confirmed, or booked at once), moved to a new
 * time, or went to another status of the machine (see booking.policy.ts).
 */
export type VisitEvent = Exclude<AppointmentStatus, 'held'> | 'moved';

export interface VisitChange {
  event: VisitEvent;
  /** The visit as it is after the change. */
  visit: VisitFacts;
  /** For a cancellation: by whom and why. */
  cancelled: { by: 'patient' | 'clinic'; reason: string } | null;
}

/** What a listener gets: booking's own transaction (its `em`), and who made the change. */
export interface VisitChangeCtx {
  em: EntityManager;
  clock: Clock;
  caller: Caller;
  jobs: JobQueue;
  log: Logger;
  settings: ModuleSettings;
}

/**
 * Another module's part in a visit's change (payments invoices a prepaid booking, voids a
 * cancelled visit's invoices). It runs inside booking's transaction, with the visit's row locked:
 * what it writes commits with the change or not at all, and a listener that throws undoes it.
 */
export type VisitChangeListener = (ctx: VisitChangeCtx, change: VisitChange) => Promise<void>;

declare module '../../shared/trpc.ts' {
  interface ModuleHooks {
    /** Told of every visit booked, moved or changing status, in booking's transaction. */
    visitChanges: VisitChangeListener[];
  }
}

export type VisitChangesCtx = VisitChangeCtx & { hooks: Pick<ModuleHooks, 'visitChanges'> };

/** Writes the change and tells every listener, in the caller's transaction (`ctx.em`). */
export async function tellVisitChange(
  ctx: VisitChangesCtx,
  appointment: Appointment,
  event: VisitEvent,
  cancelled: VisitChange['cancelled'] = null,
): Promise<void> {
  // Who changed whose visit, and through what: the desk, the bot, a job (a no-show).
  auditPatientRead(ctx.em, ctx.caller, ctx.clock.now(), `appointment.${event}`, appointment.patientId);
  await ctx.em.persist(appointment).flush();
  const change: VisitChange = { event, visit: factsOf(appointment), cancelled };
  for (const listener of ctx.hooks.visitChanges) await listener(ctx, change);
}

/**
 * The one way a visit changes status: the status machine's step (moveToStatus), then the
 * listeners, so no status change goes untold.
 */
export async function changeVisitStatus(
  ctx: VisitChangesCtx,
  appointment: Appointment,
  to: Exclude<AppointmentStatus, 'held'>,
  cancelled?: { by: 'patient' | 'clinic'; reason: string; note?: string | null },
): Promise<void> {
  moveToStatus(appointment, to, ctx.clock.now(), cancelled);
  await tellVisitChange(
    ctx,
    appointment,
    to,
    cancelled ? { by: cancelled.by, reason: cancelled.reason } : null,
  );
}
