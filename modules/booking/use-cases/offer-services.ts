import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf } from '../../../shared/actor.ts';
import type { Caller } from '../../../shared/roles.ts';
import { utcToZoned } from '../../../shared/zoned-time.ts';
import { branchTimeZone, catalogViews, listServicesOfBranch, type ServiceView } from '../../clinic/index.ts';
import { auditPatientRead, managedPatientId, patientBriefs } from '../../patients/index.ts';
import { bookingErrors } from '../booking.errors.ts';
import { ageAllowed, type LimitReached, limitReached } from '../booking.policy.ts';
import type { BookingSettings } from '../booking.settings.ts';
import { Appointment, UPCOMING } from '../entities/appointment.entity.ts';
import type { SlotsCtx } from './find-slots.ts';

/** What a patient already holds: active future visits in all, per category, and by the booking account. */
export interface PatientLoad {
  active: number;
  inCategory: (categoryId: number) => number;
  /** null: staff book, no account limit applies. */
  byAccount: number | null;
}

export async function patientLoad(
  em: EntityManager,
  who: { patientId: number; actor: string | null; now: number },
): Promise<PatientLoad> {
  const active = { status: { $in: [...UPCOMING] }, startsAt: { $gt: new Date(who.now) } };
  const future = await em.find(Appointment, { patientId: who.patientId, ...active });
  // The category of each visit's service is the clinic's to say.
  const { services } = await catalogViews(em, { serviceIds: future.map((a) => a.serviceId) });
  const byAccount =
    who.actor === null ? null : await em.count(Appointment, { bookedBy: who.actor, ...active });
  return {
    active: future.length,
    inCategory: (categoryId) =>
      future.filter((a) => services.get(a.serviceId)?.categoryId === categoryId).length,
    byAccount,
  };
}

/** A service as offered to one person: `blocked` says which limit stops them booking it now. */
export type OfferedService = ServiceView & { blocked: LimitReached | null };

/**
 * The services of a branch that this person may book: those outside their age range (age today
 * in the branch's zone, from the IIN's birth date) are left out altogether, since no waiting
 * changes them; those a limit stops for now stay, each with the limit, so the patient is told why
 * as soon as they pick it. Staff (actor null) get the same list without the account limit.
 */
export async function servicesFor(
  ctx: SlotsCtx,
  query: { branchId: number; patientId: number; actor: string | null },
): Promise<OfferedService[]> {
  const patient = (await patientBriefs(ctx.em, [query.patientId])).get(query.patientId);
  const timeZone = await branchTimeZone(ctx.em, query.branchId);
  if (!patient || !timeZone) throw bookingErrors('service_not_offered');
  const now = ctx.clock.now().getTime();
  const today = utcToZoned(now, timeZone).date;
  const services = (await listServicesOfBranch(ctx, query.branchId)).filter((s) =>
    ageAllowed(patient.birthDate, today, s),
  );
  // Staff book past the patient's limits (book-appointment: asStaff), so nothing is blocked for them.
  if (query.actor === null) return services.map((s) => ({ ...s, blocked: null }));
  const load = await patientLoad(ctx.em, { patientId: patient.id, actor: query.actor, now });
  const settings: BookingSettings = ctx.settings.booking;
  return services.map((s) => ({
    ...s,
    blocked: limitReached(
      { active: load.active, inCategory: load.inCategory(s.categoryId), byAccount: load.byAccount },
      settings,
    ),
  }));
}

/** The bot asks for the patient it acts for, or one of their dependants. */
export async function servicesForPatient(
  ctx: SlotsCtx & { caller: Caller },
  input: { branchId: number; patientId: number | null },
): Promise<OfferedService[]> {
  const patientId = await managedPatientId(ctx.em, ctx.caller, input.patientId);
  return servicesFor(ctx, { branchId: input.branchId, patientId, actor: actorOf(ctx.caller) });
}

/**
 * Staff ask for any patient: what that patient may book, with no limits (staff book past them);
 * the patient's age and record are read, so the read is audited.
 */
export async function servicesForStaff(
  ctx: SlotsCtx & { caller: Caller },
  input: { branchId: number; patientId: number },
): Promise<OfferedService[]> {
  const offered = await servicesFor(ctx, { ...input, actor: null });
  auditPatientRead(ctx.em, ctx.caller, ctx.clock.now(), 'booking.offer.read', input.patientId);
  await ctx.em.flush();
  return offered;
}
