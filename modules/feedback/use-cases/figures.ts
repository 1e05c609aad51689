/**
 * NPS over time for the clinic's numbers (analytics): answers per bar of a day, week or month in
 * the clinic's zone, in all or per branch, doctor or service. One grouped statement; the answers
 * carry the visit's branch, doctor and service (copied when answered), so it needs no other table.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { bucketSql, type FigureFilter, type Interval, whereBranchDoctor } from '../../../shared/figures.ts';
import { rawSql, type Sql, sql } from '../../../shared/sql.ts';

export interface NpsPoint {
  period: string;
  /** The branch, doctor or service of the row when grouped; null for the clinic as a whole. */
  groupId: number | null;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, −100…100; null without responses. */
  nps: number | null;
}

const GROUP_COLUMNS = { branch: 'r.branch_id', doctor: 'r.doctor_id', service: 'r.service_id' } as const;
export type NpsGroupBy = keyof typeof GROUP_COLUMNS;

export async function npsOverTime(
  em: EntityManager,
  filter: FigureFilter & { serviceId?: number },
  interval: Interval,
  groupBy: NpsGroupBy | null,
): Promise<NpsPoint[]> {
  const group = rawSql(groupBy ? GROUP_COLUMNS[groupBy] : 'null::int');
  const service = filter.serviceId === undefined ? sql`` : sql` and r.service_id = ${filter.serviceId}`;
  const q: Sql = sql`select ${bucketSql('r.answered_at', interval, filter.timeZone)} as period,
           ${group} as group_id, count(*)::int as responses,
           count(*) filter (where r.score >= 9)::int as promoters,
           count(*) filter (where r.score between 7 and 8)::int as passives,
           count(*) filter (where r.score <= 6)::int as detractors
      from feedback_response r
     where r.answered_at >= ${filter.from} and r.answered_at < ${filter.to}
           ${whereBranchDoctor(filter, { branch: 'r.branch_id', doctor: 'r.doctor_id' })}${service}
     group by 1, 2 order by 1, 2`;
  const rows = (await em.execute(q.text, [...q.values])) as {
    period: string;
    group_id: number | null;
    responses: number;
    promoters: number;
    passives: number;
    detractors: number;
  }[];
  return rows.map((r) => ({
    period: r.period,
    groupId: r.group_id,
    responses: r.responses,
    promoters: r.promoters,
    passives: r.passives,
    detractors: r.detractors,
    nps: r.responses ? Math.round(((r.promoters - r.detractors) / r.responses) * 100) : null,
  }));
}
