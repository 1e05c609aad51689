import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../shared/clock.ts';
import { joinSql, sql } from '../../../shared/sql.ts';
import { FUNNELS, stepIndex } from '../analytics.funnels.ts';
import type { TrackInput } from '../analytics.schemas.ts';

/**
 * Records that an attempt reached a step, and with it every step before (reaching the IIN means
 * the consent was given, even if the bot's report of that step was lost). Once per attempt and
 * step: a retried or repeated report changes nothing. The dimensions go on the reported step only.
 */
export async function recordStep(ctx: { em: EntityManager; clock: Clock }, input: TrackInput): Promise<void> {
  const at = ctx.clock.now();
  const reached = stepIndex(input.funnel, input.step);
  const rows = FUNNELS[input.funnel].slice(0, reached + 1).map((step, i) => {
    const own = i === reached;
    return sql`(${input.funnel}, ${input.attempt}::uuid, ${step}, ${i}, ${at},
                ${own ? (input.branchId ?? null) : null}::int, ${own ? (input.serviceId ?? null) : null}::int,
                ${own ? (input.doctorId ?? null) : null}::int, ${input.language ?? null})`;
  });
  const q = sql`insert into analytics_funnel_event
                  (funnel, attempt, step, step_index, at, branch_id, service_id, doctor_id, language)
                values ${joinSql(rows, ', ')}
                on conflict (attempt, funnel, step_index) do nothing`;
  await ctx.em.execute(q.text, [...q.values]);
}
