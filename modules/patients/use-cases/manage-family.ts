import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { Caller } from '../../../shared/roles.ts';
import { KAZAKHSTAN_ZONE, localDate } from '../../../shared/time.ts';
import { FamilyLink, Patient, TelegramAccount } from '../entities/patient.entity.ts';
import { actingPatient, audit } from '../patients.access.ts';
import { patientErrors } from '../patients.errors.ts';
import { checkIin, normalizeName } from '../patients.policy.ts';
import type { addDependantInput } from '../patients.schemas.ts';
import { type DependantView, patientSummary } from '../patients.views.ts';
import type { PatientsCtx } from './register-patient.ts';

/** Checks an IIN before a form goes on to the next question (the add re-checks it). */
export async function checkIinFacts(
  ctx: PatientsCtx,
  iin: string,
): Promise<{ birthDate: string; sex: 'male' | 'female' }> {
  const facts = checkIin(iin, localDate(ctx.clock.now(), KAZAKHSTAN_ZONE));
  return { birthDate: facts.birthDate, sex: facts.sex };
}

export async function listDependants(ctx: PatientsCtx): Promise<DependantView[]> {
  const { patient } = await actingPatient(ctx.em, ctx.caller);
  const links = await ctx.em.find(
    FamilyLink,
    { guardian: patient },
    { populate: ['dependant'], orderBy: { id: 'asc' } },
  );
  return links.map((l) => ({ ...patientSummary(l.dependant), relation: l.relation }));
}

/**
 * Adds a child or an elderly parent by IIN. An IIN the clinic already knows links to that record,
 * but only when the names match (knowing an IIN alone must not open someone's records), and not
 * when that person manages themselves in Telegram.
 */
export async function addDependant(
  ctx: PatientsCtx,
  input: z.output<typeof addDependantInput>,
): Promise<DependantView[]> {
  const { patient: guardian } = await actingPatient(ctx.em, ctx.caller);
  const facts = checkIin(input.iin, localDate(ctx.clock.now(), KAZAKHSTAN_ZONE));
  const lastName = normalizeName(input.lastName);
  const firstName = normalizeName(input.firstName);
  const middleName = input.middleName ? normalizeName(input.middleName) : null;
  const hash = await ctx.vault.hash(facts.iin);
  let dependant = await ctx.em.findOne(Patient, { iinHash: hash });
  if (dependant) {
    if (dependant.id === guardian.id) throw patientErrors('dependant_is_self');
    const same = (a: string, b: string) => a.localeCompare(b, 'ru', { sensitivity: 'base' }) === 0;
    if (!same(dependant.lastName, lastName) || !same(dependant.firstName, firstName)) {
      throw patientErrors('dependant_name_mismatch');
    }
    if (await ctx.em.count(TelegramAccount, { patient: dependant }))
      throw patientErrors('dependant_has_account');
    if (await ctx.em.count(FamilyLink, { guardian, dependant })) throw patientErrors('dependant_exists');
  } else {
    dependant = ctx.em.create(Patient, {
      lastName,
      firstName,
      middleName,
      iinCipher: await ctx.vault.encrypt(facts.iin),
      iinHash: hash,
      iinLast4: facts.iin.slice(-4),
      birthDate: facts.birthDate,
      sex: facts.sex,
      phone: null,
    });
    ctx.em.persist(dependant);
  }
  ctx.em.persist(ctx.em.create(FamilyLink, { guardian, dependant, relation: input.relation }));
  await ctx.em.flush();
  audit(ctx.em, ctx.caller, ctx.clock.now(), 'patient.add_dependant', dependant.id);
  await ctx.em.flush();
  return listDependants(ctx);
}

export async function removeDependant(ctx: PatientsCtx, dependantId: number): Promise<DependantView[]> {
  const { patient: guardian } = await actingPatient(ctx.em, ctx.caller);
  const removed = await ctx.em.nativeDelete(FamilyLink, { guardian, dependant: dependantId });
  if (!removed) throw patientErrors('dependant_not_found');
  audit(ctx.em, ctx.caller, ctx.clock.now(), 'patient.remove_dependant', dependantId);
  await ctx.em.flush();
  return listDependants(ctx);
}

/**
 * The patients a Telegram user may act for: themselves and their dependants. Other modules
 * (booking) use this to check every access against its owner.
 */
export async function managedPatient(
  em: EntityManager,
  caller: Caller,
  patientId: number | null,
): Promise<Patient> {
  const { patient } = await actingPatient(em, caller);
  if (patientId === null || patientId === patient.id) return patient;
  const link = await em.findOne(
    FamilyLink,
    { guardian: patient, dependant: patientId },
    { populate: ['dependant'] },
  );
  if (!link) throw patientErrors('dependant_not_found');
  return link.dependant;
}

/** Ids of the patients a Telegram user acts for: themselves first, then their dependants. */
export async function managedPatientIds(em: EntityManager, caller: Caller): Promise<number[]> {
  const { patient } = await actingPatient(em, caller);
  const links = await em.find(FamilyLink, { guardian: patient }, { orderBy: { id: 'asc' } });
  return [patient.id, ...links.map((l) => l.dependant.id)];
}
