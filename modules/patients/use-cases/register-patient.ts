import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { Clock } from '../../../shared/clock.ts';
import { maskIin } from '../../../shared/iin.ts';
import type { Language } from '../../../shared/localized.ts';
import type { Caller } from '../../../shared/roles.ts';
import { isoDateOf, KAZAKHSTAN_ZONE, localDate } from '../../../shared/time.ts';
import type { Vault } from '../../../shared/vault.ts';
import { ConsentRecord } from '../entities/consent.entity.ts';
import { Patient, TelegramAccount } from '../entities/patient.entity.ts';
import { RegistrationDraft } from '../entities/registration-draft.entity.ts';
import { actingTelegramUser, audit } from '../patients.access.ts';
import { patientErrors } from '../patients.errors.ts';
import {
  CONSENT_TEXT_VERSION,
  checkIin,
  checkPhone,
  nextRegistrationStep,
  normalizeName,
} from '../patients.policy.ts';
import type { editFieldInput, namePartInput, phoneInput } from '../patients.schemas.ts';
import {
  type MeView,
  type PatientSummary,
  patientSummary,
  type RegistrationView,
} from '../patients.views.ts';

export type PatientsCtx = { em: EntityManager; clock: Clock; vault: Vault; caller: Caller };

export async function getMe(ctx: PatientsCtx): Promise<MeView> {
  const account = await ctx.em.findOne(TelegramAccount, actingTelegramUser(ctx.caller), {
    populate: ['patient'],
  });
  return {
    language: account?.language ?? null,
    registered: Boolean(account?.patient),
    firstName: account?.patient?.firstName ?? null,
  };
}

/** The account of a Telegram user, created at first need. */
export async function ensureAccount(em: EntityManager, telegramUserId: number): Promise<TelegramAccount> {
  await em.upsert(TelegramAccount, { telegramUserId }, { onConflictAction: 'ignore' });
  return em.findOneOrFail(TelegramAccount, telegramUserId, { populate: ['patient'], refresh: true });
}

async function ensureDraft(em: EntityManager, telegramUserId: number): Promise<RegistrationDraft> {
  await em.upsert(RegistrationDraft, { telegramUserId }, { onConflictAction: 'ignore' });
  return em.findOneOrFail(RegistrationDraft, telegramUserId, { refresh: true });
}

function view(account: TelegramAccount | null, draft: RegistrationDraft | null): RegistrationView {
  const step = nextRegistrationStep({
    registered: Boolean(account?.patient),
    language: account?.language ?? null,
    consentVersion: draft?.consentVersion ?? null,
    consentsAccepted: Boolean(draft?.consentsAcceptedAt),
    marketingAnswered: Boolean(draft?.marketingAnsweredAt),
    phone: draft?.phone ?? null,
    lastName: draft?.lastName ?? null,
    firstName: draft?.firstName ?? null,
    middleName: draft?.middleName ?? null,
    iin: Boolean(draft?.iinHash),
  });
  return {
    step,
    language: account?.language ?? null,
    consentVersion: CONSENT_TEXT_VERSION,
    draft: {
      phone: draft?.phone ?? null,
      lastName: draft?.lastName ?? null,
      firstName: draft?.firstName ?? null,
      middleName: draft?.middleName ?? null,
      iinMasked: draft?.iinLast4 ? maskIin(draft.iinLast4) : null,
      birthDate: draft?.birthDate ? isoDateOf(draft.birthDate) : null,
      sex: draft?.sex ?? null,
      marketingOptIn: draft?.marketingOptIn ?? null,
    },
  };
}

export async function getRegistration(ctx: PatientsCtx): Promise<RegistrationView> {
  const id = actingTelegramUser(ctx.caller);
  const account = await ctx.em.findOne(TelegramAccount, id, { populate: ['patient'] });
  const draft = await ctx.em.findOne(RegistrationDraft, id);
  return view(account, draft);
}

/** The language everything is said in from now on; also how a registered patient switches. */
export async function chooseLanguage(ctx: PatientsCtx, language: Language): Promise<RegistrationView> {
  const id = actingTelegramUser(ctx.caller);
  const account = await ensureAccount(ctx.em, id);
  account.language = language;
  await ctx.em.persist(account).flush();
  return view(account, await ctx.em.findOne(RegistrationDraft, id));
}

/** Runs a change of the draft once the steps before it are done, and answers the new state. */
async function changeDraft(
  ctx: PatientsCtx,
  change: (draft: RegistrationDraft) => void | Promise<void>,
): Promise<RegistrationView> {
  const id = actingTelegramUser(ctx.caller);
  const account = await ensureAccount(ctx.em, id);
  const draft = await ensureDraft(ctx.em, id);
  if (!account.patient) {
    await change(draft);
    await ctx.em.persist(draft).flush();
  }
  return view(account, draft);
}

export async function answerConsents(
  ctx: PatientsCtx,
  input: { version: string; accepted: boolean },
): Promise<RegistrationView> {
  // The person must have seen the text we now hold them to.
  if (input.version !== CONSENT_TEXT_VERSION) throw patientErrors('consent_outdated');
  return changeDraft(ctx, (draft) => {
    if (!input.accepted) return;
    draft.consentVersion = input.version;
    draft.consentsAcceptedAt = ctx.clock.now();
  });
}

