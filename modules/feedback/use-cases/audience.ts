/**
 * What feedback adds to an audience (broadcasts): how a person scored the clinic last time, as NPS
 * groups it. A fragment over this module's own table (see shared/sql.ts).
 */
import { type Sql, sql } from '../../../shared/sql.ts';

export const NPS_GROUPS = ['promoter', 'passive', 'detractor'] as const;
export type NpsGroup = (typeof NPS_GROUPS)[number];

/** The scores of each group, as NPS counts them. */
const RANGE: Record<NpsGroup, readonly [number, number]> = {
  promoter: [9, 10],
  passive: [7, 8],
  detractor: [0, 6],
};

/**
 * A condition on `p.patient_id` (the caller's candidate): their latest answer falls in one of
 * these groups. Null when no group is given.
 */
export function npsAudienceSql(groups: readonly NpsGroup[] | undefined): Sql | null {
  if (!groups?.length) return null;
  const scores = groups.flatMap((g) => {
    const [from, to] = RANGE[g];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
  return sql`(select r.score from feedback_response r where r.patient_id = p.patient_id
               order by r.answered_at desc, r.id desc limit 1) = any(${`{${scores.join(',')}}`}::int[])`;
}
