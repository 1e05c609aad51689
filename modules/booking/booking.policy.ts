import { ageOn } from '../../shared/iin.ts';
import { bookingErrors } from './booking.errors.ts';
import type { BookingSettings } from './booking.settings.ts';
import { type Appointment, type AppointmentStatus, UPCOMING } from './entities/appointment.entity.ts';

/**
 * The status machine. A visit goes booked → confirmed → arrived → in_progress → completed; a
 * patient who comes without confirming goes straight to arrived; it can be cancelled (by the
 * patient or the clinic) until it starts, or closed as a no-show. Final states never change.
 */
const TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  held: ['booked', 'cancelled'],
  booked: ['confirmed', 'arrived', 'cancelled', 'no_show'],
  confirmed: ['arrived', 'cancelled', 'no_show'],
  arrived: ['in_progress', 'completed', 'cancelled'],
  in_progress: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: AppointmentStatus, to: AppointmentStatus): void {
  if (!canTransition(from, to)) throw bookingErrors('invalid_transition', { from, to });
}

/**
 * Moves a visit to its next status, as the machine allows, and makes it a new version: buttons
 * and reminders that carry the old one go stale. A cancellation says by whom and why.
 */
export function moveToStatus(
  a: Pick<
    Appointment,
    'status' | 'statusChangedAt' | 'version' | 'cancelledBy' | 'cancelReason' | 'cancelNote'
  >,
  to: AppointmentStatus,
  now: Date,
  cancelled?: { by: 'patient' | 'clinic'; reason: string; note?: string | null },
): void {
  assertTransition(a.status, to);
  a.status = to;
  a.statusChangedAt = now;
  a.version += 1;
  if (cancelled) {
    a.cancelledBy = cancelled.by;
    a.cancelReason = cancelled.reason;
    a.cancelNote = cancelled.note ?? null;
  }
}

/** Only a visit still ahead (booked or confirmed) gets a new time. */
export function assertMovable(status: AppointmentStatus): void {
  if (!(UPCOMING as readonly string[]).includes(status))
    throw bookingErrors('invalid_transition', { from: status, to: 'booked' });
}

/**
 * Gives an upcoming visit a new time (and maybe another doctor), as a new version: a confirmed
 * visit at a new time has to be confirmed again, and reminders already past `now` are skipped.
 */
export function moveToTime(
  a: Pick<
    Appointment,
    | 'status'
    | 'statusChangedAt'
    | 'scheduledAt'
    | 'version'
    | 'doctorId'
    | 'startsAt'
    | 'endsAt'
    | 'lateMinutes'
    | 'lateReportedAt'
  >,
  to: { doctorId: number; startsAt: Date; endsAt: Date },
  now: Date,
): void {
  assertMovable(a.status);
  // "Running late" was about the old time: the new day's board must not show it.
  Object.assign(a, to, {
    status: 'booked',
    statusChangedAt: now,
    scheduledAt: now,
    version: a.version + 1,
    lateMinutes: null,
    lateReportedAt: null,
  });
}

/** When a patient books (not staff): not too soon, not too far. */
export function assertBookableTime(startsAt: number, now: number, settings: BookingSettings): void {
  if (startsAt < now + settings.minNoticeMinutes * 60_000) {
    throw bookingErrors('too_soon', { minNoticeMinutes: settings.minNoticeMinutes });
  }
  if (startsAt > now + settings.horizonDays * 24 * 3_600_000) {
    throw bookingErrors('too_far', { horizonDays: settings.horizonDays });
  }
}

/** Patients may change or cancel a visit only until the cut-off before it starts. */
export function isChangeable(startsAt: number, now: number, settings: BookingSettings): boolean {
  return startsAt - now >= settings.changeCutoffMinutes * 60_000;
}

/**
 * Refuses a change past the cut-off. The patient is then told to call the clinic, so the error
 * carries the branch's phone (the use case knows the branch; see assertPatientMayChange).
 */
export function assertChangeable(startsAt: number, now: number, settings: BookingSettings, phone = ''): void {
  if (!isChangeable(startsAt, now, settings)) {
    throw bookingErrors('change_too_late', { cutoffMinutes: settings.changeCutoffMinutes, phone });
  }
}

/** Which booking limit a patient (and the account booking for them) has reached, if any. */
export type LimitReached = { code: 'limit_active' | 'limit_category' | 'limit_account'; max: number };

/**
 * The limits on active future visits: per patient in all, per patient in the category being
 * booked, and per Telegram account that books (whoever for; null when staff book). One rule for
 * the list of services (told when a service is chosen) and for the booking itself.
 */
export function limitReached(
  counts: { active: number; inCategory: number; byAccount: number | null },
  settings: BookingSettings,
): LimitReached | null {
  if (counts.active >= settings.maxActivePerPatient)
    return { code: 'limit_active', max: settings.maxActivePerPatient };
  if (counts.inCategory >= settings.maxActivePerCategory)
    return { code: 'limit_category', max: settings.maxActivePerCategory };
  if (counts.byAccount !== null && counts.byAccount >= settings.maxActivePerAccount)
    return { code: 'limit_account', max: settings.maxActivePerAccount };
  return null;
}

export function assertWithinLimits(
  counts: { active: number; inCategory: number; byAccount: number | null },
  settings: BookingSettings,
): void {
  const reached = limitReached(counts, settings);
  if (reached) throw bookingErrors(reached.code, { max: reached.max });
}

/** Whether a person of this birth date fits a service's age range on a given day. */
export function ageAllowed(
  birthDate: string,
  onDate: string,
  limits: { minAgeYears: number | null; maxAgeYears: number | null },
): boolean {
  const age = ageOn(birthDate, onDate);
  return !(
    (limits.minAgeYears !== null && age < limits.minAgeYears) ||
    (limits.maxAgeYears !== null && age > limits.maxAgeYears)
  );
}

/** A paediatric service only for a child, an adult one only for an adult: age on the visit's day. */
export function assertAgeAllowed(
  birthDate: string,
  visitDate: string,
  limits: { minAgeYears: number | null; maxAgeYears: number | null },
): void {
  if (!ageAllowed(birthDate, visitDate, limits)) {
    const age = ageOn(birthDate, visitDate);
    throw bookingErrors('age_restricted', { age, min: limits.minAgeYears, max: limits.maxAgeYears });
  }
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A fresh video room for one online visit: 128 random bits in lower-case base32 (26 letters) after
 * the configured base, so nobody can guess another visit's room from their own.
 */
export function freshOnlineRoom(base: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let bits = 0;
  let value = 0;
  let name = '';
  for (const byte of bytes) {
    // Only the bits not yet written are kept (never more than 12).
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      name += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) name += BASE32[(value << (5 - bits)) & 31];
  return `${base}${name}`;
}

/**
 * The room an online visit is joined in, fixed when it is booked or moved to another doctor: the
 * doctor's standing room, else a fresh one. Fixed, so what the patient was sent (confirmation,
 * `.ics`) stays true when the doctor's standing room changes later.
 */
export function onlineRoomFor(doctor: { onlineUrl: string | null }, base: string): string {
  return doctor.onlineUrl ?? freshOnlineRoom(base);
}
