import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf } from '../../../shared/actor.ts';
import { BUTTONS } from '../../../shared/buttons.ts';
import { addYears } from '../../../shared/zoned-time.ts';
import { clinicPhone } from '../../clinic/index.ts';
import { FamilyLink, type Patient, TelegramAccount } from '../entities/patient.entity.ts';
import { actingPatient, audit } from '../patients.access.ts';
import { type PatientsCtx, tellAccount, todayOf } from '../patients.context.ts';
import { patientErrors } from '../patients.errors.ts';
import { displayName, type GuardianView, type StaffGuardianView } from '../patients.views.ts';

/** The Telegram account of a patient, if they have one. */
export async function accountOf(em: EntityManager, patient: Patient | number) {
  return em.findOne(TelegramAccount, { patient });
}

/**
 * Asks the person (in their chat) whether the guardians who just lost access may keep it: one
 * "keep" button per guardian. Nothing is asked when nobody lost access.
 */
async function askAboutGuardians(
  ctx: PatientsCtx,
  telegramUserId: number,
  links: FamilyLink[],
  reason: 'dependant_registered' | 'came_of_age',
): Promise<void> {
  if (links.length === 0) return;
  await tellAccount(ctx, {
    telegramUserId,
    purpose: 'family.guardians_ended',
    target: `links:${links.map((l) => l.id).join(',')}@${reason}`,
    template: reason === 'came_of_age' ? 'family-guardians-ended-adult' : 'family-guardians-ended',
    params: { names: links.map((l) => displayName(l.guardian)).join(', ') },
    buttons: links.map((l) => [
      {
        label: 'family-keep-guardian',
        params: { name: displayName(l.guardian) },
        data: BUTTONS.keepGuardian.data({ linkId: l.id }),
      },
    ]),
    urgent: reason === 'dependant_registered',
  });
}

/**
 * A dependant takes charge of their own record (they registered, or came of age): every active
 * guardianship of them ends, and they are asked whether to keep any. By default access ends.
 */
export async function endGuardiansOf(
  ctx: PatientsCtx,
  dependant: Patient,
  telegramUserId: number | null,
  reason: 'dependant_registered' | 'came_of_age',
): Promise<FamilyLink[]> {
  const now = ctx.clock.now();
  const links = await ctx.em.find(
    FamilyLink,
    { dependant, status: 'active', ...(reason === 'came_of_age' ? { untilAdult: true } : {}) },
    { populate: ['guardian'] },
  );
  for (const link of links) {
    link.status = 'ended';
    link.endedAt = now;
    link.endedReason = reason;
    ctx.em.persist(link);
    audit(ctx.em, ctx.caller, now, `family.ended.${reason}`, dependant.id);
  }
  await ctx.em.flush();
  if (telegramUserId !== null) await askAboutGuardians(ctx, telegramUserId, links, reason);
  return links;
}

/**
 * Runs with the minutely dispatch: guardianships given for a minor end when the dependant comes
 * of age. The guardian is told; the dependant, if they have an account, may keep them.
 */
export async function endComeOfAge(ctx: PatientsCtx): Promise<number> {
  const cutoff = addYears(todayOf(ctx), -ctx.settings.patients.adultAge);
  const links = await ctx.em.find(
    FamilyLink,
    { status: 'active', untilAdult: true, dependant: { birthDate: { $lte: cutoff } } },
    { populate: ['dependant', 'guardian'], limit: 500 },
  );
  const dependants = new Map(links.map((l) => [l.dependant.id, l.dependant]));
  for (const dependant of dependants.values()) {
    await ctx.em.transactional(async (em) => {
      const tx = { ...ctx, em };
      const account = await accountOf(em, dependant);
      const ended = await endGuardiansOf(tx, dependant, account?.telegramUserId ?? null, 'came_of_age');
      for (const link of ended) {
        const guardianAccount = await accountOf(em, link.guardian);
        if (!guardianAccount) continue;
        await tellAccount(tx, {
          telegramUserId: guardianAccount.telegramUserId,
          purpose: 'family.came_of_age',
          target: `link:${link.id}`,
          template: 'family-came-of-age',
          params: { name: displayName(dependant) },
        });
      }
    });
  }
  return dependants.size;
}