export async function answerMarketing(ctx: PatientsCtx, optIn: boolean): Promise<RegistrationView> {
  return changeDraft(ctx, (draft) => {
    draft.marketingOptIn = optIn;
    draft.marketingAnsweredAt = ctx.clock.now();
  });
}

export async function setRegistrationPhone(
  ctx: PatientsCtx,
  input: z.output<typeof phoneInput>,
): Promise<RegistrationView> {
  const phone = checkPhone(input, actingTelegramUser(ctx.caller));
  return changeDraft(ctx, (draft) => {
    draft.phone = phone;
  });
}

export async function setNamePart(
  ctx: PatientsCtx,
  input: z.output<typeof namePartInput>,
): Promise<RegistrationView> {
  const value = input.value === null ? null : normalizeName(input.value);
  if (value === null && input.part !== 'middle') throw patientErrors('name_invalid');
  return changeDraft(ctx, (draft) => {
    if (input.part === 'last') draft.lastName = value;
    else if (input.part === 'first') draft.firstName = value;
    else draft.middleName = value ?? '';
  });
}

/** An IIN already linked to another Telegram account is refused here, before the summary. */
export async function setRegistrationIin(ctx: PatientsCtx, iin: string): Promise<RegistrationView> {
  const id = actingTelegramUser(ctx.caller);
  const facts = checkIin(iin, localDate(ctx.clock.now(), KAZAKHSTAN_ZONE));
  const hash = await ctx.vault.hash(facts.iin);
  const holder = await ctx.em.findOne(TelegramAccount, { patient: { iinHash: hash } });
  if (holder && holder.telegramUserId !== id) throw patientErrors('iin_taken');
  const cipher = await ctx.vault.encrypt(facts.iin);
  return changeDraft(ctx, (draft) => {
    draft.iinCipher = cipher;
    draft.iinHash = hash;
    draft.iinLast4 = facts.iin.slice(-4);
    draft.birthDate = facts.birthDate;
    draft.sex = facts.sex;
  });
}

/** From the summary: ask again for one of the answers. */
export async function editRegistrationField(
  ctx: PatientsCtx,
  input: z.output<typeof editFieldInput>,
): Promise<RegistrationView> {
  return changeDraft(ctx, (draft) => {
    if (input.field === 'phone') draft.phone = null;
    if (input.field === 'name') {
      draft.lastName = null;
      draft.firstName = null;
      draft.middleName = null;
    }
    if (input.field === 'iin') {
      draft.iinCipher = null;
      draft.iinHash = null;
      draft.iinLast4 = null;
      draft.birthDate = null;
      draft.sex = null;
    }
  });
}

/**
 * Turns the confirmed draft into a patient, or links the existing patient with that IIN (never a
 * duplicate record). Locks the account row, so a second tap waits for the first and then finds
 * the registration done: it answers the same patient instead of creating another.
 */
export async function completeRegistration(ctx: PatientsCtx): Promise<PatientSummary> {
  const id = actingTelegramUser(ctx.caller);
  try {
    return await ctx.em.transactional(async (em) => {
      const account = await em.findOne(TelegramAccount, id, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        populate: ['patient'],
      });
      if (account?.patient) return patientSummary(account.patient);
      const draft = await em.findOne(RegistrationDraft, id);
      if (!account || !draft || view(account, draft).step !== 'summary')
        throw patientErrors('registration_incomplete');
      const now = ctx.clock.now();

      let patient = await em.findOne(Patient, { iinHash: draft.iinHash! });
      if (patient) {
        if (await em.count(TelegramAccount, { patient, telegramUserId: { $ne: id } }))
          throw patientErrors('iin_taken');
        // The clinic's record keeps its names; the patient brings their phone.
        patient.phone = draft.phone;
        patient.erasedAt = null;
        audit(em, ctx.caller, now, 'patient.link_telegram', patient.id);
      } else {
        patient = em.create(Patient, {
          lastName: draft.lastName!,
          firstName: draft.firstName!,
          middleName: draft.middleName || null,
          iinCipher: draft.iinCipher!,
          iinHash: draft.iinHash!,
          iinLast4: draft.iinLast4!,
          birthDate: draft.birthDate!,
          sex: draft.sex!,
          phone: draft.phone,
        });
      }
      em.persist(patient);
      account.patient = patient;
      account.registeredAt = now;
      em.persist(account);

      const grant = (purpose: 'personal_data' | 'medical_data' | 'marketing', at: Date) =>
        em.persist(
          em.create(ConsentRecord, {
            patient: patient!,
            purpose,
            textVersion: draft.consentVersion!,
            granted: true,
            at,
            channel: 'telegram',
          }),
        );
      grant('personal_data', draft.consentsAcceptedAt!);
      grant('medical_data', draft.consentsAcceptedAt!);
      if (draft.marketingOptIn) grant('marketing', draft.marketingAnsweredAt!);
      em.remove(draft);
      await em.flush();
      audit(em, ctx.caller, now, 'patient.register', patient.id);
      await em.flush();
      return patientSummary(patient);
    });
  } catch (error) {
    // Two accounts racing for one IIN: the unique constraints decide, the loser hears why.
    if (error instanceof UniqueConstraintViolationException) throw patientErrors('iin_taken');
    throw error;
  }
}
