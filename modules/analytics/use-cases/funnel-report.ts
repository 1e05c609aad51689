import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureFilter } from '../../../shared/figures.ts';
import { rawSql, type Sql, sql } from '../../../shared/sql.ts';
import { type Funnel, funnelSteps, type StepCount } from '../analytics.funnels.ts';

/**
 * How many attempts started in the period reached each step of a funnel (a cohort: an attempt
 * started on the last evening and finished the next morning counts whole). With a branch or a
 * doctor, the attempts that named it at some step: one that stopped before choosing counts for none.
 */
export async function funnelReport(
  em: EntityManager,
  funnel: Funnel,
  filter: FigureFilter,
): Promise<StepCount[]> {
  const named = (column: string, value: number | undefined): Sql =>
    value === undefined
      ? sql``
      : sql` and exists (select 1 from analytics_funnel_event d
                          where d.attempt = s.attempt and d.${rawSql(column)} = ${value})`;
  const q = sql`select e.step, count(*)::int as count
      from analytics_funnel_event s
      join analytics_funnel_event e on e.attempt = s.attempt and e.funnel = s.funnel
     where s.funnel = ${funnel} and s.step_index = 0 and s.at >= ${filter.from} and s.at < ${filter.to}
           ${named('branch_id', filter.branchId)}${named('doctor_id', filter.doctorId)}
     group by e.step`;
  const rows = (await em.execute(q.text, [...q.values])) as { step: string; count: number }[];
  return funnelSteps(funnel, new Map(rows.map((r) => [r.step, r.count])));
}
