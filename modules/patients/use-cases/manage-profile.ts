import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { ApiContext } from '../../../shared/trpc.ts';
import { type ConsentPurpose, ConsentRecord } from '../entities/consent.entity.ts';
import { FamilyRequest } from '../entities/identity.entity.ts';
import { FamilyLink, type Patient, TelegramAccount } from '../entities/patient.entity.ts';
import { RegistrationDraft } from '../entities/registration-draft.entity.ts';
import { actingPatient, actingTelegramUser, audit } from '../patients.access.ts';
import type { PatientsCtx } from '../patients.context.ts';
import type { ErasureItem } from '../patients.hooks.ts';
import { phoneOf, setPhone } from '../patients.phone.ts';
import { checkPhone } from '../patients.policy.ts';
import type { phoneInput } from '../patients.schemas.ts';
import { type ConsentState, type ProfileView, patientSummary } from '../patients.views.ts';
import { recordConsent } from './consents.ts';
import { ensureAccount } from './register-patient.ts';

async function currentConsents(ctx: PatientsCtx, patientId: number) {
  const records = await ctx.em.find(
    ConsentRecord,
    { patient: patientId },
    { orderBy: { at: 'asc', id: 'asc' } },
  );
  const state: Partial<Record<ConsentPurpose, ConsentState>> = {};
  for (const r of records) state[r.purpose] = { granted: r.granted, at: r.at, version: r.textVersion };
  return state;
}

export async function getProfile(ctx: PatientsCtx): Promise<ProfileView> {
  const { account, patient } = await actingPatient(ctx.em, ctx.caller);
  return {
    ...patientSummary(patient),
    phone: await phoneOf(ctx.vault, patient),
    language: account.language ?? 'ru',
    consents: await currentConsents(ctx, patient.id),
  };
}

export async function changePhone(
  ctx: PatientsCtx,
  input: z.output<typeof phoneInput>,
): Promise<ProfileView> {
  const phone = checkPhone(input, actingTelegramUser(ctx.caller));
  const { patient } = await actingPatient(ctx.em, ctx.caller);
  await setPhone(ctx.vault, patient, phone);
  audit(ctx.em, ctx.caller, ctx.clock.now(), 'patient.change_phone', patient.id);
  await ctx.em.persist(patient).flush();
  return getProfile(ctx);
}

/** Marketing is opt-in and can be withdrawn at any time; both are ledger entries. */
export async function setMarketingConsent(ctx: PatientsCtx, optIn: boolean): Promise<ProfileView> {
  return setConsent(ctx, 'marketing', optIn);
}

/**
 * Medical documents as files in this Telegram chat, or as links to our server: asked the first
 * time a document is opened, changed here at any time.
 */
export async function setTelegramDocumentsConsent(ctx: PatientsCtx, granted: boolean): Promise<ProfileView> {
  return setConsent(ctx, 'telegram_documents', granted);
}

async function setConsent(ctx: PatientsCtx, purpose: ConsentPurpose, granted: boolean): Promise<ProfileView> {
  const { patient } = await actingPatient(ctx.em, ctx.caller);
  await recordConsent(ctx.em, { patientId: patient.id, purpose, granted, at: ctx.clock.now() });
  await ctx.em.flush();
  return getProfile(ctx);
}

/**
 * Whom "delete my data" cancels visits for: the patient, and their dependants whom no one else
 * guards and who have no account of their own (nobody would be left to hear of those visits).
 */
async function erasedPeople(em: EntityManager, patient: Patient): Promise<Patient[]> {
  const links = await em.find(
    FamilyLink,
    { guardian: patient, status: 'active' },
    { populate: ['dependant'] },
  );
  const orphans: Patient[] = [];
  for (const link of links) {
    const others = await em.count(FamilyLink, {
      dependant: link.dependant,
      status: 'active',
      guardian: { $ne: patient.id },
    });
    if (others === 0 && !(await em.count(TelegramAccount, { patient: link.dependant })))
      orphans.push(link.dependant);
  }
  return [patient, ...orphans];
}

/** What "delete my data" will cancel, shown before the patient confirms. */
export async function previewDeleteMyData(
  ctx: PatientsCtx & Pick<ApiContext, 'hooks'>,
): Promise<{ items: ErasureItem[] }> {
  const { patient } = await actingPatient(ctx.em, ctx.caller);
  const ids = (await erasedPeople(ctx.em, patient)).map((p) => p.id);
  const items = (
    await Promise.all(ctx.hooks.patientErasure.map((step) => step.preview(ctx.em, ids, ctx.clock.now())))
  )
    .flat()
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return { items };
}

/**
 * "Delete my data": future visits of the patient (and of dependants left with no one) are
 * cancelled first, so the clinic sees why on its day board and the time is free again; then the
 * Telegram account is unlinked and forgotten, consents are withdrawn, the phone and family links
 * are erased. Name, IIN, birth date and sex stay, because the clinic must keep medical records
 * of the visits that happened; they are used for nothing else.
 */
export async function deleteMyData(
  ctx: PatientsCtx & Pick<ApiContext, 'hooks' | 'log'>,
): Promise<{ erased: true; cancelled: number }> {
  return ctx.em.transactional(async (em) => {
    const { account, patient } = await actingPatient(em, ctx.caller);
    const now = ctx.clock.now();
    const ids = (await erasedPeople(em, patient)).map((p) => p.id);
    let cancelled = 0;
    for (const step of ctx.hooks.patientErasure) cancelled += await step.apply({ ...ctx, em }, ids);
    const consents = await currentConsents({ ...ctx, em }, patient.id);
    for (const [purpose, state] of Object.entries(consents)) {
      if (!state?.granted) continue;
      em.persist(
        em.create(ConsentRecord, {
          patient,
          purpose: purpose as ConsentPurpose,
          textVersion: state.version,
          granted: false,
          at: now,
          channel: 'telegram',
        }),
      );
    }
    await setPhone(ctx.vault, patient, null);
    patient.erasedAt = now;
    em.persist(patient);
    // Nobody manages the erased record any more, nor is anyone managed from it.
    await em.nativeDelete(FamilyLink, { $or: [{ guardian: patient.id }, { dependant: patient.id }] });
    await em.nativeUpdate(
      FamilyRequest,
      { $or: [{ requester: patient.id }, { dependant: patient.id }], status: 'pending' },
      { status: 'cancelled', decidedAt: now, decidedBy: 'system' },
    );
    await em.nativeDelete(RegistrationDraft, { telegramUserId: account.telegramUserId });
    em.remove(account);
    audit(em, ctx.caller, now, 'patient.erase', patient.id);
    await em.flush();
    return { erased: true as const, cancelled };
  });
}

/** Bots learn from Telegram that a user blocked them (403, or a my_chat_member update). */
export async function setBlocked(ctx: PatientsCtx, blocked: boolean): Promise<{ blocked: boolean }> {
  const account = await ensureAccount(ctx.em, actingTelegramUser(ctx.caller));
  account.blockedAt = blocked ? ctx.clock.now() : null;
  await ctx.em.persist(account).flush();
  return { blocked };
}
