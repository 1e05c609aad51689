import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import { TEXT_LIMITS } from '../../../shared/text-limits.ts';

export const APPOINTMENT_STATUSES = [
  'held',
  'booked',
  'confirmed',
  'arrived',
  'in_progress',
  'completed',
  'cancelled',
  'no_show',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * Statuses that occupy the doctor's (and the patient's) time. A hold occupies it until it expires.
 * The one list the exclusion constraints, the queries and the views are built from.
 */
export const OCCUPYING = [
  'held',
  'booked',
  'confirmed',
  'arrived',
  'in_progress',
] as const satisfies readonly AppointmentStatus[];

/** A visit the patient has and that is not over: occupying, but no longer a mere hold. */
export const LIVE = [
  'booked',
  'confirmed',
  'arrived',
  'in_progress',
] as const satisfies readonly AppointmentStatus[];

/** A visit still ahead that the patient may move or cancel, and that reminders are about. */
export const UPCOMING = ['booked', 'confirmed'] as const satisfies readonly AppointmentStatus[];

/** `'held', 'booked', …` for SQL (the constraints' predicates and raw queries). */
export const OCCUPYING_SQL = OCCUPYING.map((s) => `'${s}'`).join(', ');

export const CANCELLERS = ['patient', 'clinic'] as const;

/** How staff took a booking: a call, or someone at the console (the desk, a walk-in). */
export const STAFF_CHANNELS = ['phone', 'console'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/**
 * A visit: one patient, one doctor, one service, at a branch, in UTC. Those four are other
 * modules' rows, held by id (foreign keys, see index.ts); their names come through their doors. Two exclusion constraints
 * are the last word on double booking, whatever the concurrency: no two occupying appointments
 * of one doctor overlap, and none of one patient do. A hold is an appointment in status "held"
 * with an expiry: it keeps the slot while the patient reads the summary.
 */
export const AppointmentSchema = defineEntity({
  name: 'Appointment',
  tableName: 'booking_appointment',
  properties: {
    id: p.integer().primary(),
    patientId: p.integer(),
    doctorId: p.integer(),
    branchId: p.integer(),
    serviceId: p.integer(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    status: p.enum(APPOINTMENT_STATUSES),
    heldUntil: p.datetime().nullable(),
    /** The price when booked, in tiyn: later price changes do not touch booked visits. */
    priceTiyn: p.bigint('number'),
    source: p.enum(['bot', 'staff', 'api'] as const),
    bookedBy: p.string().length(100),
    /** For a staff booking (source staff): by phone or at the console; null for the others. */
    channel: p.enum(STAFF_CHANNELS).nullable(),
    cancelledBy: p.enum(CANCELLERS).nullable(),
    cancelReason: p.string().length(60).nullable(),
    /** The patient's own words when the reason was "other". */
    cancelNote: p.string().length(TEXT_LIMITS.cancelNote).nullable(),
    statusChangedAt: p.datetime(),
    /** When the visit got its current time (booked or moved): reminders already past then are skipped. */
    scheduledAt: p.datetime(),
    /**
     * Set for a visit of an online service: the visit's own unguessable video room, made when it was
     * booked. The doctor's standing room, when they have one, is shown instead (see joinUrl).
     */
    onlineRoom: p.string().length(300).nullable(),
    /**
     * "Running late" as the patient said it (the latest report): by how many minutes and when. The day
     * board shows it; it changes nothing else about the visit, so its buttons stay current.
     */
    lateMinutes: p.smallint().nullable(),
    /**
     * When the patient answered a reminder "I'm coming" for the visit's current time (a move clears
     * it: the new time is asked again). Staff confirming by hand does not set it: this is the
     * reminder's answer, which analytics weighs against no-shows.
     */
    comingAnsweredAt: p.datetime().nullable(),
    lateReportedAt: p.datetime().nullable(),
    /** Grows with every change; buttons and reminders carry it to notice they are outdated. */
    version: p.integer().default(1),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
  checks: [
    { name: 'booking_appointment_span', expression: 'ends_at > starts_at' },
    {
      name: 'booking_appointment_doctor_no_overlap',
      expression: `exclude using gist (doctor_id with =, tstzrange(starts_at, ends_at) with &&) where (status in (${OCCUPYING_SQL}))`,
    },
    {
      name: 'booking_appointment_patient_no_overlap',
      expression: `exclude using gist (patient_id with =, tstzrange(starts_at, ends_at) with &&) where (status in (${OCCUPYING_SQL}))`,
    },
  ],
  indexes: [
    { properties: ['doctorId', 'startsAt'] },
    { properties: ['patientId', 'startsAt'] },
    { properties: ['branchId', 'startsAt'] },
    // Bookings made in a period, by channel (the clinic's numbers).
    { properties: ['createdAt'] },
    // Completed visits per person, with where and for what: an audience's "last visit", "came to
    // this branch", "had this service" are read from this index alone (a third of all rows).
    {
      name: 'booking_appointment_completed',
      expression: `create index "booking_appointment_completed" on "booking_appointment" ("patient_id", "starts_at") include ("branch_id", "service_id") where status = 'completed'`,
    },
  ],
});

export class Appointment extends AppointmentSchema.class {}
AppointmentSchema.setClass(Appointment);
