/**
 * The booking slot engine: which start times can be offered, for one doctor or for "any doctor".
 * Pure functions over plain data; the caller loads schedules and busy time and passes the clock.
 *
 * Rules, per doctor and local date of the branch:
 * - Working intervals: the weekly intervals of the date's ISO weekday. Any `day_off` exception of
 *   the date → none. Otherwise any `hours` exceptions of the date replace the weekly intervals
 *   (several rows, several intervals). Then every `break` of the date is subtracted, which may cut
 *   an interval in two. Rows with a missing or empty span are ignored; minutes clamp to 0..1440.
 * - Candidate starts: each interval's start, then every `slotStepMinutes` after it (steps align to
 *   each interval's own start, a piece left by a break included), as long as start + duration ≤ the
 *   interval's end. So a slot never crosses a gap such as lunch, nor the end of the day. Intervals
 *   that only touch are not joined (09:00–13:00 + 13:00–18:00 offers no slot across 13:00);
 *   a start that two overlapping intervals both give is one slot.
 * - Local times become instants in the branch's zone (`zonedToUtc`): a wall time skipped when
 *   clocks go forward is no candidate; one that happens twice when clocks go back is its first
 *   occurrence. On such a date a slot must also end, in real time, by the instant its interval
 *   ends (a slot across the skipped hour is an hour longer on the wall clock than it lasts).
 * - A candidate is free when [start, start + duration) overlaps none of the doctor's busy
 *   intervals (touching ends do not overlap), start ≥ now + minimum notice, and
 *   start ≤ now + horizonDays × 24 h.
 * - Doctors' slots at the same start merge into one Slot listing every free doctor, in the order
 *   the doctors were given. Each day's slots are sorted by start; every date from `from` to `to`
 *   is reported, with [] when nothing is free.
 *
 * Speed: each doctor's busy list is sorted and merged once and swept with a moving index as the
 * candidates advance; the instant of local midnight is computed once per date (per-time conversion
 * only on a date with a zone transition), so a candidate costs a few additions and comparisons.
 */
import { datesBetween, isoWeekday, whenWallClockReaches, zonedToUtc } from '../../shared/zoned-time.ts';

