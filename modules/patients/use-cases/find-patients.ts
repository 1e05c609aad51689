import { searchReadings } from '../../../shared/person-name.ts';
import { normalizePhone } from '../../../shared/phone.ts';
import { KAZAKHSTAN_ZONE, localDate } from '../../../shared/time.ts';
import type { Vault } from '../../../shared/vault.ts';
import { Patient } from '../entities/patient.entity.ts';
import { audit } from '../patients.access.ts';
import { phoneHashOf, phoneOf } from '../patients.phone.ts';
import { checkIin } from '../patients.policy.ts';
import { type PatientSummary, patientSummary } from '../patients.views.ts';
import type { PatientsCtx } from './register-patient.ts';

export interface StaffPatientView extends PatientSummary {
  phone: string | null;
  /** False: the phone is a relative's the desk noted, to call, not the patient's own. */
  phoneIsOwn: boolean;
}

/** A record as staff see it: the summary with the phone opened. */
export const staffPatientView = async (vault: Vault, p: Patient): Promise<StaffPatientView> => ({
  ...patientSummary(p),
  phone: await phoneOf(vault, p),
  phoneIsOwn: p.phoneIsOwn,
});

/** A query longer than this many words is a paste, not a name: the rest is ignored. */
const MAX_WORDS = 6;
/** How many records one search lists, best match first. */
const LIMIT = 20;

/**
 * The patients a typed name means, best match first. The query is folded like the stored name
 * (see searchNameOf: Kazakh, Russian and Latin spellings meet, double names split into words), and
 * every word of it (2+ letters, in any order) must begin a word of the name: "нурлан абен" finds
 * Абенов Нұрлан, "Zhanar" finds Жанар, "Сейткали" finds Абенова-Сейтқали, but a letter pair inside
 * a name is no match, so "ан" does not list every Нурлан and Жан. A whole word typed ranks before
 * a word it only begins (Абенов before Абенова for "Абенов"), then the shorter name.
 *
 * Served by the full-text index on search_name (a prefix search per word: a few milliseconds on
 * 100,000 patients, see bench:search); the words are letters only, so they cannot break the
 * tsquery. When that finds no one, a slip of the finger or a spelling the folding table does not
 * know is tried: a typed word of 4+ letters may also be a whole word spelt a little differently
 * (pg_trgm's strict word similarity at its default 0.5, through the trigram index). It is only the
 * fallback because it reads many more rows.
 */
async function idsByName(em: PatientsCtx['em'], name: string): Promise<number[]> {
  const words = name
    .split(/[\s\-‐‑–—]+/)
    .map(searchReadings)
    .filter((readings) => readings.length > 0 && readings[0]!.length >= 2)
    .slice(0, MAX_WORDS);
  if (words.length === 0) return [];
  // Per word, the best of its readings: 2 for a whole word, 1 for a word it begins.
  const wholeWord = (readings: string[]) =>
    `greatest(${readings.map(() => `case when ' ' || search_name || ' ' like ? then 2 else 1 end`).join(', ')})`;
  const wholeParams = words.flatMap((readings) => readings.map((r) => `% ${r} %`));
  const tsquery = words.map((readings) => `(${readings.map((r) => `'${r}':*`).join(' | ')})`).join(' & ');
  const found = (await em.execute(
    `select id from patients_patient
      where erased_at is null and to_tsvector('simple', search_name) @@ to_tsquery('simple', ?)
      order by ${words.map(wholeWord).join(' + ')} desc, length(search_name), search_name, id
      limit ${LIMIT}`,
    [tsquery, ...wholeParams],
  )) as { id: number }[];
  if (found.length > 0) return found.map((r) => r.id);

  const params: unknown[] = [];
  const conditions = words.map((readings) => {
    const matches = readings.map((r) => {
      params.push(`${r}%`, `% ${r}%`);
      if (r.length < 4) return `(search_name like ? or search_name like ?)`;
      params.push(r);
      return `(search_name like ? or search_name like ? or ? <<% search_name)`;
    });
    return `(${matches.join(' or ')})`;
  });
  const similarity = words
    .map((readings) => `greatest(${readings.map(() => 'strict_word_similarity(?, search_name)').join(', ')})`)
    .join(' + ');
  const near = (await em.execute(
    `select id from patients_patient
      where erased_at is null and ${conditions.join(' and ')}
      order by ${similarity} desc, search_name, id
      limit ${LIMIT}`,
    [...params, ...words.flat()],
  )) as { id: number }[];
  return near.map((r) => r.id);
}

/**
 * Staff find a patient by IIN or by phone, each through its keyed hash (neither is ever searched
 * in clear), or by name (see idsByName); given several, a record that matches any is listed, the
 * exact IIN or phone match first, then the names best match first. Every search that finds
 * someone is written to the audit log.
 */
export async function findPatients(
  ctx: PatientsCtx,
  query: { iin?: string; phone?: string; name?: string },
): Promise<StaffPatientView[]> {
  const exact: object[] = [];
  if (query.iin) {
    const facts = checkIin(query.iin, localDate(ctx.clock.now(), KAZAKHSTAN_ZONE));
    exact.push({ iinHash: await ctx.vault.hash(facts.iin) });
  }
  if (query.phone) {
    const phone = normalizePhone(query.phone);
    if (phone) exact.push({ phoneHash: await phoneHashOf(ctx.vault, phone) });
  }
  const exactIds =
    exact.length === 0
      ? []
      : (
          await ctx.em.find(Patient, { $or: exact, erasedAt: null }, { limit: LIMIT, orderBy: { id: 'asc' } })
        ).map((p) => p.id);
  const nameIds = query.name ? await idsByName(ctx.em, query.name) : [];
  const ids = [...new Set([...exactIds, ...nameIds])].slice(0, LIMIT);
  if (ids.length === 0) return [];
  const byId = new Map((await ctx.em.find(Patient, { id: { $in: ids } })).map((p) => [p.id, p]));
  const found = ids.map((id) => byId.get(id)).filter((p) => p !== undefined);
  for (const p of found) audit(ctx.em, ctx.caller, ctx.clock.now(), 'patient.find', p.id);
  await ctx.em.flush();
  return Promise.all(found.map((p) => staffPatientView(ctx.vault, p)));
}

/** Who to call about something: a patient's name and phone, as staff working on it see them. */
export interface PatientContact {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  phone: string | null;
}

/**
 * The names and phones of patients a staff list shows (an NPS follow-up, for instance), each read
 * written to the audit log under `action` in the caller's transaction: staff see whom to call, and
 * the clinic can see who looked.
 */
export async function patientContacts(
  ctx: Pick<PatientsCtx, 'em' | 'vault' | 'caller' | 'clock'>,
  patientIds: readonly number[],
  action: string,
): Promise<Map<number, PatientContact>> {
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return new Map();
  const found = await ctx.em.find(Patient, { id: { $in: ids } });
  const now = ctx.clock.now();
  const contacts = new Map<number, PatientContact>();
  for (const p of found) {
    // An erased record keeps its name for medical records; its phone is no longer to be used.
    const phone = p.erasedAt ? null : await phoneOf(ctx.vault, p);
    contacts.set(p.id, {
      id: p.id,
      lastName: p.lastName,
      firstName: p.firstName,
      middleName: p.middleName ?? null,
      phone,
    });
    audit(ctx.em, ctx.caller, now, action, p.id);
  }
  await ctx.em.flush();
  return contacts;
}
