import { z } from 'zod';
import { TEXT_LIMITS } from '../../shared/text-limits.ts';
import { isoDateSchema } from '../../shared/time.ts';
import { STAFF_CHANNELS } from './entities/appointment.entity.ts';

const id = z.number().int().positive();

export const availabilityInput = z
  .object({
    branchId: id,
    serviceId: id,
    doctorId: id.nullable().default(null),
    from: isoDateSchema,
    to: isoDateSchema,
  })
  .refine((q) => q.to >= q.from, { message: 'the end must not be before the start', path: ['to'] });

export const nearestInput = z.object({
  branchId: id,
  serviceId: id,
  doctorId: id.nullable().default(null),
  around: z.coerce.date(),
  count: z.number().int().min(1).max(10).default(3),
});

/** The services one person may book at a branch: the bot's patient (or dependant), or staff's. */
export const patientServicesInput = z.object({ branchId: id, patientId: id.nullable().default(null) });
export const staffServicesInput = z.object({ branchId: id, patientId: id });

const slotChoice = {
  branchId: id,
  serviceId: id,
  doctorId: id.nullable().default(null),
  startsAt: z.coerce.date(),
};

/** The bot books for the patient it acts for, or for one of their dependants. */
export const patientBookInput = z.object({ ...slotChoice, patientId: id.nullable().default(null) });

export const staffBookInput = z.object({
  ...slotChoice,
  patientId: id,
  /** How the booking came: a call ('phone') or at the console ('console', the default). */
  channel: z.enum(STAFF_CHANNELS).default('console'),
});

export const appointmentIdInput = z.object({ appointmentId: id });

export const moveInput = z.object({
  appointmentId: id,
  startsAt: z.coerce.date(),
  doctorId: id.nullable().default(null),
});

export const PATIENT_CANCEL_REASONS = ['plans_changed', 'feel_better', 'booked_elsewhere', 'other'] as const;
export const CLINIC_CANCEL_REASONS = [
  'doctor_unavailable',
  'patient_request',
  'clinic_closed',
  'other',
] as const;

export const patientCancelInput = z.object({
  appointmentId: id,
  reason: z.enum(PATIENT_CANCEL_REASONS),
  /** The patient's own words (asked for when the reason is "other"). */
  note: z.string().trim().min(1).max(TEXT_LIMITS.cancelNote).nullable().default(null),
});
export const clinicCancelInput = z.object({ appointmentId: id, reason: z.enum(CLINIC_CANCEL_REASONS) });

export const staffStatusInput = z.object({
  appointmentId: id,
  status: z.enum(['confirmed', 'arrived', 'in_progress', 'completed', 'no_show']),
});

export const versionedInput = z.object({ appointmentId: id, version: z.number().int().positive() });
/** A Telegram message of the patient's chat (the one before a text they typed). */
export const chatMessageInput = z.object({
  messageId: z
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

/** How late a patient may say they are (the choice the bot offers ends at 60). */
export const LATE_MINUTES_MAX = 180;
export const arrivalInput = versionedInput
  .extend({
    answer: z.enum(['here', 'late', 'cannot']),
    minutes: z.number().int().min(1).max(LATE_MINUTES_MAX).optional(),
  })
  .refine((a) => (a.answer === 'late') === (a.minutes !== undefined), {
    message: 'minutes go with "late", and only with it',
    path: ['minutes'],
  });

export const myDayInput = z.object({ date: isoDateSchema });

export const dayBoardInput = z.object({ branchId: id, date: isoDateSchema, doctorId: id.optional() });

export const findPatientInput = z
  .object({
    iin: z.string().max(20).optional(),
    phone: z.string().max(30).optional(),
    /** Any words of the name, in any order and spelling (Айгерим finds Айгерім). */
    name: z.string().trim().min(2).max(200).optional(),
  })
  .refine((q) => q.iin || q.phone || q.name, { message: 'give an IIN, a phone or a name', path: ['iin'] });
