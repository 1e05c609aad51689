/**
 * Local wall time in an IANA zone <-> UTC instants, with only `Intl` (runs on Node and Deno alike).
 *
 * Dates are "YYYY-MM-DD" strings and times are minutes since local midnight (0..1440), as the
 * schedules store them. The slot engine converts thousands of candidate times per query, so the
 * zone offset is cached per zone and UTC hour: `formatToParts` runs twice per hour the first time
 * it is needed, and afterwards a conversion is a few map lookups and some arithmetic.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Past this many cached hours in one zone (about 11 years) the cache starts over. */
const MAX_CACHED_HOURS = 100_000;

export interface ZonedTime {
  date: string;
  minutes: number;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
}

interface ZoneCache {
  format: Intl.DateTimeFormat;
  /** Offset (ms) of each UTC hour; NaN for an hour with a transition inside it. */
  hours: Map<number, number>;
}

const zones = new Map<string, ZoneCache>();

function zoneCache(timeZone: string): ZoneCache {
  let cache = zones.get(timeZone);
  if (!cache) {
    // en-US with h23 gives plain ASCII numbers and 00 rather than 24 at midnight.
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    cache = { format, hours: new Map() };
    zones.set(timeZone, cache);
  }
  return cache;
}

/** The zone's offset at an instant, straight from Intl (to the second, as LMT offsets need). */
function exactOffset(format: Intl.DateTimeFormat, epochMs: number): number {
  const wholeSecond = epochMs - mod(epochMs, 1000);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of format.formatToParts(wholeSecond)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  const wall = daysFromCivil(year, month, day) * DAY + hour * HOUR + minute * MINUTE + second * 1000;
  return wall - wholeSecond;
}

/**
 * Offset of the zone (local minus UTC, ms) at an instant. An hour whose first and last second
 * share an offset is taken to have no transition inside: tzdb has no zone that changes twice
 * within an hour. Transitions need not fall on a UTC hour (Newfoundland's is at :30), so an hour
 * that does contain one is marked and answered exactly every time.
 */
export function zoneOffset(epochMs: number, timeZone: string): number {
  const cache = zoneCache(timeZone);
  const hour = Math.floor(epochMs / HOUR);
  let offset = cache.hours.get(hour);
  if (offset === undefined) {
    const first = exactOffset(cache.format, hour * HOUR);
    const last = exactOffset(cache.format, hour * HOUR + HOUR - 1);
    offset = first === last ? first : Number.NaN;
    if (cache.hours.size >= MAX_CACHED_HOURS) cache.hours.clear();
    cache.hours.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactOffset(cache.format, epochMs) : offset;
}

/**
 * The instant (epoch ms) of a local wall time in a zone. `null` when that wall time does not
 * exist (the hour skipped when clocks go forward); for a wall time that happens twice (clocks go
 * back) the earlier instant. `minutes` may be 1440: midnight at the end of the date.
 */
export function zonedToUtc(date: string, minutes: number, timeZone: string): number | null {
  const wall = wallOf(date, minutes);
  // Every instant showing this wall time lies within ±14 h of it, so the offsets a day either
  // side are the only candidates (no zone has had two transitions within two days).
  const before = zoneOffset(wall - DAY, timeZone);
  const after = zoneOffset(wall + DAY, timeZone);
  if (before === after) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyFits = zoneOffset(early, timeZone) === before;
  const lateFits = zoneOffset(late, timeZone) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  if (earlyFits) return early;
  if (lateFits) return late;
  return null;
}

/**
 * The first instant at which the zone's wall clock shows this time or a later one: `zonedToUtc`'s
 * answer, or for a wall time the clocks skip, the transition that skips it. It tells when a span
 * of local time ends, even one that ends inside the skipped hour.
 */
export function whenWallClockReaches(date: string, minutes: number, timeZone: string): number {
  const exact = zonedToUtc(date, minutes, timeZone);
  if (exact !== null) return exact;
  const wall = wallOf(date, minutes);
  const before = zoneOffset(wall - DAY, timeZone);
  const after = zoneOffset(wall + DAY, timeZone);
  // The transition lies between these two seconds (still the old offset at lo, the new one at
  // hi); transitions fall on whole seconds, so halving down to one second finds it.
  let lo = Math.floor((wall - after) / 1000);
  let hi = Math.ceil((wall - before) / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffset(mid * 1000, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}

function wallOf(date: string, minutes: number): number {
  if (!(minutes >= 0 && minutes <= 1440)) throw new RangeError(`minutes out of 0..1440: ${minutes}`);
  return parseDate(date) * DAY + minutes * MINUTE;
}

/** The local date, minutes since local midnight (rounded down) and ISO weekday of an instant. */
export function utcToZoned(epochMs: number, timeZone: string): ZonedTime {
  const wall = epochMs + zoneOffset(epochMs, timeZone);
  const days = Math.floor(wall / DAY);
  return {
    date: formatDate(days),
    minutes: Math.floor((wall - days * DAY) / MINUTE),
    weekday: weekdayOf(days),
  };
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  return weekdayOf(parseDate(date));
}

export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date) + days);
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from`. */
export function datesBetween(from: string, to: string): string[] {
  const first = parseDate(from);
  const last = parseDate(to);
  const dates: string[] = [];
  for (let day = first; day <= last; day++) dates.push(formatDate(day));
  return dates;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a "YYYY-MM-DD" that exists in the calendar. */
function parseDate(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return daysFromCivil(year, month, day);
    }
  }
  throw new RangeError(`not a date as YYYY-MM-DD: ${date}`);
}

function formatDate(days: number): string {
  const [year, month, day] = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function weekdayOf(days: number): number {
  // 1970-01-01 was a Thursday.
  return mod(days + 3, 7) + 1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Proleptic Gregorian date <-> day number, after Howard Hinnant's `days_from_civil`: plain
// arithmetic, no Date objects, right for every year (Date.UTC maps years 0–99 to 1900–1999).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** The same calendar day `years` later (or earlier); 29 February becomes the 28th in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
