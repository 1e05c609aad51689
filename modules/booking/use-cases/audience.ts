/**
 * What booking adds to an audience (broadcasts): where and for what a person came, when they
 * last came, whether something is booked, and who missed a visit. Fragments over this module's
 * own table, for the caller to compose into one statement (see shared/sql.ts).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { joinSql, type Sql, sql } from '../../../shared/sql.ts';
import { LIVE, UPCOMING } from '../entities/appointment.entity.ts';

const list = (values: readonly (string | number)[]) => `{${values.join(',')}}`;
const ATTENDED = ['completed'] as const;

export interface VisitAudience {
  /** Came (a completed visit) to any of these branches. */
  branchIds?: readonly number[];
  /** Had any of these services (completed). Categories are turned into their services by the caller. */
  serviceIds?: readonly number[];
  /** The last completed visit was before this instant (and there was one). */
  lastVisitBefore?: Date;
  /** The last completed visit was at or after this instant. */
  lastVisitAfter?: Date;
  /** Came at least once, and not in the last N days (a recall). */
  noVisitDays?: number;
  /** Has a visit ahead (booked or confirmed) — or, with false, has none. */
  upcoming?: boolean;
  /** Has a visit at this branch in [from, to) that is still on: those a closure concerns. */
  visitAt?: { branchId: number; from: Date; to: Date };
  /** A visit cancelled or missed in the last N days, and nothing booked since (a win-back). */
  missedWithinDays?: number;
}

/**
 * A condition on `p.patient_id` (the caller's candidate) that holds when every given condition
 * does; null when none is given.
 */
export function visitAudienceSql(filter: VisitAudience, now: Date): Sql | null {
  const where: Sql[] = [];
  // Everything about completed visits is asked in ONE grouped pass over them (the partial index
  // booking_appointment_completed, read in patient order) rather than a subquery per candidate:
  // on 100,000 patients a per-candidate "latest visit" alone took a quarter of a second.
  const came: Sql[] = [];
  if (filter.branchIds?.length) came.push(sql`bool_or(a.branch_id = any(${list(filter.branchIds)}::int[]))`);
  if (filter.serviceIds?.length)
    came.push(sql`bool_or(a.service_id = any(${list(filter.serviceIds)}::int[]))`);
  if (filter.lastVisitBefore) came.push(sql`max(a.starts_at) < ${filter.lastVisitBefore}`);
  if (filter.lastVisitAfter) came.push(sql`max(a.starts_at) >= ${filter.lastVisitAfter}`);
  if (filter.noVisitDays !== undefined)
    came.push(sql`max(a.starts_at) < ${new Date(now.getTime() - filter.noVisitDays * 86_400_000)}`);
  if (came.length)
    where.push(
      sql`p.patient_id in (select a.patient_id from booking_appointment a
                            where a.status = any(${list(ATTENDED)}::text[])
                            group by a.patient_id having ${joinSql(came, ' and ')})`,
    );
  const ahead = sql`exists (select 1 from booking_appointment a where a.patient_id = p.patient_id
                             and a.status = any(${list(UPCOMING)}::text[]) and a.starts_at > ${now})`;
  if (filter.upcoming === true) where.push(ahead);
  if (filter.upcoming === false) where.push(sql`not ${ahead}`);
  if (filter.visitAt)
    where.push(
      sql`exists (select 1 from booking_appointment a where a.patient_id = p.patient_id
                   and a.branch_id = ${filter.visitAt.branchId} and a.status = any(${list(LIVE)}::text[])
                   and a.starts_at >= ${filter.visitAt.from} and a.starts_at < ${filter.visitAt.to})`,
    );
  if (filter.missedWithinDays !== undefined) {
    const since = new Date(now.getTime() - filter.missedWithinDays * 86_400_000);
    // "Nothing booked since" is about any visit after the miss, not only one still ahead: someone
    // who cancelled and came the next day instead (booked after the miss, or taking place after
    // it) is not to be won back.
    where.push(
      sql`exists (select 1 from booking_appointment a where a.patient_id = p.patient_id
                   and a.status in ('cancelled', 'no_show') and a.status_changed_at >= ${since}
                   and not exists (select 1 from booking_appointment b
                                    where b.patient_id = a.patient_id
                                      and b.status = any(${list([...LIVE, ...ATTENDED])}::text[])
                                      and greatest(b.created_at, b.starts_at) >= a.status_changed_at))`,
    );
    if (filter.upcoming === undefined) where.push(sql`not ${ahead}`);
  }
  if (where.length === 0) return null;
  return joinSql(where, ' and ');
}

/** The branch of the person's latest visit (any status): whose night is quiet for them. */
export function latestBranchSql(patientId: Sql): Sql {
  return sql`(select a.branch_id from booking_appointment a where a.patient_id = ${patientId}
               order by a.starts_at desc limit 1)`;
}

/**
 * For each (patient, from): how many visits the person booked in [from, from + days) — made then,
 * whenever they take place, and not a mere hold. A broadcast's conversion.
 */
export async function visitsBookedAfter(
  em: EntityManager,
  readers: readonly { patientId: number; from: Date }[],
  days: number,
): Promise<Map<number, number>> {
  if (readers.length === 0) return new Map();
  const rows = (await em.execute(
    `select r.patient_id, count(a.id)::int as booked
       from unnest(?::int[], ?::timestamptz[]) as r(patient_id, since)
       join booking_appointment a on a.patient_id = r.patient_id
      where a.created_at >= r.since and a.created_at < r.since + make_interval(days => ?)
        and a.status <> 'held'
      group by r.patient_id`,
    [
      `{${readers.map((r) => r.patientId).join(',')}}`,
      `{${readers.map((r) => `"${r.from.toISOString()}"`).join(',')}}`,
      days,
    ],
  )) as { patient_id: number; booked: number }[];
  return new Map(rows.map((r) => [r.patient_id, r.booked]));
}
