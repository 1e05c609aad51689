import type { EntityManager } from '@mikro-orm/postgresql';
import { findByIds } from '../../../shared/find-by-ids.ts';
import { Appointment, type AppointmentStatus } from '../entities/appointment.entity.ts';

/**
 * A visit as other modules may know it (feedback asks about completed ones): plain values, its
 * patient, doctor, branch and service by id.
 */
export interface VisitFacts {
  id: number;
  patientId: number;
  doctorId: number;
  branchId: number;
  serviceId: number;
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
  /** When it got its current status (for a completed visit: when it was completed). */
  statusChangedAt: Date;
  /** Its price as booked, in tiyn. */
  priceTiyn: number;
  /** Who booked it, as the audit names callers (`tg:<id>` for a Telegram account). */
  bookedBy: string;
}

export const factsOf = (a: Appointment): VisitFacts => ({
  id: a.id,
  patientId: a.patientId,
  doctorId: a.doctorId,
  branchId: a.branchId,
  serviceId: a.serviceId,
  status: a.status,
  startsAt: a.startsAt,
  endsAt: a.endsAt,
  statusChangedAt: a.statusChangedAt,
  priceTiyn: a.priceTiyn,
  bookedBy: a.bookedBy,
});

/** One visit; null when there is no such visit. */
export async function visitFacts(em: EntityManager, id: number): Promise<VisitFacts | null> {
  const visit = await em.findOne(Appointment, id);
  return visit ? factsOf(visit) : null;
}

/** The visits with these ids (those that exist), in one query. */
export async function visitFactsOf(em: EntityManager, ids: readonly number[]): Promise<VisitFacts[]> {
  return (await findByIds(em, Appointment, ids)).map(factsOf);
}

/** Visits completed after `after` and no later than `until`, at most `limit` of them. */
export async function completedVisits(
  em: EntityManager,
  query: { after: Date; until: Date; limit: number },
): Promise<VisitFacts[]> {
  const visits = await em.find(
    Appointment,
    { status: 'completed', statusChangedAt: { $lte: query.until, $gt: query.after } },
    { limit: query.limit },
  );
  return visits.map(factsOf);
}
