import { z } from 'zod';

/** Minutes since local midnight <-> "HH:MM". Schedules are wall-clock times in the branch's zone. */
export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function toHhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** "HH:MM" from 00:00 to 24:00 (24:00 closes a day that runs to midnight). */
export const hhmmSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time as HH:MM, from 00:00 to 24:00');

/** ISO date "YYYY-MM-DD" that exists in the calendar. */
export const isoDateSchema = z.iso.date('must be a date as YYYY-MM-DD');

/**
 * An instant the API takes (an ISO string or a Date), within the years 1…9999: JavaScript's dates
 * reach year 275760, which Postgres refuses as a server fault rather than the caller's mistake.
 */
export const instantSchema = z.coerce
  .date()
  .min(new Date('0001-01-01T00:00:00Z'), 'must be in the years 1 to 9999')
  .max(new Date('9999-12-31T23:59:59.999Z'), 'must be in the years 1 to 9999');

const knownZones = new Set(Intl.supportedValuesOf('timeZone'));

export function isKnownTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .refine(isKnownTimeZone, 'must be a known IANA time zone, such as Asia/Almaty');

/** A local time span of one day, end after start. */
export const timeSpanSchema = z
  .object({ start: hhmmSchema, end: hhmmSchema })
  .refine((span) => toMinutes(span.end) > toMinutes(span.start), {
    message: 'the end must be after the start',
    path: ['end'],
  });
export type TimeSpan = z.infer<typeof timeSpanSchema>;

/** A `date` column as YYYY-MM-DD, whether the driver gave a string or a Date (at UTC midnight). */
export function isoDateOf(value: Date | string): string {
  return typeof value === 'string' ? value : value.toISOString().slice(0, 10);
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Kazakhstan's zone (one zone, UTC+5, since 1 March 2024), for dates not tied to a branch. */
export const KAZAKHSTAN_ZONE = 'Asia/Almaty';
