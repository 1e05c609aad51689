/**
 * An audience from what the clinic knows: the filter staff compose, turned into ONE statement
 * from the fragments each module's door gives over its own tables (patients: who a person is and
 * who reads for them; booking: their visits; feedback: their score). One statement lets
 * PostgreSQL plan the whole audience at once: a preview on 100,000 patients is one query.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { joinSql, type Sql, sql } from '../../shared/sql.ts';
import { KAZAKHSTAN_ZONE, localDate } from '../../shared/time.ts';
import { addDays, zonedToUtc } from '../../shared/zoned-time.ts';
import { latestBranchSql, visitAudienceSql } from '../booking/index.ts';
import { branchTimeZone, branchTimeZones, servicesOfCategories } from '../clinic/index.ts';
import { npsAudienceSql } from '../feedback/index.ts';
import { audienceReadersSql, patientAudienceSql } from '../patients/index.ts';
import type { AudienceFilter } from './broadcasts.schemas.ts';
import type { BroadcastKind } from './entities/broadcast.entity.ts';

/** The clinic's days (a filter's dates) are Kazakhstan's. */
const CLINIC_ZONE = KAZAKHSTAN_ZONE;
const startOfDay = (date: string, zone: string) => new Date(zonedToUtc(date, 0, zone) ?? Date.parse(date));

/**
 * The readers of a broadcast of this kind to this audience, as of `now`: one row per Telegram
 * account (telegram_user_id, patient_id, language, first_name, last_name, birth_date, sex).
 * Marketing: the matched people themselves, with their marketing consent. A service notice: the
 * matched people and whoever hears about them (a child's visit reaches the parent), no consent.
 */
export async function readersSql(
  em: EntityManager,
  filter: AudienceFilter,
  kind: BroadcastKind,
  now: Date,
  options: { withBlocked?: boolean } = {},
): Promise<Sql> {
  const today = localDate(now, CLINIC_ZONE);
  const base = patientAudienceSql(
    {
      age: filter.age,
      sex: filter.sex,
      guardiansOfChildrenAged: filter.guardiansOfChildrenAged,
    },
    today,
  );
  const serviceIds = [...(filter.serviceIds ?? [])];
  if (filter.categoryIds?.length) {
    const ofCategories = await servicesOfCategories(em, filter.categoryIds);
    // A category with no service yet matches nobody (not everybody).
    serviceIds.push(...(ofCategories.length ? ofCategories : [0]));
  }
  let visitAt: { branchId: number; from: Date; to: Date } | undefined;
  if (filter.visitAt) {
    const zone = (await branchTimeZone(em, filter.visitAt.branchId)) ?? CLINIC_ZONE;
    visitAt = {
      branchId: filter.visitAt.branchId,
      from: startOfDay(filter.visitAt.date, zone),
      to: startOfDay(addDays(filter.visitAt.date, 1), zone),
    };
  }
  const conditions = [
    visitAudienceSql(
      {
        branchIds: filter.branchIds,
        serviceIds: serviceIds.length ? serviceIds : undefined,
        lastVisitBefore: filter.lastVisitBefore ? startOfDay(filter.lastVisitBefore, CLINIC_ZONE) : undefined,
        lastVisitAfter: filter.lastVisitAfter ? startOfDay(filter.lastVisitAfter, CLINIC_ZONE) : undefined,
        noVisitDays: filter.noVisitDays,
        upcoming: filter.upcomingVisit,
        visitAt,
        missedWithinDays: filter.missedWithinDays,
      },
      now,
    ),
    npsAudienceSql(filter.npsGroups),
  ].filter((c): c is Sql => c !== null);
  const matched = conditions.length
    ? sql`select p.patient_id from (${base}) p where ${joinSql(conditions, ' and ')}`
    : base;
  return audienceReadersSql(matched, {
    via: kind === 'service' ? 'hearers' : 'own',
    marketing: kind === 'marketing',
    languages: filter.languages,
    withBlocked: options.withBlocked,
  });
}

export interface AudiencePreview {
  /** Readers it reaches now (marketing: with consent), and of them in each language. */
  count: number;
  byLanguage: { ru: number; kk: number };
  /** A few of them, masked: a first name's first and last letter, an initial, age and sex. */
  examples: { name: string; age: number; sex: 'male' | 'female'; language: 'ru' | 'kk' }[];
}

const mask = (name: string) => (name.length <= 2 ? `${name[0] ?? ''}•` : `${name[0]}•••${name.at(-1)}`);
const ageOn = (birth: string, today: string) => {
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
};

