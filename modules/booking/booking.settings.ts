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
  /** Active future appointments one patient may hold in one service category. */
  maxActivePerCategory: number;
  /** Active future appointments one Telegram account may have booked, for whomever. */
  maxActivePerAccount: number;
  /** How long a slot stays held while the patient reads the summary (minutes). */
  holdMinutes: number;
  reminders: ReminderSettings;
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
};

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    booking: BookingSettings;
  }
}
