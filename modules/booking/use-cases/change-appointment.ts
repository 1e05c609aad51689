import { utcToZoned } from '../../../shared/zoned-time.ts';
import { branchTimeZone, clinicPhone, doctorPrice } from '../../clinic/index.ts';
import { changeVisitStatus, tellVisitChange } from '../booking.changes.ts';
import { bookingErrors } from '../booking.errors.ts';
import { announce, announceNoShow } from '../booking.notices.ts';
import {
  assertBookableTime,
  assertChangeable,
  assertMovable,
  assertTransition,
  isChangeable,
  moveToTime,
} from '../booking.policy.ts';
import { type AppointmentView, appointmentView, viewOf, visitDetails } from '../booking.views.ts';
import { Appointment, type AppointmentStatus } from '../entities/appointment.entity.ts';
import {
  type BookingCtx,
  conflictError,
  currentView,
  loadAppointment,
  lockDoctor,
  type OwnerCheck,
  onlineRoomOf,
} from './book-appointment.ts';
import { findSlots } from './find-slots.ts';

/**
 * The patient's cut-off for a change; past it they are asked to call, with the number of the
 * visit's branch (looked up only then).
 */
export async function assertPatientMayChange(
  em: BookingCtx['em'],
  appointment: Appointment,
  now: number,
  settings: BookingCtx['settings']['booking'],
): Promise<void> {
  const startsAt = appointment.startsAt.getTime();
  if (isChangeable(startsAt, now, settings)) return;
  assertChangeable(startsAt, now, settings, await clinicPhone(em, appointment.branchId));
}

/** Changes to a booked visit: a new time, a cancellation, the next status. */
export interface MoveRequest {
  appointmentId: number;
  startsAt: Date;
  /** A different doctor of the same service and branch; null keeps the doctor. */
  doctorId: number | null;
  asStaff: boolean;
}

/**
 * Moves a visit in one transaction: the new time is taken and the old one released together (it
 * is one row whose time changes), so a failed move leaves the visit exactly where it was. The
 * limits need no second look: the visit keeps its service, so its category and kind of specialist
 * (visitsInTheWay counts by the service's specialties, whichever doctor takes it) and the counts
 * stay as they were; a patient at a limit moves their visit like anyone else.
 */
export async function moveAppointment(
  ctx: BookingCtx,
  request: MoveRequest,
  owns: OwnerCheck,
): Promise<AppointmentView> {
  const settings = ctx.settings.booking;
  const now = ctx.clock.now().getTime();
  const startsAt = request.startsAt.getTime();
  try {
    const moved = await ctx.em.transactional(async (em) => {
      const appointment = await loadAppointment(em, request.appointmentId, true);
      await owns(appointment, em);
      assertMovable(appointment.status);
      if (!request.asStaff) {
        await assertPatientMayChange(em, appointment, now, settings);
        assertBookableTime(startsAt, now, settings);
      } else if (startsAt <= now) {
        throw bookingErrors('too_soon', { minNoticeMinutes: 0 });
      }
      const doctorId = request.doctorId ?? appointment.doctorId;
      await lockDoctor(em, doctorId);
      // The visit's branch exists (a foreign key keeps it); its time zone is the clinic's to say.
      const timeZone = (await branchTimeZone(em, appointment.branchId))!;
      const date = utcToZoned(startsAt, timeZone).date;
      const { days } = await findSlots(
        { ...ctx, em },
        {
          branchId: appointment.branchId,
          serviceId: appointment.serviceId,
          doctorId,
          from: date,
          to: date,
          excludeAppointmentId: appointment.id,
          ignoreNotice: request.asStaff,
        },
      );
      const slot = days[0]?.slots.find((s) => s.start === startsAt);
      if (!slot) throw bookingErrors('slot_taken');
      await em.nativeDelete(Appointment, {
        doctorId,
        status: 'held',
        heldUntil: { $lt: new Date(now) },
      });
      // The new doctor must provide the service (the visit keeps the price it was booked at).
      await doctorPrice(em, { doctorId, serviceId: appointment.serviceId });
      const movedFrom = appointment.startsAt;
      // Online with another doctor: that doctor's room (the move's message and .ics carry it).
      if (appointment.onlineRoom !== null && doctorId !== appointment.doctorId)
        appointment.onlineRoom = await onlineRoomOf(em, doctorId, ctx.settings.booking);
      moveToTime(
        appointment,
        { doctorId, startsAt: new Date(slot.start), endsAt: new Date(slot.end) },
        new Date(now),
      );
      await tellVisitChange({ ...ctx, em }, appointment, 'moved');
      const details = await visitDetails(em, [appointment]);
      await announce({ ...ctx, em }, appointmentView(appointment, details), 'rescheduled', {
        byClinic: request.asStaff,
        movedFrom,
      });
      return { id: appointment.id, details };
    });
    return await currentView(ctx.em, moved.id, moved.details);
  } catch (error) {
    throw conflictError(error);
  }
}

export async function cancelAppointment(
  ctx: BookingCtx,
  input: { appointmentId: number; reason: string; note?: string | null; by: 'patient' | 'clinic' },
  owns: OwnerCheck,
): Promise<AppointmentView> {
  return ctx.em.transactional(async (em) => {
    const appointment = await loadAppointment(em, input.appointmentId, true);
    await owns(appointment, em);
    // A visit that cannot be cancelled at all says so before any cut-off is considered.
    assertTransition(appointment.status, 'cancelled');
    if (input.by === 'patient')
      await assertPatientMayChange(em, appointment, ctx.clock.now().getTime(), ctx.settings.booking);
    await changeVisitStatus({ ...ctx, em }, appointment, 'cancelled', {
      by: input.by,
      reason: input.reason,
      note: input.note,
    });
    const view = await viewOf(em, appointment);
    await announce(
      { ...ctx, em },
      view,
      input.by === 'clinic' ? 'cancelled_by_clinic' : 'cancelled_by_patient',
    );
    return view;
  });
}

/** Staff (and, for "I'm coming", the patient) move a visit along the status machine. */
export async function changeStatus(
  ctx: BookingCtx,
  input: { appointmentId: number; status: Exclude<AppointmentStatus, 'held' | 'cancelled'> },
  owns: OwnerCheck,
): Promise<AppointmentView> {
  return ctx.em.transactional(async (em) => {
    const appointment = await loadAppointment(em, input.appointmentId, true);
    await owns(appointment, em);
    // A no-show cannot be undone and the patient is told: never before the visit has begun
    // (a wrong row tapped on the board hours ahead).
    // A step the status machine refuses says so first.
    assertTransition(appointment.status, input.status);
    if (input.status === 'no_show' && ctx.clock.now() < appointment.startsAt)
      throw bookingErrors('not_started');
    await changeVisitStatus({ ...ctx, em }, appointment, input.status);
    const view = await viewOf(em, appointment);
    if (input.status === 'no_show') await announceNoShow({ ...ctx, em }, view);
    return view;
  });
}