/** How many the audience reaches and who, masked (never an IIN or a phone: marketers see this). */
export async function previewAudience(
  em: EntityManager,
  filter: AudienceFilter,
  kind: BroadcastKind,
  now: Date,
): Promise<AudiencePreview> {
  const readers = await readersSql(em, filter, kind, now);
  // One statement: the readers are worked out once, then counted and sampled (two statements
  // would each work them out, on a server with two cores).
  const preview = sql`with r as materialized (${readers})
    select count(*)::int as count, count(*) filter (where r.language = 'kk')::int as kk,
           (select coalesce(json_agg(s), '[]') from (
              select r.first_name, r.last_name, r.birth_date::text as birth_date, r.sex, r.language
                from r order by r.telegram_user_id limit 5) s) as sample
      from r`;
  const [totals] = (await em.execute(preview.text, [...preview.values])) as {
    count: number;
    kk: number;
    sample: {
      first_name: string;
      last_name: string;
      birth_date: string;
      sex: 'male' | 'female';
      language: 'ru' | 'kk';
    }[];
  }[];
  const rows = totals?.sample ?? [];
  const today = localDate(now, CLINIC_ZONE);
  return {
    count: totals?.count ?? 0,
    byLanguage: { ru: (totals?.count ?? 0) - (totals?.kk ?? 0), kk: totals?.kk ?? 0 },
    examples: rows.map((r) => ({
      name: `${mask(r.first_name)} ${r.last_name[0] ?? ''}.`,
      age: ageOn(r.birth_date, today),
      sex: r.sex,
      language: r.language,
    })),
  };
}

/**
 * Freezes the readers of a broadcast as its outbox, at the moment sending starts: one row per
 * account, each with the zone of their branch (their latest visit's, else the clinic's) for quiet
 * hours. `exceptReadersOf`: an automation's readers of the last `days` are left out (once per
 * period). Returns how many were frozen.
 */
export async function freezeReaders(
  em: EntityManager,
  broadcast: { id: number; audience: AudienceFilter; kind: BroadcastKind },
  now: Date,
  exceptReadersOf?: { automationId: number; days: number },
): Promise<number> {
  // Those who blocked the bot are frozen too, as not to be written to: the numbers then say how
  // many of the audience the clinic cannot reach in Telegram.
  const readers = await readersSql(em, broadcast.audience, broadcast.kind, now, { withBlocked: true });
  const zones = await branchTimeZones(em);
  const zoneCase = zones.size
    ? sql`case ${latestBranchSql(sql`r.patient_id`)} ${joinSql(
        [...zones].map(([id, zone]) => sql`when ${id} then ${zone}`),
        ' ',
      )} else ${CLINIC_ZONE} end`
    : sql`${CLINIC_ZONE}`;
  // The period counts in clinic days, not in hours back from this run: a run's readers are fed
  // over minutes (and the run itself starts at any minute after its hour), so "now minus N days"
  // would leave out, on the N-th day, everyone fed later in the day than this run began. Written
  // on day D (or still waiting to be, from a run held by quiet hours): not again before D + N.
  const except = exceptReadersOf
    ? sql` where not exists (
             select 1 from broadcasts_recipient x join broadcasts_broadcast b on b.id = x.broadcast_id
              where b.automation_id = ${exceptReadersOf.automationId} and x.patient_id = r.patient_id
                and x.state <> 'skipped'
                and coalesce(x.queued_at, b.started_at) >= ${startOfDay(
                  addDays(localDate(now, CLINIC_ZONE), 1 - exceptReadersOf.days),
                  CLINIC_ZONE,
                )})`
    : sql``;
  const insert = sql`with frozen as (insert into broadcasts_recipient
      (broadcast_id, telegram_user_id, patient_id, language, time_zone, state, reason, attempt, token, taps)
    select ${broadcast.id}, r.telegram_user_id, r.patient_id, r.language, ${zoneCase},
           case when r.blocked then 'skipped' else 'pending' end, case when r.blocked then 'blocked' end, 0,
           replace(gen_random_uuid()::text, '-', ''), 0
      from (${readers}) r${except}
    on conflict (broadcast_id, telegram_user_id) do nothing returning 1)
    select count(*)::int as frozen from frozen`;
  const [row] = (await em.execute(insert.text, [...insert.values])) as { frozen: number }[];
  return row?.frozen ?? 0;
}
