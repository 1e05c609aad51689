import { nameKey } from '../../../shared/person-name.ts';
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

/** Escapes LIKE's wildcards: a typed % or _ is a character, not a pattern. */
const likeText = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Which records a typed name means: every word of it (2+ letters, in any order, folded like the
 * stored search name) must begin a part of the name, so "нурлан ахмет" finds Ахметов Нұрлан and
 * "Айгерим" finds Айгерім, but "ан" alone does not list every Нурлан and Жан.
 */
function nameCondition(name: string): object | null {
  const words = name
    .split(/\s+/)
    .map(nameKey)
    .filter((w) => w.length >= 2);
  if (words.length === 0) return null;
  return {
    $and: words.map((w) => ({
      $or: [{ searchName: { $like: `${likeText(w)}%` } }, { searchName: { $like: `% ${likeText(w)}%` } }],
    })),
  };
}

/**
 * Staff find a patient by IIN or by phone, each through its keyed hash (neither is ever searched
 * in clear), or by name (folded for Kazakh and Russian spellings); given several, a record that
 * matches any is listed. Every search that finds someone is written to the audit log.
 */
export async function findPatients(
  ctx: PatientsCtx,
  query: { iin?: string; phone?: string; name?: string },
): Promise<StaffPatientView[]> {
  const where: object[] = [];
  if (query.name) {
    const byName = nameCondition(query.name);
    if (byName) where.push(byName);
  }
  if (query.iin) {
    const facts = checkIin(query.iin, localDate(ctx.clock.now(), KAZAKHSTAN_ZONE));
    where.push({ iinHash: await ctx.vault.hash(facts.iin) });
  }
  if (query.phone) {
    const phone = normalizePhone(query.phone);
    if (phone) where.push({ phoneHash: await phoneHashOf(ctx.vault, phone) });
  }
  if (where.length === 0) return [];
  const found = await ctx.em.find(
    Patient,
    { $or: where, erasedAt: null },
    { limit: 20, orderBy: { id: 'asc' } },
  );
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
