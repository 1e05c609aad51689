import { localDate } from '../../../shared/time.ts';
import { auditRepeatedRead } from '../../audit/index.ts';
import { doctorOfAccount } from '../../auth/index.ts';
import { branchTimeZone } from '../../clinic/index.ts';
import { auditPatientRead, managedPatientId, managedPatientIds } from '../../patients/index.ts';
import { bookingErrors } from '../booking.errors.ts';
import { type AppointmentView, appointmentViews, viewOf } from '../booking.views.ts';
import { Appointment, LIVE } from '../entities/appointment.entity.ts';
import type { BookingCtx, OwnerCheck } from './book-appointment.ts';

/** The caller may act on this appointment: its patient (or their guardian), or staff. */
export function ownerCheck(ctx: BookingCtx): OwnerCheck {
  return async (appointment, em) => {
    const caller = ctx.caller;
    if (caller.kind === 'bot') {
      await managedPatientId(em, caller, appointment.patientId);
      return;
    }
    if (caller.kind === 'system') return;
    if (caller.kind !== 'staff' && caller.kind !== 'service') throw bookingErrors('not_your_patient');
    if (caller.roles.includes('admin') || caller.roles.includes('registrar')) return;
    // A doctor acts on their own visits only.
    const own = caller.kind === 'staff' ? await doctorOfAccount(em, caller.accountId) : null;
    if (own === null || own !== appointment.doctorId) throw bookingErrors('not_your_patient');
  };
}

export async function getAppointment(ctx: BookingCtx, id: number): Promise<AppointmentView> {
  const appointment = await ctx.em.findOne(Appointment, id);
  if (!appointment) throw bookingErrors('appointment_not_found', { id });
  await ownerCheck(ctx)(appointment, ctx.em);
  if (ctx.caller.kind === 'staff' || ctx.caller.kind === 'service') {
    auditPatientRead(ctx.em, ctx.caller, ctx.clock.now(), 'appointment.read', appointment.patientId);
    await ctx.em.flush();
  }
  return viewOf(ctx.em, appointment);
}

/** A patient's upcoming visits and their last ten, their dependants' included. */
export async function myAppointments(
  ctx: BookingCtx,
): Promise<{ upcoming: AppointmentView[]; past: AppointmentView[] }> {
  const ids = await managedPatientIds(ctx.em, ctx.caller);
  const now = ctx.clock.now();
  const upcoming = await ctx.em.find(
    Appointment,
    {
      patientId: { $in: ids },
      status: { $in: [...LIVE] },
      endsAt: { $gt: now },
    },
    { orderBy: { startsAt: 'asc' } },
  );
  const past = await ctx.em.find(
    Appointment,
    {
      patientId: { $in: ids },
      status: { $ne: 'held' },
      $or: [{ endsAt: { $lte: now } }, { status: { $in: ['completed', 'cancelled', 'no_show'] } }],
    },
    { orderBy: { startsAt: 'desc' }, limit: 10 },
  );
  // One batch of names for both lists.
  const views = await appointmentViews(ctx.em, [...upcoming, ...past]);
  return { upcoming: views.slice(0, upcoming.length), past: views.slice(upcoming.length) };
}

/**
 * How long one staff member's sight of a patient on the day board stands for the next reads. An
 * hour, not a day: the log should still answer "who had this patient on screen around 15:00",
 * while a board refreshed every 5 s for a 10-hour shift writes 10 rows per patient, not 7,200.
 */
export const DAY_BOARD_AUDIT_MS = 60 * 60_000;

/** The day of a branch, for the front desk (a doctor sees only their own column). */
export async function dayBoard(
  ctx: BookingCtx,
  input: { branchId: number; date: string; doctorId?: number },
): Promise<AppointmentView[]> {
  let doctorId = input.doctorId;
  const caller = ctx.caller;
  if (
    (caller.kind === 'staff' || caller.kind === 'service') &&
    !caller.roles.some((r) => r === 'admin' || r === 'registrar')
  ) {
    const own = caller.kind === 'staff' ? await doctorOfAccount(ctx.em, caller.accountId) : null;
    if (own === null) throw bookingErrors('not_your_patient');
    doctorId = own;
  }
  // The day is the branch's local date: its time zone is the clinic's to say.
  const timeZone = await branchTimeZone(ctx.em, input.branchId);
  if (timeZone === null) return [];
  const rows = (await ctx.em.execute(
    `select a.id from booking_appointment a
      where a.branch_id = ? and a.status <> 'held'
        and (a.starts_at at time zone ?)::date = ?::date ${doctorId ? 'and a.doctor_id = ?' : ''}
      order by a.starts_at, a.doctor_id`,
    doctorId ? [input.branchId, timeZone, input.date, doctorId] : [input.branchId, timeZone, input.date],
  )) as { id: number }[];
  const appointments = await ctx.em.find(
    Appointment,
    { id: { $in: rows.map((r) => r.id) } },
    { orderBy: { startsAt: 'asc', doctorId: 'asc' } },
  );
  // The board names each patient: a read of each one's data. The console asks again every few
  // seconds, so a patient is recorded once per staff member and hour (see DAY_BOARD_AUDIT_MS).
  await auditRepeatedRead(
    ctx.em,
    ctx.caller,
    ctx.clock.now(),
    'appointment.day_board',
    appointments.map((a) => a.patientId),
    DAY_BOARD_AUDIT_MS,
  );
  await ctx.em.flush();
  return appointmentViews(ctx.em, appointments);
}

/**
 * A doctor's own day: their visits on a date, at every branch they work at, each branch's day in
 * its own zone. The doctor is the one the signed-in account is linked to, never one the input names.
 */
export async function myDay(ctx: BookingCtx, input: { date: string }): Promise<AppointmentView[]> {
  const caller = ctx.caller;
  const own = caller.kind === 'staff' ? await doctorOfAccount(ctx.em, caller.accountId) : null;
  if (own === null) throw bookingErrors('no_doctor_linked');
  // Every zone of Kazakhstan (and any a branch may have) is within 14 hours of UTC: read a
  // generous window, then keep what falls on the date where it happens.
  const midnight = Date.parse(`${input.date}T00:00:00Z`);
  const candidates = await ctx.em.find(
    Appointment,
    {
      doctorId: own,
      status: { $ne: 'held' },
      startsAt: { $gte: new Date(midnight - 14 * HOUR), $lt: new Date(midnight + 38 * HOUR) },
    },
    { orderBy: { startsAt: 'asc' } },
  );
  // The views carry each branch's zone (one batch of lookups for the whole window).
  const views = await appointmentViews(ctx.em, candidates);
  const day = views.filter((v) => localDate(v.startsAt, v.branch.timeZone) === input.date);
  // Like the day board, a page a doctor keeps open and asks again: once per patient and hour.
  await auditRepeatedRead(
    ctx.em,
    ctx.caller,
    ctx.clock.now(),
    'appointment.my_day',
    day.map((v) => v.patient.id),
    DAY_BOARD_AUDIT_MS,
  );
  await ctx.em.flush();
  return day;
}

const HOUR = 3_600_000;

/** Whether a patient is one of this doctor's: a visit with them, past or booked (a hold is not one). */
export async function isPatientOfDoctor(
  em: BookingCtx['em'],
  doctorId: number,
  patientId: number,
): Promise<boolean> {
  return (await em.count(Appointment, { doctorId, patientId, status: { $ne: 'held' } })) > 0;
}