/** Everyone who manages, or managed, the acting patient's visits. */
export async function listGuardians(ctx: PatientsCtx): Promise<GuardianView[]> {
  const { patient } = await actingPatient(ctx.em, ctx.caller);
  const links = await ctx.em.find(
    FamilyLink,
    { dependant: patient },
    { populate: ['guardian'], orderBy: { id: 'asc' } },
  );
  return links.map((l) => ({
    linkId: l.id,
    name: displayName(l.guardian),
    relation: l.relation,
    active: l.status === 'active',
    endedReason: l.endedReason ?? null,
  }));
}

/** The acting patient gives a guardian (back) access, or takes it away. */
export async function setGuardianAccess(
  ctx: PatientsCtx,
  input: { linkId: number; keep: boolean },
): Promise<GuardianView[]> {
  const { patient } = await actingPatient(ctx.em, ctx.caller);
  const link = await ctx.em.findOne(FamilyLink, { id: input.linkId, dependant: patient });
  if (!link) throw patientErrors('guardian_not_found');
  const now = ctx.clock.now();
  if (input.keep && link.status === 'ended') {
    link.status = 'active';
    link.untilAdult = false;
    link.grantedBy = actorOf(ctx.caller);
    link.endedAt = null;
    link.endedReason = null;
  } else if (!input.keep && link.status === 'active') {
    link.status = 'ended';
    link.endedAt = now;
    link.endedReason = 'ended_by_dependant';
  }
  audit(ctx.em, ctx.caller, now, input.keep ? 'family.kept_guardian' : 'family.ended_guardian', patient.id);
  await ctx.em.persist(link).flush();
  return listGuardians(ctx);
}

/** Staff see who manages a patient's visits (to end a guardianship taken on false grounds). */
export async function staffGuardiansOf(ctx: PatientsCtx, patientId: number): Promise<StaffGuardianView[]> {
  const links = await ctx.em.find(
    FamilyLink,
    { dependant: patientId },
    { populate: ['guardian'], orderBy: { id: 'asc' } },
  );
  audit(ctx.em, ctx.caller, ctx.clock.now(), 'family.guardians_read', patientId);
  await ctx.em.flush();
  return links.map((l) => ({
    linkId: l.id,
    guardian: { id: l.guardian.id, name: displayName(l.guardian) },
    relation: l.relation,
    active: l.status === 'active',
    grantedBy: l.grantedBy,
    createdAt: l.createdAt,
    endedReason: l.endedReason ?? null,
  }));
}

/**
 * Staff end a guardianship (papers showed it was not theirs to have): the guardian stops hearing
 * about and acting for the patient at once, and is told.
 */
export async function staffEndGuardianship(ctx: PatientsCtx, linkId: number): Promise<StaffGuardianView[]> {
  const link = await ctx.em.findOne(FamilyLink, linkId, { populate: ['guardian', 'dependant'] });
  if (!link) throw patientErrors('guardian_not_found');
  if (link.status === 'active') {
    const now = ctx.clock.now();
    link.status = 'ended';
    link.endedAt = now;
    link.endedReason = 'ended_by_staff';
    audit(ctx.em, ctx.caller, now, 'family.ended.ended_by_staff', link.dependant.id);
    await ctx.em.persist(link).flush();
    const account = await accountOf(ctx.em, link.guardian);
    if (account) {
      await tellAccount(ctx, {
        telegramUserId: account.telegramUserId,
        purpose: 'family.ended_by_clinic',
        target: `link:${link.id}@${now.getTime()}`,
        template: 'family-ended-by-clinic',
        // It asks them to come to the clinic with papers: with the number to call first.
        params: { name: displayName(link.dependant), phone: await clinicPhone(ctx.em) },
      });
      await ctx.em.flush();
    }
  }
  return staffGuardiansOf(ctx, link.dependant.id);
}
