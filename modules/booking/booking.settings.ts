import { z } from 'zod';
import { envBool, envInt } from '../../shared/env.ts';

/** The booking rules a clinic can tune (environment: BOOKING_*). */
export interface BookingSettings {
  /** No booking that starts sooner than this from now (minutes). */
  minNoticeMinutes: number;
  /** No booking further ahead than this (days). */
  horizonDays: number;
  /** Patients may not cancel or reschedule later than this before the start (minutes). */
  changeCutoffMinutes: number;
  /** Active future appointments one patient may hold. */
  maxActivePerPatient: number;
  /**
   * Active future appointments one patient may hold in one service category with one kind of
   * specialist (see visitsInTheWay), where the category sets no limit of its own.
   */
  maxActivePerCategory: number;
  /** Active future appointments one Telegram account may have booked, for whomever. */
  maxActivePerAccount: number;
  /** How long a slot stays held while the patient reads the summary (minutes). */
  holdMinutes: number;
  reminders: ReminderSettings;
  /** Where a fresh video room of an online visit lives: the room's random name is appended. */
  onlineRoomBase: string;
}

export interface ReminderSettings {
  /** Local time of the reminder the day before ("18:00"), null: none. */
  dayBeforeAt: string | null;
  threeHours: boolean;
  oneHour: boolean;
  /** "Have you arrived?" this many minutes after the start, if not marked arrived; null: never. */
  arrivalCheckMinutes: number | null;
}

export const DEFAULT_BOOKING_SETTINGS: BookingSettings = {
  minNoticeMinutes: 120,
  horizonDays: 30,
  changeCutoffMinutes: 120,
  maxActivePerPatient: 3,
  maxActivePerCategory: 1,
  maxActivePerAccount: 6,
  holdMinutes: 10,
  reminders: { dayBeforeAt: '18:00', threeHours: true, oneHour: true, arrivalCheckMinutes: 5 },
  onlineRoomBase: 'https://meet.jit.si/emhana-',
};

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    booking: BookingSettings;
  }
}

/** The environment variables booking reads, with their limits and defaults. */
export const bookingEnv = {
  BOOKING_MIN_NOTICE_MINUTES: envInt(0, 7 * 24 * 60).default(120),
  BOOKING_HORIZON_DAYS: envInt(1, 365).default(30),
  BOOKING_CHANGE_CUTOFF_MINUTES: envInt(0, 7 * 24 * 60).default(120),
  BOOKING_MAX_ACTIVE_PER_PATIENT: envInt(1, 100).default(3),
  BOOKING_MAX_ACTIVE_PER_CATEGORY: envInt(1, 100).default(1),
  BOOKING_MAX_ACTIVE_PER_ACCOUNT: envInt(1, 100).default(6),
  BOOKING_HOLD_MINUTES: envInt(1, 60).default(10),
  REMINDER_DAY_BEFORE_AT: z
    .string()
    .regex(/^(([01]\d|2[0-3]):[0-5]\d|off)$/, 'must be a local time like 18:00, or off')
    .default('18:00')
    .describe('the reminder the day before a visit'),
  REMINDER_3H: envBool.default(true),
  REMINDER_1H: envBool.default(true),
  ARRIVAL_CHECK_MINUTES: z
    .string()
    .regex(/^(\d{1,3}|off)$/, 'must be minutes after the start, or off')
    .default('5'),
  ONLINE_ROOM_BASE: z
    .url({ protocol: /^https$/, error: 'must be an https:// link' })
    .default(DEFAULT_BOOKING_SETTINGS.onlineRoomBase)
    .describe('the start of a fresh video room link for an online visit (a random name is appended)'),
};

export function bookingSettings(env: z.output<z.ZodObject<typeof bookingEnv>>): BookingSettings {
  return {
    minNoticeMinutes: env.BOOKING_MIN_NOTICE_MINUTES,
    horizonDays: env.BOOKING_HORIZON_DAYS,
    changeCutoffMinutes: env.BOOKING_CHANGE_CUTOFF_MINUTES,
    maxActivePerPatient: env.BOOKING_MAX_ACTIVE_PER_PATIENT,
    maxActivePerCategory: env.BOOKING_MAX_ACTIVE_PER_CATEGORY,
    maxActivePerAccount: env.BOOKING_MAX_ACTIVE_PER_ACCOUNT,
    holdMinutes: env.BOOKING_HOLD_MINUTES,
    reminders: {
      dayBeforeAt: env.REMINDER_DAY_BEFORE_AT === 'off' ? null : env.REMINDER_DAY_BEFORE_AT,
      threeHours: env.REMINDER_3H,
      oneHour: env.REMINDER_1H,
      arrivalCheckMinutes: env.ARRIVAL_CHECK_MINUTES === 'off' ? null : Number(env.ARRIVAL_CHECK_MINUTES),
    },
    onlineRoomBase: env.ONLINE_ROOM_BASE,
  };
}
