import { addDays, isoWeekday, utcToZoned, whenWallClockReaches } from '../../shared/zoned-time.ts';
import type { SupportSettings } from './support.settings.ts';

/**
 * When operators next answer: null while they are at work now; otherwise the start of the next
 * working day's hours (today's, if they have not begun yet), in the clinic's zone.
 */
export function nextOpening(now: Date, hours: SupportSettings['hours']): Date | null {
  const local = utcToZoned(now.getTime(), hours.timeZone);
  const workingToday = hours.days.includes(local.weekday);
  if (workingToday && local.minutes >= hours.start && local.minutes < hours.end) return null;
  for (let ahead = 0; ahead <= 7; ahead++) {
    const date = addDays(local.date, ahead);
    if (!hours.days.includes(isoWeekday(date))) continue;
    if (ahead === 0 && local.minutes >= hours.start) continue;
    return new Date(whenWallClockReaches(date, hours.start, hours.timeZone));
  }
  return null;
}

/** Below this a FAQ entry is not offered as an answer (pg_trgm word similarity, 0–1). */
export const FAQ_MATCH_THRESHOLD = 0.3;