/** A working interval of the weekly schedule: ISO weekday, local minutes since midnight. */
export interface WeeklyInterval {
  weekday: number;
  startMinute: number;
  endMinute: number;
}
/** A dated change: no work, replaced hours, or a break (local minutes; null for a day off). */
export interface DatedException {
  date: string;
  kind: 'day_off' | 'hours' | 'break';
  startMinute: number | null;
  endMinute: number | null;
}
/** Time the doctor is taken (epoch ms, [start, end)). */
export interface BusyInterval {
  start: number;
  end: number;
}
export interface DoctorAvailability {
  doctorId: number;
  slotStepMinutes: number;
  /** This doctor's week at this branch. */
  weekly: WeeklyInterval[];
  /** The exceptions that apply at this branch (the caller keeps this branch's and all-branch rows). */
  exceptions: DatedException[];
  /** Active appointments and live holds at any branch; any order, may overlap. */
  busy: BusyInterval[];
}
export interface SlotQuery {
  /** The branch's IANA zone. */
  timeZone: string;
  /** Local dates, both included. */
  from: string;
  to: string;
  durationMinutes: number;
  /** Epoch ms, from the app clock. */
  now: number;
  minNoticeMinutes: number;
  horizonDays: number;
  /** One doctor, or several for "any doctor". */
  doctors: DoctorAvailability[];
}
/** A start time with every doctor free then, in the order the doctors were given. */
export interface Slot {
  start: number;
  end: number;
  doctorIds: number[];
}
export interface DaySlots {
  date: string;
  slots: Slot[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A local minute span [start, end). */
interface Span {
  start: number;
  end: number;
}

interface PreparedDoctor {
  id: number;
  step: number;
  /** Weekly spans by ISO weekday (index 1..7). */
  weekly: Span[][];
  exceptions: Map<string, DatedException[]>;
  /** Busy time, sorted and merged into disjoint intervals. */
  busy: BusyInterval[];
  /** Index of the first busy interval that may still overlap a coming candidate. */
  cursor: number;
  lastStart: number;
}

export function computeSlots(query: SlotQuery): DaySlots[] {
  const { timeZone, durationMinutes } = query;
  if (!(durationMinutes > 0 && Number.isFinite(durationMinutes))) {
    throw new RangeError(`durationMinutes must be positive: ${durationMinutes}`);
  }
  // NaN would compare false with every start and so let every slot through.
  for (const key of ['now', 'minNoticeMinutes', 'horizonDays'] as const) {
    if (!Number.isFinite(query[key])) throw new RangeError(`${key} must be a finite number: ${query[key]}`);
  }
  const durationMs = durationMinutes * MINUTE;
  const earliest = query.now + query.minNoticeMinutes * MINUTE;
  const latest = query.now + query.horizonDays * DAY;
  const doctors = query.doctors.map(prepareDoctor);
  const dates = datesBetween(query.from, query.to);
  const result: DaySlots[] = [];
  // Reused for every doctor and date: local candidate minutes.
  const minutes: number[] = [];

  let midnight = dates.length > 0 ? zonedToUtc(dates[0]!, 0, timeZone) : null;
  for (const date of dates) {
    const nextMidnight = zonedToUtc(date, 1440, timeZone);
    // A date without a transition is exactly 24 h long, and each wall minute is midnight + m.
    const uniform = midnight !== null && nextMidnight !== null && nextMidnight - midnight === DAY;
    const dayStart = midnight;
    midnight = nextMidnight;
    const slots: Slot[] = [];
    result.push({ date, slots });
    // Whole dates outside [earliest, latest] have nothing to offer (a null midnight: don't know).
    if (nextMidnight !== null && nextMidnight <= earliest) continue;
    if (dayStart !== null && dayStart > latest) continue;

    const weekday = isoWeekday(date);
    const byStart = doctors.length > 1 ? new Map<number, Slot>() : null;
    for (const doctor of doctors) {
      const spans = workingSpans(doctor, date, weekday);
      if (spans.length === 0) continue;
      minutes.length = 0;
      for (const span of spans) {
        for (let m = span.start; m + durationMinutes <= span.end; m += doctor.step) minutes.push(m);
      }
      if (spans.length > 1 && !ascending(minutes)) sortUnique(minutes);
      const spanEnds = uniform ? null : spans.map((span) => whenWallClockReaches(date, span.end, timeZone));

      for (const m of minutes) {
        let start: number;
        if (uniform) {
          start = (dayStart as number) + m * MINUTE;
        } else {
          const converted = zonedToUtc(date, m, timeZone);
          if (converted === null) continue;
          start = converted;
          if (!endsInTime(start + durationMs, m, m + durationMinutes, spans, spanEnds!)) continue;
        }
        if (start < earliest || start > latest) continue;
        if (overlapsBusy(doctor, start, start + durationMs)) continue;
        if (byStart === null) {
          slots.push({ start, end: start + durationMs, doctorIds: [doctor.id] });
          continue;
        }
        const slot = byStart.get(start);
        if (slot) slot.doctorIds.push(doctor.id);
        else byStart.set(start, { start, end: start + durationMs, doctorIds: [doctor.id] });
      }
    }
    if (byStart !== null) for (const slot of byStart.values()) slots.push(slot);
    slots.sort((a, b) => a.start - b.start);
  }
  return result;
}

/** The earliest slot of all the days, or null when nothing is free. */
export function firstFreeSlot(days: DaySlots[]): Slot | null {
  let first: Slot | null = null;
  for (const day of days) {
    for (const slot of day.slots) if (first === null || slot.start < first.start) first = slot;
  }
  return first;
}

/**
 * The `count` slots whose starts are closest to `around` (on a tie the earlier one), returned in
 * order of start — the alternatives to offer when the wanted time was just taken.
 */
export function nearestSlots(days: DaySlots[], around: number, count: number): Slot[] {
  if (!(count > 0)) return [];
  const all: Slot[] = [];
  for (const day of days) for (const slot of day.slots) all.push(slot);
  all.sort((a, b) => a.start - b.start);
  // Grow a window [lo, hi) outwards from where `around` would sit.
  let hi = lowerBound(all, around);
  let lo = hi;
  while (hi - lo < count && (lo > 0 || hi < all.length)) {
    const left = lo > 0 ? around - all[lo - 1]!.start : Number.POSITIVE_INFINITY;
    const right = hi < all.length ? all[hi]!.start - around : Number.POSITIVE_INFINITY;
    if (left <= right) lo--;
    else hi++;
  }
  return all.slice(lo, hi);
}

function prepareDoctor(doctor: DoctorAvailability): PreparedDoctor {
  if (!(doctor.slotStepMinutes > 0 && Number.isFinite(doctor.slotStepMinutes))) {
    throw new RangeError(`slotStepMinutes of doctor ${doctor.doctorId} must be positive`);
  }
  const weekly: Span[][] = [[], [], [], [], [], [], [], []];
  for (const interval of doctor.weekly) {
    const span = clampSpan(interval.startMinute, interval.endMinute);
    if (span) weekly[interval.weekday]?.push(span);
  }
  for (const spans of weekly) spans.sort((a, b) => a.start - b.start);
  const exceptions = new Map<string, DatedException[]>();
  for (const exception of doctor.exceptions) {
    const list = exceptions.get(exception.date);
    if (list) list.push(exception);
    else exceptions.set(exception.date, [exception]);
  }
  return {
    id: doctor.doctorId,
    step: doctor.slotStepMinutes,
    weekly,
    exceptions,
    busy: mergeBusy(doctor.busy),
    cursor: 0,
    lastStart: Number.NEGATIVE_INFINITY,
  };
}

function workingSpans(doctor: PreparedDoctor, date: string, weekday: number): Span[] {
  const exceptions = doctor.exceptions.get(date);
  const weekly = doctor.weekly[weekday] ?? [];
  if (!exceptions) return weekly;
  let spans: Span[] = [];
  let hasHours = false;
  for (const exception of exceptions) {
    if (exception.kind === 'day_off') return [];
    if (exception.kind !== 'hours') continue;
    const span = clampSpan(exception.startMinute, exception.endMinute);
    if (!span) continue;
    hasHours = true;
    spans.push(span);
  }
  if (hasHours) spans.sort((a, b) => a.start - b.start);
  else spans = weekly;
  for (const exception of exceptions) {
    if (exception.kind !== 'break') continue;
    const cut = clampSpan(exception.startMinute, exception.endMinute);
    if (cut) spans = subtract(spans, cut);
  }
  return spans;
}

function subtract(spans: Span[], cut: Span): Span[] {
  const rest: Span[] = [];
  for (const span of spans) {
    if (cut.end <= span.start || cut.start >= span.end) {
      rest.push(span);
      continue;
    }
    if (cut.start > span.start) rest.push({ start: span.start, end: cut.start });
    if (cut.end < span.end) rest.push({ start: cut.end, end: span.end });
  }
  return rest;
}

function clampSpan(start: number | null, end: number | null): Span | null {
  if (start === null || end === null) return null;
  const s = Math.max(0, start);
  const e = Math.min(1440, end);
  return e > s ? { start: s, end: e } : null;
}

/** Sorted by start, overlapping and touching intervals joined: the same time, easier to sweep. */
function mergeBusy(busy: BusyInterval[]): BusyInterval[] {
  const sorted = busy.filter((b) => b.end > b.start).sort((a, b) => a.start - b.start);
  const merged: BusyInterval[] = [];
  for (const b of sorted) {
    const last = merged[merged.length - 1];
    if (last && b.start <= last.end) last.end = Math.max(last.end, b.end);
    else merged.push({ start: b.start, end: b.end });
  }
  return merged;
}

/**
 * Whether [start, end) overlaps the doctor's busy time. Candidates arrive in ascending start order,
 * so the cursor only moves forward; should one ever come earlier, the sweep restarts.
 */
function overlapsBusy(doctor: PreparedDoctor, start: number, end: number): boolean {
  const busy = doctor.busy;
  if (start < doctor.lastStart) doctor.cursor = 0;
  doctor.lastStart = start;
  let i = doctor.cursor;
  while (i < busy.length && busy[i]!.end <= start) i++;
  doctor.cursor = i;
  return i < busy.length && busy[i]!.start < end;
}

/** On a transition date: whether a slot ends by the instant one of the spans that hold it ends. */
function endsInTime(end: number, startMinute: number, endMinute: number, spans: Span[], spanEnds: number[]) {
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (startMinute >= span.start && endMinute <= span.end && end <= spanEnds[i]!) return true;
  }
  return false;
}

function ascending(values: number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i]! <= values[i - 1]!) return false;
  return true;
}

function sortUnique(values: number[]): void {
  values.sort((a, b) => a - b);
  let length = 0;
  for (const value of values) if (length === 0 || value !== values[length - 1]) values[length++] = value;
  values.length = length;
}

/** Index of the first slot starting at or after `at`. */
function lowerBound(slots: Slot[], at: number): number {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slots[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
