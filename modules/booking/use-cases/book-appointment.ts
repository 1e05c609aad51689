import { DriverException, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf } from '../../../shared/actor.ts';
import type { JobQueue } from '../../../shared/jobs.ts';
import type { Caller } from '../../../shared/roles.ts';
import { utcToZoned } from '../../../shared/zoned-time.ts';
import { catalogViews, doctorPrice, serviceForBooking } from '../../clinic/index.ts';
import type { NotificationSettings } from '../../notifications/index.ts';
import { managedPatientId, patientBriefs } from '../../patients/index.ts';
import { changeVisitStatus, tellVisitChange, type VisitChangesCtx } from '../booking.changes.ts';
import { bookingErrors } from '../booking.errors.ts';
import { announce } from '../booking.notices.ts';
import { assertAgeAllowed, assertBookableTime, onlineRoomFor } from '../booking.policy.ts';
import type { BookingSettings } from '../booking.settings.ts';
import { type AppointmentView, appointmentView, type VisitDetails, visitDetails } from '../booking.views.ts';
import { Appointment, OCCUPYING, type StaffChannel } from '../entities/appointment.entity.ts';
import { findSlots, type SlotsCtx } from './find-slots.ts';
import { limitFor, patientLoad } from './offer-services.ts';

export type BookingCtx = SlotsCtx &
  VisitChangesCtx & {
    caller: Caller;
    jobs: JobQueue;
    settings: { booking: BookingSettings; notifications: NotificationSettings };
  };

/** Which exclusion constraint refused a write, if one did. */
function overlapOf(error: unknown): 'doctor' | 'patient' | null {
  if (!(error instanceof DriverException)) return null;
  const e = error as DriverException & { code?: string; constraint?: string };
  // Two overlapping inserts can wait on each other through the constraint; PostgreSQL breaks
  // the tie by failing one, which lost the race just the same.
  if (e.code === '40P01') return 'doctor';
  if (e.code !== '23P01') return null;
  return `${e.constraint ?? e.message}`.includes('patient') ? 'patient' : 'doctor';
}

export function conflictError(error: unknown): Error {
  const overlap = overlapOf(error);
  if (overlap === 'doctor') return bookingErrors('slot_taken');
  if (overlap === 'patient') return bookingErrors('patient_busy');
  return error as Error;
}

/** Serialises one patient's (or one account's) bookings, so limits hold under concurrent taps too. */
async function lockPatient(em: EntityManager, key: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`booking:${key}`]);
}

/**
 * Serialises writes to one doctor's time: racing attempts queue here instead of waiting on each
 * other inside the exclusion constraint, where two of them could deadlock.
 */
export async function lockDoctor(em: EntityManager, doctorId: number): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`booking:doctor:${doctorId}`]);
}

/**
 * The limits a patient's own booking keeps: active future visits per patient, per category and
 * kind of specialist (see visitsInTheWay), and per Telegram account that booked them (whoever
 * for). Checked when a slot is held and again when the hold becomes a booking, under the
 * account's and the patient's locks; the hold itself is not yet counted (it is not upcoming).
 */
async function assertPatientLimits(
  em: EntityManager,
  visit: { patient: number; serviceId: number; actor: string; now: number },
  settings: BookingSettings,
): Promise<void> {
  const load = await patientLoad(em, { patientId: visit.patient, actor: visit.actor, now: visit.now });
  const reached = await limitFor(em, load, visit.serviceId, settings);
  if (reached) throw bookingErrors(reached.code, { max: reached.max });
}

export interface BookRequest {
  patientId: number;
  branchId: number;
  serviceId: number;
  /** null: the first doctor free at that time. */
  doctorId: number | null;
  startsAt: Date;
  /** A hold keeps the slot for the summary screen; a booking is final. */
  mode: 'hold' | 'book';
  source: 'bot' | 'staff' | 'api';
  /** Staff bookings: by phone or at the console. */
  channel?: StaffChannel;
  actor: string;
  /** Staff book by phone: no minimum notice and no per-patient limits, but the same free slots. */
  asStaff: boolean;
}

/**
 * A visit as the database has it after the change's transaction (read in a fresh fork), with the
 * names the transaction already fetched when it has them (a change keeps the visit's ids).
 */
