import { addDays, utcToZoned, zonedToUtc } from '../../shared/zoned-time.ts';
import type { ReminderSettings } from './booking.settings.ts';

export type ReminderKind = 'd1' | 'h3' | 'h1' | 'arrival';

export interface DueReminder {
  kind: ReminderKind;
  dueAt: number;
  /** Urgent messages go out even in quiet hours. */
  urgent: boolean;
}

export interface ReminderVisit {
  startsAt: number;
  /** When the visit got its current time: reminders already past then are not sent at all. */
  scheduledAt: number;
  timeZone: string;
}

const HOUR = 3_600_000;

function inQuietHours(at: number, timeZone: string, quiet: { start: number; end: number }): boolean {
  const { minutes } = utcToZoned(at, timeZone);
  return quiet.start > quiet.end
    ? minutes >= quiet.start || minutes < quiet.end
    : minutes >= quiet.start && minutes < quiet.end;
}

/**
 * The reminders a visit gets, computed from the visit as it is now (never from stale jobs):
 * D-1 at a local time the day before, H-3 and H-1, and "have you arrived?" a few minutes after
 * the start. What was already past when the visit got its time is left out, and an H-3 that would
 * fall into the night is dropped (H-1 still comes, even at night: the patient has to get up).
 */
export function remindersFor(
  visit: ReminderVisit,
  settings: ReminderSettings,
  quiet: { start: number; end: number },
): DueReminder[] {
  const result: DueReminder[] = [];
  const after = (at: number) => at > visit.scheduledAt;
  if (settings.dayBeforeAt) {
    const [h, m] = settings.dayBeforeAt.split(':').map(Number) as [number, number];
    const day = addDays(utcToZoned(visit.startsAt, visit.timeZone).date, -1);
    const at = zonedToUtc(day, h * 60 + m, visit.timeZone);
    if (at !== null && after(at) && at < visit.startsAt - 3 * HOUR)
      result.push({ kind: 'd1', dueAt: at, urgent: false });
  }
  if (settings.threeHours) {
    const at = visit.startsAt - 3 * HOUR;
    if (after(at) && !inQuietHours(at, visit.timeZone, quiet))
      result.push({ kind: 'h3', dueAt: at, urgent: false });
  }
  if (settings.oneHour) {
    const at = visit.startsAt - HOUR;
    if (after(at)) result.push({ kind: 'h1', dueAt: at, urgent: true });
  }
  if (settings.arrivalCheckMinutes !== null) {
    result.push({
      kind: 'arrival',
      dueAt: visit.startsAt + settings.arrivalCheckMinutes * 60_000,
      urgent: true,
    });
  }
  return result;
}

/** A reminder is sent only in its moment: due, and before the visit (the arrival check: before its end). */
export function isSendable(
  reminder: DueReminder,
  now: number,
  visit: { startsAt: number; endsAt: number },
): boolean {
  if (reminder.dueAt > now) return false;
  return reminder.kind === 'arrival' ? now < visit.endsAt : now < visit.startsAt;
}
