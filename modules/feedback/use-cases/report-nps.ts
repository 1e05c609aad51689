import type { EntityManager } from '@mikro-orm/postgresql';
import type { Localized } from '../../../shared/localized.ts';
import { pageOf } from '../../../shared/pages.ts';
import type { ApiContext } from '../../../shared/trpc.ts';
import { type CatalogViews, catalogViews } from '../../clinic/index.ts';
import { patientContacts } from '../../patients/index.ts';
import { FollowUp } from '../entities/feedback.entity.ts';
import { feedbackErrors } from '../feedback.errors.ts';

export interface NpsRow {
  id: number;
  name: Localized | string;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, −100…100; null without responses. */
  nps: number | null;
}

/** Reports group answers by the visit's branch, doctor or service; their names are the clinic's. */
const GROUPS = {
  branch: {
    column: 'branch_id',
    ids: 'branchIds',
    name: (c: CatalogViews, id: number) => c.branches.get(id)?.name,
  },
  doctor: {
    column: 'doctor_id',
    ids: 'doctorIds',
    name: (c: CatalogViews, id: number) => c.doctors.get(id)?.fullName,
  },
  service: {
    column: 'service_id',
    ids: 'serviceIds',
    name: (c: CatalogViews, id: number) => c.services.get(id)?.name,
  },
} as const;

/** NPS per branch, doctor or service over a period (answers given in [from, to)). */
export async function npsReport(
  em: EntityManager,
  input: { groupBy: keyof typeof GROUPS; from: Date; to: Date },
): Promise<{ total: NpsRow; rows: NpsRow[] }> {
  const g = GROUPS[input.groupBy];
  const counted = (await em.execute(
    `select r.${g.column} as id, count(*)::int as responses,
            count(*) filter (where r.score >= 9)::int as promoters,
            count(*) filter (where r.score between 7 and 8)::int as passives,
            count(*) filter (where r.score <= 6)::int as detractors
       from feedback_response r
      where r.answered_at >= ? and r.answered_at < ?
      group by r.${g.column} order by responses desc, r.${g.column}`,
    [input.from, input.to],
  )) as Omit<NpsRow, 'nps' | 'name'>[];
  const catalog = await catalogViews(em, { [g.ids]: counted.map((r) => r.id) });
  // A group the catalog does not know is left out (as a join with its table would).
  const rows = counted.flatMap(({ id, ...counts }) => {
    const name = g.name(catalog, id);
    return name === undefined ? [] : [{ id, name, ...counts }];
  });
  const withScore = (r: Omit<NpsRow, 'nps'>): NpsRow => ({
    ...r,
    nps: r.responses ? Math.round(((r.promoters - r.detractors) / r.responses) * 100) : null,
  });
  const sum = (k: 'responses' | 'promoters' | 'passives' | 'detractors') =>
    rows.reduce((s, r) => s + r[k], 0);
  return {
    total: withScore({
      id: 0,
      name: 'all',
      responses: sum('responses'),
      promoters: sum('promoters'),
      passives: sum('passives'),
      detractors: sum('detractors'),
    }),
    rows: rows.map(withScore),
  };
}

export async function listComments(em: EntityManager, input: { from: Date; to: Date; maxScore?: number }) {
  return (await em.execute(
    `select r.appointment_id as "appointmentId", r.score, r.comment, r.answered_at as "answeredAt",
            r.branch_id as "branchId", r.doctor_id as "doctorId", r.service_id as "serviceId"
       from feedback_response r
      where r.comment is not null and r.answered_at >= ? and r.answered_at < ? and r.score <= ?
      order by r.answered_at desc limit 500`,
    [input.from, input.to, input.maxScore ?? 10],
  )) as {
    appointmentId: number;
    score: number;
    comment: string;
    answeredAt: string;
    branchId: number;
    doctorId: number;
    serviceId: number;
  }[];
}

/**
 * The follow-ups of low scores, newest first a page at a time (cursor: the last id), with whom to call: the patient's name and phone. Showing them is a
 * read of patient data, so each listed patient's read is audited ("feedback.follow_up.read").
 */
export async function listFollowUps(
  ctx: Pick<ApiContext, 'em' | 'vault' | 'caller' | 'clock'>,
  input: { status?: 'open' | 'closed'; cursor?: number | null; limit: number },
) {
  const found = await ctx.em.find(
    FollowUp,
    {
      ...(input.status ? { status: input.status } : {}),
      ...(input.cursor ? { id: { $lt: input.cursor } } : {}),
    },
    { populate: ['response'], orderBy: { id: 'desc' }, limit: input.limit + 1 },
  );
  const { items, nextCursor } = pageOf(found, input.limit, (f) => f.id);
  const contacts = await patientContacts(
    ctx,
    items.map((f) => f.response.patientId),
    'feedback.follow_up.read',
  );
  return {
    nextCursor,
    items: items.map((f) => ({
      id: f.id,
      status: f.status,
      openedAt: f.openedAt,
      closedAt: f.closedAt ?? null,
      closedBy: f.closedBy ?? null,
      resolution: f.resolution ?? null,
      appointmentId: f.response.appointmentId,
      score: f.response.score,
      comment: f.response.comment ?? null,
      patientId: f.response.patientId,
      patient: contacts.get(f.response.patientId) ?? null,
    })),
  };
}

export async function closeFollowUp(
  em: EntityManager,
  input: { id: number; resolution: string; actor: string; at: Date },
): Promise<{ id: number; status: 'closed' }> {
  const item = await em.findOne(FollowUp, input.id);
  if (!item) throw feedbackErrors('follow_up_not_found', { id: input.id });
  if (item.status === 'closed') throw feedbackErrors('follow_up_closed', { id: input.id });
  item.status = 'closed';
  item.closedAt = input.at;
  item.closedBy = input.actor;
  item.resolution = input.resolution;
  await em.persist(item).flush();
  return { id: item.id, status: 'closed' };
}
