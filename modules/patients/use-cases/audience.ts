/**
 * What the patients module adds to an audience (broadcasts): who a person is (age and sex, as
 * the IIN gave them at registration), whose guardian they are,
 * and who of them can be written to in Telegram, in which language, with which consent. Each function returns a SQL
 * fragment over this module's own tables, for the caller to compose into one statement.
 */
import type { Language } from '../../../shared/localized.ts';
import { joinSql, type Sql, sql } from '../../../shared/sql.ts';
import type { SEXES } from '../entities/patient.entity.ts';

type Sex = (typeof SEXES)[number];

/** An age range in whole years on a day (both ends included, either may be open). */
export interface AgeRange {
  min?: number;
  max?: number;
}

export interface PatientAudience {
  age?: AgeRange;
  sex?: Sex;
  /** Guardians (active) of at least one child whose age is in this range. */
  guardiansOfChildrenAged?: AgeRange;
}

/** `birth` (a date column) makes an age within `range` on `today` (YYYY-MM-DD). */
function ageWithin(birth: Sql, range: AgeRange, today: string): Sql[] {
  const parts: Sql[] = [];
  // Aged at least `min`: born on or before today `min` years ago.
  if (range.min !== undefined)
    parts.push(sql`${birth} <= (${today}::date - make_interval(years => ${range.min}))`);
  // Aged at most `max`: not yet `max + 1`, so born after today `max + 1` years ago.
  if (range.max !== undefined)
    parts.push(sql`${birth} > (${today}::date - make_interval(years => ${range.max + 1}))`);
  return parts;
}

/**
 * The ids (`patient_id`) of the living records (not erased) that match, on `today` in the
 * clinic's zone.
 */
export function patientAudienceSql(filter: PatientAudience, today: string): Sql {
  const where: Sql[] = [sql`p.erased_at is null`];
  if (filter.age) where.push(...ageWithin(sql`p.birth_date`, filter.age, today));
  if (filter.sex) where.push(sql`p.sex = ${filter.sex}`);
  if (filter.guardiansOfChildrenAged) {
    const child = ageWithin(sql`c.birth_date`, filter.guardiansOfChildrenAged, today);
    where.push(
      sql`exists (select 1 from patients_family_link l join patients_patient c on c.id = l.dependant_id
                   where l.guardian_id = p.id and l.status = 'active' and c.erased_at is null
                   ${child.length ? sql` and ${joinSql(child, ' and ')}` : sql``})`,
    );
  }
  return sql`select p.id as patient_id from patients_patient p where ${joinSql(where, ' and ')}`;
}

/**
 * Who reads a message about each matched patient (`patients`: a fragment selecting
 * `patient_id`): `own` — the person's own Telegram account only; `hearers` — also each active
 * guardian's (a service announcement about a child's visit reaches the parent). One row per
 * account however many matched patients it hears about (a guardian of two children is written
 * to once), only accounts that finished registration and have not blocked the bot (unless
 * `withBlocked`), and with
 * `marketing`, only those whose own current marketing consent is given. Columns:
 * telegram_user_id, patient_id (the reader's own record), language, first_name, last_name,
 * birth_date, sex, blocked. `languages`: only accounts whose chat is in one of these languages.
 */
export function audienceReadersSql(
  patients: Sql,
  options: {
    via: 'own' | 'hearers';
    marketing: boolean;
    languages?: readonly Language[];
    /** Also accounts that blocked the bot, marked in a `blocked` column (to be counted, not written to). */
    withBlocked?: boolean;
  },
): Sql {
  const matched = sql`select patient_id from (${patients}) m`;
  const readers =
    options.via === 'own'
      ? matched
      : sql`${matched} union select l.guardian_id from patients_family_link l
             where l.status = 'active' and l.dependant_id in (${matched})`;
  const consent = options.marketing
    ? // Each person's latest marketing record, for all at once (one ordered pass over the index
      // patients_consent_record_latest): a lookup per candidate cost more than the rest of an
      // audience of 50,000 together.
      sql` and r.id in (select c.patient_id from (
                         select distinct on (c.patient_id) c.patient_id, c.granted from patients_consent_record c
                          where c.purpose = 'marketing' order by c.patient_id, c.at desc, c.id desc) c
                        where c.granted)`
    : sql``;
  // The language is the reader's chat's, not the matched person's: a child about whose visit a
  // service notice goes has no chat at all, and a person with two chats in two languages is
  // reached only in the chosen one (the language each reader is written in).
  const language = options.languages?.length
    ? sql` and coalesce(a.language, 'ru') = any(${`{${options.languages.join(',')}}`}::text[])`
    : sql``;
  const blocked = options.withBlocked ? sql`` : sql` and a.blocked_at is null`;
  return sql`select a.telegram_user_id, r.id as patient_id, coalesce(a.language, 'ru') as language,
                    r.first_name, r.last_name, r.birth_date, r.sex, a.blocked_at is not null as blocked
               from patients_telegram_account a join patients_patient r on r.id = a.patient_id
              where r.id in (${readers}) and r.erased_at is null
                and a.registered_at is not null${blocked}${consent}${language}`;
}
