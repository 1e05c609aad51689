/**
 * The bars of the analytics charts. The API returns only the bars that have something (a day with
 * no booking has no row); a chart over time needs every bar, so the empty ones are filled in here,
 * named as the server names them: the date their day, ISO week (Monday) or month starts.
 */
import { addDays, datesBetween, isoWeekday } from '../../../shared/zoned-time.ts';

export type Interval = 'day' | 'week' | 'month';

/** The first date of each bar that [from, to] touches (both YYYY-MM-DD, both included). */
export function barStarts(from: string, to: string, interval: Interval): string[] {
  if (to < from) return [];
  if (interval === 'day') return datesBetween(from, to);
  if (interval === 'week') {
    const starts: string[] = [];
    for (let monday = addDays(from, 1 - isoWeekday(from)); monday <= to; monday = addDays(monday, 7))
      starts.push(monday);
    return starts;
  }
  const starts: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const start = `${year}-${String(month).padStart(2, '0')}-01`;
    if (start > to) return starts;
    starts.push(start);
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year += 1;
  }
}

/** Every bar's row: the API's where it has one, `empty(start)` where it has none. */
export function everyBar<T extends { period: string }>(
  starts: readonly string[],
  rows: readonly T[],
  empty: (period: string) => T,
): T[] {
  const byPeriod = new Map(rows.map((row) => [row.period, row]));
  return starts.map((start) => byPeriod.get(start) ?? empty(start));
}

/**
 * A bar's name, in digits as the console writes dates: 02.03 for a day or the week from that
 * Monday (02.03.25 when the period spans years), 03.2026 for a month.
 */
export function barLabel(start: string, interval: Interval, spansYears: boolean): string {
  const [year, month, day] = start.split('-') as [string, string, string];
  if (interval === 'month') return `${month}.${year}`;
  return spansYears ? `${day}.${month}.${year.slice(2)}` : `${day}.${month}`;
}

/** The bars of a period with their names. */
export function bars(from: string, to: string, interval: Interval) {
  const starts = barStarts(from, to, interval);
  const spansYears = from.slice(0, 4) !== to.slice(0, 4);
  return { starts, labels: starts.map((s) => barLabel(s, interval, spansYears)) };
}

/** Today's date in the clinic's calendar (Kazakhstan is one zone since March 2024). */
export function todayInClinic(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Almaty',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export { addDays };
