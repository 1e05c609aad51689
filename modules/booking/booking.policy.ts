import { ageOn } from '../../shared/iin.ts';
import type { Localized } from '../../shared/localized.ts';
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
    | 'comingAnsweredAt'
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
    comingAnsweredAt: null,
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

/**
 * Which booking limit a patient (and the account booking for them) has reached, if any. The
 * category limit names the specialist the visit in the way is with, so the patient reads "you
 * already see a therapist", not a rule.
 */
export type LimitReached =
  | { code: 'limit_active' | 'limit_account'; max: number; specialty: null }
  | { code: 'limit_category'; max: number; specialty: Localized };

/**
 * A service as the category limit sees it: its category, the specialties of the doctors who
 * provide it, and the category's own limit (null: the clinic's default, maxActivePerCategory).
 */
export interface ServiceKind {
  categoryId: number;
  specialties: readonly Localized[];
  activeLimit: number | null;
}

/** A specialty as the limit compares it: the Russian name, case and spacing aside. */
export function specialtyKey(specialty: Localized): string {
  return specialty.ru.trim().replace(/\s+/g, ' ').toLocaleLowerCase('ru');
}

/**
 * The visits a patient holds that count against a service in the category limit, each as the
 * specialty it shares with the service. The limit counts per category AND kind of specialist: a
 * visit counts when its service is in the same category and is provided by a doctor of the same
 * specialty. So a clinic that puts all its doctors in one «Консультации врачей» still lets a
 * patient with a therapist visit see a cardiologist, while a second therapist visit (first or
 * repeat, with any therapist) waits; a category per specialty works the same.
 *
 * Why not per category alone: one catch-all category would stop a patient from seeing two
 * specialists, which is what clinics are for. Why not per service: the first and the repeat
 * visit to a therapist are two services. Why the services' specialties, not the doctors': the
 * limit is told when the service is chosen, before any doctor ("any doctor" too); the rule is
 * symmetric, so the order of booking never matters; and a move to another time or doctor keeps
 * the service, so it can never break the limit. A service two specialties provide (an ECG by a
 * therapist or a cardiologist) counts as either. The specialty is compared as the clinic writes it
 * (case and spaces aside), so doctors of one specialty should carry the same name for it.
 */
export function visitsInTheWay(held: readonly ServiceKind[], service: ServiceKind): Localized[] {
  const wanted = new Map(service.specialties.map((s) => [specialtyKey(s), s]));
  return held.flatMap((visit) => {
    if (visit.categoryId !== service.categoryId) return [];
    const shared = visit.specialties.find((s) => wanted.has(specialtyKey(s)));
    return shared ? [wanted.get(specialtyKey(shared))!] : [];
  });
}

/**
 * The limits on active future visits: per patient in all, per patient and kind of specialist in
 * the category being booked (the category's own limit, else the clinic's; lab tests and scans set
 * theirs higher), and per Telegram account that books (whoever for; null when staff book). One
 * rule for the list of services (told when a service is chosen) and for the booking itself.
 */
export function limitReached(
  counts: { active: number; inTheWay: readonly Localized[]; byAccount: number | null },
  service: Pick<ServiceKind, 'activeLimit'>,
  settings: BookingSettings,
): LimitReached | null {
  if (counts.active >= settings.maxActivePerPatient)
    return { code: 'limit_active', max: settings.maxActivePerPatient, specialty: null };
  const perKind = service.activeLimit ?? settings.maxActivePerCategory;
  const first = counts.inTheWay[0];
  if (first && counts.inTheWay.length >= perKind)
    return { code: 'limit_category', max: perKind, specialty: first };
  if (counts.byAccount !== null && counts.byAccount >= settings.maxActivePerAccount)
    return { code: 'limit_account', max: settings.maxActivePerAccount, specialty: null };
  return null;
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

/**
 * Whether a person fits a service's age range on every day from `from` to `to` (the days a visit
 * could be booked): the list of services offers only these. The booking checks the age on the
 * visit's own day, so a service offered on today's age alone could be refused at the last step (a
 * child who turns 18 before the paediatrician's first free day); offered on the whole window it
 * never is. The cost: in the last weeks before a birthday that ends (or opens) a range, that
 * service is booked through reception. Age only grows, so the two ends of the window decide.
 */
export function ageAllowedThroughout(
  birthDate: string,
  window: { from: string; to: string },
  limits: { minAgeYears: number | null; maxAgeYears: number | null },
): boolean {
  return ageAllowed(birthDate, window.from, limits) && ageAllowed(birthDate, window.to, limits);
}

/**
 * Whether a person fits a service's age range on at least one day from `from` to `to`: what
 * reception is offered, since the booking itself then checks the day they pick and says why.
 */
export function ageAllowedSometime(
  birthDate: string,
  window: { from: string; to: string },
  limits: { minAgeYears: number | null; maxAgeYears: number | null },
): boolean {
  const { minAgeYears: min, maxAgeYears: max } = limits;
  return (
    (max === null || ageOn(birthDate, window.from) <= max) &&
    (min === null || ageOn(birthDate, window.to) >= min)
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
