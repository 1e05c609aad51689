import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf } from '../../../shared/actor.ts';
import type { Caller } from '../../../shared/roles.ts';
import { addDays, utcToZoned } from '../../../shared/zoned-time.ts';
import {
  branchTimeZone,
  listServicesOfBranch,
  type ServiceKind,
  type ServiceView,
  serviceKinds,
} from '../../clinic/index.ts';
import { auditPatientRead, managedPatientId, patientBriefs } from '../../patients/index.ts';
import { bookingErrors } from '../booking.errors.ts';
import {
  ageAllowedSometime,
  ageAllowedThroughout,
  type LimitReached,
  limitReached,
  visitsInTheWay,
} from '../booking.policy.ts';
import type { BookingSettings } from '../booking.settings.ts';
import { Appointment, UPCOMING } from '../entities/appointment.entity.ts';
import type { SlotsCtx } from './find-slots.ts';

/**
 * What a patient already holds: active future visits in all, each as the kind of service it is
 * (category and specialties: the category limit counts per kind of specialist), and the visits the
 * booking account holds.
 */
export interface PatientLoad {
  active: number;
  held: ServiceKind[];
  /** null: staff book, no account limit applies. */
  byAccount: number | null;
}

export async function patientLoad(
  em: EntityManager,
  who: { patientId: number; actor: string | null; now: number },
): Promise<PatientLoad> {
  const active = { status: { $in: [...UPCOMING] }, startsAt: { $gt: new Date(who.now) } };
  const future = await em.find(Appointment, { patientId: who.patientId, ...active });
  // The category of each visit's service and who provides it are the clinic's to say.
  const kinds = await serviceKinds(
    em,
    future.map((a) => a.serviceId),
  );
  const byAccount =
    who.actor === null ? null : await em.count(Appointment, { bookedBy: who.actor, ...active });
  return {
    active: future.length,
    held: future.flatMap((a) => kinds.get(a.serviceId) ?? []),
    byAccount,
  };
}

/** The limit a patient meets booking a service, given what they hold; null: none. */
export async function limitFor(
  em: EntityManager,
  load: PatientLoad,
  serviceId: number,
  settings: BookingSettings,
): Promise<LimitReached | null> {
  return limitOf(load, (await serviceKinds(em, [serviceId])).get(serviceId), settings);
}

function limitOf(
  load: PatientLoad,
  kind: ServiceKind | undefined,
  settings: BookingSettings,
): LimitReached | null {
  const wanted = kind ?? { categoryId: 0, specialties: [], activeLimit: null };
  return limitReached(
    { active: load.active, inTheWay: visitsInTheWay(load.held, wanted), byAccount: load.byAccount },
    wanted,
    settings,
  );
}

/** A service as offered to one person: `blocked` says which limit stops them booking it now. */
export type OfferedService = ServiceView & { blocked: LimitReached | null };

/**
 * The services of a branch that this person may book: those outside their age range on any day a
 * visit could be booked (today … the horizon, in the branch's zone, from the IIN's birth date;
 * see ageAllowedThroughout) are left out altogether, since no waiting changes them soon; those a
 * limit stops for now stay, each with the limit, so the patient is told why as soon as they pick
 * it. Staff (actor null) get every service the person fits on some day of that window (the booking
 * checks the day they pick), and nothing blocked: they book past a patient's limits.
 */
export async function servicesFor(
  ctx: SlotsCtx,
  query: { branchId: number; patientId: number; actor: string | null },
): Promise<OfferedService[]> {
  const patient = (await patientBriefs(ctx.em, [query.patientId])).get(query.patientId);
  const timeZone = await branchTimeZone(ctx.em, query.branchId);
  if (!patient || !timeZone) throw bookingErrors('service_not_offered');
  const now = ctx.clock.now().getTime();
  const settings: BookingSettings = ctx.settings.booking;
  const today = utcToZoned(now, timeZone).date;
  const window = { from: today, to: addDays(today, settings.horizonDays) };
  const fits = query.actor === null ? ageAllowedSometime : ageAllowedThroughout;
  const services = (await listServicesOfBranch(ctx, query.branchId)).filter((s) =>
    fits(patient.birthDate, window, s),
  );
  // Staff book past the patient's limits (book-appointment: asStaff), so nothing is blocked for them.
  if (query.actor === null) return services.map((s) => ({ ...s, blocked: null }));
  const load = await patientLoad(ctx.em, { patientId: patient.id, actor: query.actor, now });
  const kinds = await serviceKinds(
    ctx.em,
    services.map((s) => s.id),
  );
  return services.map((s) => ({ ...s, blocked: limitOf(load, kinds.get(s.id), settings) }));
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