export async function currentView(
  em: EntityManager,
  id: number,
  details?: VisitDetails,
): Promise<AppointmentView> {
  const fork = em.fork();
  const appointment = await loadAppointment(fork, id);
  return appointmentView(appointment, details ?? (await visitDetails(fork, [appointment])));
}

export async function loadAppointment(em: EntityManager, id: number, lock = false): Promise<Appointment> {
  const appointment = await em.findOne(Appointment, id, {
    lockMode: lock ? LockMode.PESSIMISTIC_WRITE : undefined,
  });
  if (!appointment) throw bookingErrors('appointment_not_found', { id });
  return appointment;
}

/**
 * Takes a free slot for a patient. The slot must be one the schedule offers right now; the
 * exclusion constraints settle every race, so of any number of simultaneous attempts on one slot
 * exactly one succeeds and the others hear "slot_taken".
 */
export async function bookSlot(ctx: BookingCtx, request: BookRequest): Promise<AppointmentView> {
  const settings = ctx.settings.booking;
  const now = ctx.clock.now().getTime();
  const startsAt = request.startsAt.getTime();
  if (request.asStaff) {
    if (startsAt <= now) throw bookingErrors('too_soon', { minNoticeMinutes: 0 });
  } else {
    assertBookableTime(startsAt, now, settings);
  }
  try {
    const booked = await ctx.em.transactional(async (em) => {
      // The account first, then the patient: every booking takes them in this order.
      if (!request.asStaff) await lockPatient(em, `account:${request.actor}`);
      await lockPatient(em, `patient:${request.patientId}`);
      const patient = (await patientBriefs(em, [request.patientId])).get(request.patientId);
      const offered = await serviceForBooking(em, {
        branchId: request.branchId,
        serviceId: request.serviceId,
      });
      if (!patient || !offered) throw bookingErrors('service_not_offered');
      const { branch, service } = offered;
      const date = utcToZoned(startsAt, branch.timeZone).date;

      assertAgeAllowed(patient.birthDate, date, {
        minAgeYears: service.minAgeYears,
        maxAgeYears: service.maxAgeYears,
      });
      if (!request.asStaff)
        await assertPatientLimits(
          em,
          { patient: patient.id, serviceId: service.id, actor: request.actor, now },
          settings,
        );

      // One hold per patient at a time.
      await em.nativeDelete(Appointment, { patientId: patient.id, status: 'held' });

      const { days } = await findSlots(
        { ...ctx, em },
        {
          branchId: branch.id,
          serviceId: service.id,
          doctorId: request.doctorId,
          from: date,
          to: date,
          ignoreNotice: request.asStaff,
        },
      );
      const slot = days[0]?.slots.find((s) => s.start === startsAt);
      if (!slot) {
        const taken = await em.count(Appointment, {
          ...(request.doctorId ? { doctorId: request.doctorId } : { branchId: branch.id }),
          status: { $in: [...OCCUPYING] },
          startsAt: { $lt: new Date(startsAt + service.durationMinutes * 60_000) },
          endsAt: { $gt: new Date(startsAt) },
        });
        throw bookingErrors(taken ? 'slot_taken' : 'slot_unavailable');
      }
      const doctorId = request.doctorId ?? slot.doctorIds[0]!;
      await lockDoctor(em, doctorId);
      const priceTiyn = await doctorPrice(em, { doctorId, serviceId: service.id });
      // A hold that ran out still occupies its row: give its time back before taking the slot.
      await em.nativeDelete(Appointment, {
        doctorId,
        status: 'held',
        heldUntil: { $lt: new Date(now) },
      });

      const appointment = em.create(Appointment, {
        patientId: patient.id,
        doctorId,
        branchId: branch.id,
        serviceId: service.id,
        startsAt: new Date(slot.start),
        endsAt: new Date(slot.end),
        status: request.mode === 'hold' ? 'held' : 'booked',
        heldUntil: request.mode === 'hold' ? new Date(now + settings.holdMinutes * 60_000) : null,
        priceTiyn,
        source: request.source,
        channel: request.source === 'staff' ? (request.channel ?? 'console') : null,
        bookedBy: request.actor,
        statusChangedAt: new Date(now),
        scheduledAt: new Date(now),
        onlineRoom: service.online ? await onlineRoomOf(em, doctorId, settings) : null,
      });
      await em.persist(appointment).flush();
      if (appointment.status === 'booked') await tellVisitChange({ ...ctx, em }, appointment, 'booked');
      const details = await visitDetails(em, [appointment]);
      if (appointment.status === 'booked')
        await announce({ ...ctx, em }, appointmentView(appointment, details), 'booked', {
          byClinic: request.asStaff,
        });
      return { id: appointment.id, details };
    });
    return await currentView(ctx.em, booked.id, booked.details);
  } catch (error) {
    throw conflictError(error);
  }
}

