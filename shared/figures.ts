/**
 * What a figure of the clinic's numbers is asked for (analytics): a period of instants, the clinic's
 * zone its days and weeks are counted in, and optionally one branch or one doctor. Each module's
 * door computes its own figures from it over its own tables; analytics composes them.
 */
import { joinSql, rawSql, type Sql, sql } from './sql.ts';

export interface FigureFilter {
  /** [from, to): the period's first instant and the instant after its last. */
  from: Date;
  to: Date;
  /** IANA zone of the clinic's calendar (weeks and months begin at its midnight). */
  timeZone: string;
  branchId?: number;
  doctorId?: number;
}

export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

/**
 * The local date (YYYY-MM-DD) a timestamptz column falls in, rounded down to the start of its day,
 * ISO week (Monday) or month in the zone: the label of a chart's bar.
 */
export function bucketSql(column: string, interval: Interval, timeZone: string): Sql {
  return sql`to_char(date_trunc(${rawSql(`'${interval}'`)}, ${rawSql(column)} at time zone ${timeZone}), 'YYYY-MM-DD')`;
}

/** `and <column> = ?` for each of the filter's branch and doctor that is given (empty otherwise). */
export function whereBranchDoctor(
  filter: Pick<FigureFilter, 'branchId' | 'doctorId'>,
  columns: { branch: string; doctor?: string },
): Sql {
  const parts: Sql[] = [];
  if (filter.branchId !== undefined) parts.push(sql` and ${rawSql(columns.branch)} = ${filter.branchId}`);
  if (filter.doctorId !== undefined && columns.doctor)
    parts.push(sql` and ${rawSql(columns.doctor)} = ${filter.doctorId}`);
  return joinSql(parts, '');
}

/** part ÷ whole, 0…1 rounded to 4 places; null when there is nothing to divide. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}