/** The bot books for the patient it acts for, or for one of their dependants. */
export async function bookAsPatient(
  ctx: BookingCtx,
  input: {
    patientId: number | null;
    branchId: number;
    serviceId: number;
    doctorId: number | null;
    startsAt: Date;
  },
  mode: 'hold' | 'book',
): Promise<AppointmentView> {
  const patientId = await managedPatientId(ctx.em, ctx.caller, input.patientId);
  return bookSlot(ctx, {
    ...input,
    patientId,
    mode,
    source: 'bot',
    actor: actorOf(ctx.caller),
    asStaff: false,
  });
}

/**
 * Checks, with the entity manager it is given, that the caller may act on an appointment. Inside
 * a transaction that is the transaction's: a second pooled connection per request would starve the
 * pool (ten confirmations at once each held one connection and waited for another, forever).
 */
export type OwnerCheck = (appointment: Appointment, em: EntityManager) => Promise<void>;

/** The held slot becomes a booking. A second tap finds it booked and answers the same. */
export async function confirmHold(ctx: BookingCtx, appointmentId: number, owns: OwnerCheck) {
  const confirmed = await ctx.em.transactional(async (em) => {
    // The same locks as a booking, in the same order (account, patient, then the row), so the
    // limits counted now hold: holds alone must not add up past them.
    const peek = await em.findOne(Appointment, appointmentId, {
      fields: ['patientId', 'bookedBy', 'source'],
    });
    if (!peek) throw bookingErrors('hold_expired');
    if (peek.source === 'bot') await lockPatient(em, `account:${peek.bookedBy}`);
    await lockPatient(em, `patient:${peek.patientId}`);
    const appointment = await em.findOne(Appointment, appointmentId, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      refresh: true,
    });
    if (!appointment) throw bookingErrors('hold_expired');
    await owns(appointment, em);
    if (appointment.status === 'booked') return { id: appointment.id };
    if (appointment.status !== 'held') throw bookingErrors('hold_expired');
    const details = await visitDetails(em, [appointment]);
    if (appointment.source === 'bot') {
      const visit = {
        patient: appointment.patientId,
        serviceId: appointment.serviceId,
        actor: appointment.bookedBy,
        now: ctx.clock.now().getTime(),
      };
      await assertPatientLimits(em, visit, ctx.settings.booking);
    }
    // A late confirmation still wins while nobody took the slot: the hold kept occupying it.
    appointment.heldUntil = null;
    await changeVisitStatus({ ...ctx, em }, appointment, 'booked');
    await announce({ ...ctx, em }, appointmentView(appointment, details), 'booked');
    return { id: appointment.id, details };
  });
  return currentView(ctx.em, confirmed.id, confirmed.details);
}

export async function releaseHold(ctx: BookingCtx, appointmentId: number, owns: OwnerCheck) {
  const appointment = await ctx.em.findOne(Appointment, appointmentId);
  if (!appointment) return { released: false };
  // Someone else's appointment is refused, held or not.
  await owns(appointment, ctx.em);
  if (appointment.status !== 'held') return { released: false };
  await ctx.em.remove(appointment).flush();
  return { released: true };
}

/** The room of an online visit with this doctor (see onlineRoomFor). */
export async function onlineRoomOf(em: EntityManager, doctorId: number, settings: BookingSettings) {
  const doctor = (await catalogViews(em, { doctorIds: [doctorId] })).doctors.get(doctorId);
  return onlineRoomFor({ onlineUrl: doctor?.onlineUrl ?? null }, settings.onlineRoomBase);
}
