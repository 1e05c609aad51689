import { type EntityData, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { maskIin } from '../../../shared/iin.ts';
import type { Language } from '../../../shared/localized.ts';
import { isoDateOf } from '../../../shared/time.ts';
import { IdentityCheck } from '../entities/identity.entity.ts';
import { Patient, TelegramAccount } from '../entities/patient.entity.ts';
import { RegistrationDraft } from '../entities/registration-draft.entity.ts';
import { actingTelegramUser } from '../patients.access.ts';
import { type PatientsCtx, todayOf } from '../patients.context.ts';
import { patientErrors } from '../patients.errors.ts';
import { hasOwnPhone, provingPhoneOf } from '../patients.phone.ts';
import {
  assertAdult,
  CONSENT_TEXT_VERSION,
  checkIin,
  checkPhone,
  nextRegistrationStep,
  normalizeName,
} from '../patients.policy.ts';
import type { editFieldInput, namePartInput, phoneInput } from '../patients.schemas.ts';
import type { MeView, RegistrationView } from '../patients.views.ts';
import {
  cancelProofs,
  finishRegistration,
  issueCode,
  requestDeskCheck,
  resendCode,
  verifyCode,
} from './prove-identity.ts';

export type { PatientsCtx };

export async function getMe(ctx: PatientsCtx): Promise<MeView> {
  return accountView(ctx.em, actingTelegramUser(ctx.caller));
}

/**
 * Who a Telegram user is, as the bot needs it on every update, and for someone not registered yet
 * where registration stands: one query, no entities (it runs for every message and tap, so it
 * stays off the identity map and the hydration).
 */
export async function accountView(em: EntityManager, telegramUserId: number): Promise<MeView> {
  const [row] = (await em.execute(
    `select a.language, a.patient_id, p.first_name, d.consent_version, d.consents_accepted_at is not null as consents,
            d.marketing_answered_at is not null as marketing, d.phone_cipher is not null as phone,
            d.last_name, d.first_name as draft_first_name, d.middle_name, d.iin_hash is not null as iin,
            d.proof_requested_at is not null as proof
       from patients_telegram_account a
       left join patients_patient p on p.id = a.patient_id
       left join patients_registration_draft d on d.telegram_user_id = a.telegram_user_id and a.patient_id is null
      where a.telegram_user_id = ?`,
    [telegramUserId],
  )) as AccountRow[];
  return {
    language: row?.language ?? null,
    registered: row?.patient_id != null,
    patientId: row?.patient_id ?? null,
    firstName: row?.first_name ?? null,
    registrationStep: nextRegistrationStep({
      registered: row?.patient_id != null,
      language: row?.language ?? null,
      consentVersion: row?.consent_version ?? null,
      consentsAccepted: row?.consents ?? false,
      marketingAnswered: row?.marketing ?? false,
      phone: row?.phone ? 'set' : null,
      lastName: row?.last_name ?? null,
      firstName: row?.draft_first_name ?? null,
      middleName: row?.middle_name ?? null,
      iin: row?.iin ?? false,
      proofRequested: row?.proof ?? false,
    }),
  };
}

interface AccountRow {
  language: MeView['language'];
  patient_id: number | null;
  first_name: string | null;
  consent_version: string | null;
  consents: boolean | null;
  marketing: boolean | null;
  phone: boolean | null;
  last_name: string | null;
  draft_first_name: string | null;
  middle_name: string | null;
  iin: boolean | null;
  proof: boolean | null;
}

/** The account of a Telegram user, created at first need (read first: it exists after the first tap). */
export async function ensureAccount(em: EntityManager, telegramUserId: number): Promise<TelegramAccount> {
  const found = await em.findOne(TelegramAccount, telegramUserId, { populate: ['patient'] });
  if (found) return found;
  await em.upsert(TelegramAccount, { telegramUserId }, { onConflictAction: 'ignore' });
  return em.findOneOrFail(TelegramAccount, telegramUserId, { populate: ['patient'], refresh: true });
}

async function ensureDraft(ctx: PatientsCtx, telegramUserId: number): Promise<RegistrationDraft> {
  const found = await ctx.em.findOne(RegistrationDraft, telegramUserId);
  if (found) return found;
  await ctx.em.upsert(
    RegistrationDraft,
    { telegramUserId, updatedAt: ctx.clock.now() },
    { onConflictAction: 'ignore' },
  );
  return ctx.em.findOneOrFail(RegistrationDraft, telegramUserId, { refresh: true });
}

export function draftStep(account: TelegramAccount | null, draft: RegistrationDraft | null) {
  return nextRegistrationStep({
    registered: Boolean(account?.patient),
    language: account?.language ?? null,
    consentVersion: draft?.consentVersion ?? null,
    consentsAccepted: Boolean(draft?.consentsAcceptedAt),
    marketingAnswered: Boolean(draft?.marketingAnsweredAt),
    phone: draft?.phoneCipher ?? null,
    lastName: draft?.lastName ?? null,
    firstName: draft?.firstName ?? null,
    middleName: draft?.middleName ?? null,
    iin: Boolean(draft?.iinHash),
    proofRequested: Boolean(draft?.proofRequestedAt),
  });
}

/** Where registration stands, as the bot shows it: only what the person typed themselves. */
async function view(
  ctx: PatientsCtx,
  account: TelegramAccount | null,
  draft: RegistrationDraft | null,
): Promise<RegistrationView> {
  const step = draftStep(account, draft);
  const desk =
    step === 'verify'
      ? await ctx.em.findOne(IdentityCheck, { telegramUserId: draft!.telegramUserId, status: 'pending' })
      : null;
  return {
    step,
    language: account?.language ?? null,
    consentVersion: CONSENT_TEXT_VERSION,
    verify:
      step === 'verify'
        ? {
            sms: ctx.settings.patients.smsEnabled,
            deskRequested: desk !== null,
            deskReference: desk?.reference ?? null,
          }
        : null,
    firstName: account?.patient?.firstName ?? null,
    draft: {
      phone: draft?.phoneCipher ? await ctx.vault.decrypt(draft.phoneCipher) : null,
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
  const em = ctx.em.fork();
  const account = await em.findOne(TelegramAccount, id, { populate: ['patient'] });
  const draft = await em.findOne(RegistrationDraft, id);
  return view({ ...ctx, em }, account, draft);
}

/** The language everything is said in from now on; also how a registered patient switches. */
export async function chooseLanguage(ctx: PatientsCtx, language: Language): Promise<RegistrationView> {
  const id = actingTelegramUser(ctx.caller);
  const account = await ensureAccount(ctx.em, id);
  account.language = language;
  await ctx.em.persist(account).flush();
  return view(ctx, account, await ctx.em.findOne(RegistrationDraft, id));
}

/** The answers one registration step changes. */
type DraftChange = Omit<EntityData<RegistrationDraft>, 'telegramUserId' | 'updatedAt' | 'proofRequestedAt'>;

/**
 * Changes the draft while the person is not registered yet, and answers the new state. Any answer
 * changed after the summary was confirmed changes what must be proven: codes and a desk request
 * made for the old answers stop counting, and the summary is shown again. The draft is the only
 * row that changes, so it is one UPDATE (a flush would wrap it in BEGIN and COMMIT).
 */
async function changeDraft(ctx: PatientsCtx, change: DraftChange): Promise<RegistrationView> {
  const id = actingTelegramUser(ctx.caller);
  const account = await ensureAccount(ctx.em, id);
  const draft = await ensureDraft(ctx, id);
  if (account.patient) return view(ctx, account, draft);
  const patch: EntityData<RegistrationDraft> = { ...change, updatedAt: ctx.clock.now() };
  if (draft.proofRequestedAt) {
    patch.proofRequestedAt = null;
    await cancelProofs(ctx, id, 'the person changed their answers');
  }
  await ctx.em.nativeUpdate(RegistrationDraft, { telegramUserId: id }, patch);
  // The entity as the row now is, without reading it again and with no change left to flush.
  ctx.em.merge(RegistrationDraft, Object.assign(draft, patch), { refresh: true });
  return view(ctx, account, draft);
}

export async function answerConsents(
  ctx: PatientsCtx,
  input: { version: string; accepted: boolean },
): Promise<RegistrationView> {
  // The person must have seen the text we now hold them to.
  if (input.version !== CONSENT_TEXT_VERSION) throw patientErrors('consent_outdated');
  return changeDraft(
    ctx,
    input.accepted ? { consentVersion: input.version, consentsAcceptedAt: ctx.clock.now() } : {},
  );
}

export async function answerMarketing(ctx: PatientsCtx, optIn: boolean): Promise<RegistrationView> {
  return changeDraft(ctx, { marketingOptIn: optIn, marketingAnsweredAt: ctx.clock.now() });
}

/** A phone shared with Telegram's contact button as the sender's own is one Telegram vouches for. */
export async function setRegistrationPhone(
  ctx: PatientsCtx,
  input: z.output<typeof phoneInput>,
): Promise<RegistrationView> {
  const telegramUserId = actingTelegramUser(ctx.caller);
  const phone = checkPhone(input, telegramUserId);
  const cipher = await ctx.vault.encrypt(phone);
  return changeDraft(ctx, { phoneCipher: cipher, phoneVerified: input.contactUserId === telegramUserId });
}

export async function setNamePart(
  ctx: PatientsCtx,
  input: z.output<typeof namePartInput>,
): Promise<RegistrationView> {
  const value = input.value === null ? null : normalizeName(input.value);
  if (value === null && input.part !== 'middle') throw patientErrors('name_invalid');
  return changeDraft(
    ctx,
    input.part === 'last'
      ? { lastName: value }
      : input.part === 'first'
        ? { firstName: value }
        : { middleName: value ?? '' },
  );
}

/**
 * The IIN: checked, and refused for someone younger than the adult age. Whether the clinic knows
 * it is not looked at here: the answer must be the same either way.
 */
export async function setRegistrationIin(ctx: PatientsCtx, iin: string): Promise<RegistrationView> {
  const facts = checkIin(iin, todayOf(ctx));
  assertAdult(facts, todayOf(ctx), ctx.settings.patients.adultAge);
  const hash = await ctx.vault.hash(facts.iin);
  const cipher = await ctx.vault.encrypt(facts.iin);
  return changeDraft(ctx, {
    iinCipher: cipher,
    iinHash: hash,
    iinLast4: facts.iin.slice(-4),
    birthDate: facts.birthDate,
    sex: facts.sex,
  });
}

/** From the summary (or while proving): ask again for one of the answers. */
export async function editRegistrationField(
  ctx: PatientsCtx,
  input: z.output<typeof editFieldInput>,
): Promise<RegistrationView> {
  const cleared: Record<typeof input.field, DraftChange> = {
    phone: { phoneCipher: null, phoneVerified: false },
    name: { lastName: null, firstName: null, middleName: null },
    iin: { iinCipher: null, iinHash: null, iinLast4: null, birthDate: null, sex: null },
  };
  return changeDraft(ctx, cleared[input.field]);
}

/**
 * The summary is confirmed. The account is linked to the clinic's record at once only when
 * Telegram vouches for a phone the record has as the patient's own; anything else (the IIN is known
 * or not, the phone typed or another one) goes on to the same next step: prove it with a one-time
 * code sent to the patient's own phone the clinic has for that IIN (for a new patient, the phone
 * they gave; none when the record's phone is someone else's), or at the desk. So
 * nothing said here tells whether the clinic knows the IIN. Locks the account row: a double tap
 * waits for the first and finds it done.
 */
export async function completeRegistration(ctx: PatientsCtx): Promise<RegistrationView> {
  const id = actingTelegramUser(ctx.caller);
  await ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const account = await em.findOne(TelegramAccount, id, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      populate: ['patient'],
    });
    if (account?.patient) return;
    const draft = await em.findOne(RegistrationDraft, id);
    const step = draftStep(account, draft);
    if (step === 'verify') return;
    if (!account || !draft || step !== 'summary') throw patientErrors('registration_incomplete');
    const phone = await ctx.vault.decrypt(draft.phoneCipher!);
    const record = await em.findOne(Patient, { iinHash: draft.iinHash! });
    if (record && draft.phoneVerified && (await hasOwnPhone(ctx.vault, record, phone))) {
      await finishRegistration(tx, account, draft, 'telegram_contact', record);
      return;
    }
    draft.proofRequestedAt = ctx.clock.now();
    draft.updatedAt = ctx.clock.now();
    await em.persist(draft).flush();
    if (!ctx.settings.patients.smsEnabled) return;
    try {
      await issueCode(tx, account, draft, record ? await provingPhoneOf(ctx.vault, record) : phone);
    } catch (error) {
      // Codes asked too often (answers edited again and again): the person still reaches the
      // proof step, where the desk is one tap away and "send again" says when it works.
      if (!patientErrors.is(error, 'code_rate_limited')) throw error;
    }
  });
  return getRegistration(ctx);
}

/** The one-time code, typed at the verify step; answers where registration stands after it. */
export async function enterCode(ctx: PatientsCtx, code: string): Promise<RegistrationView> {
  await verifyCode(ctx, { code });
  return getRegistration(ctx);
}

/** "Send the code again". */
export async function sendCodeAgain(ctx: PatientsCtx): Promise<RegistrationView> {
  await resendCode(ctx);
  return getRegistration(ctx);
}

/** "Confirm at the clinic": the desk's queue gets the person. */
export async function askDesk(ctx: PatientsCtx): Promise<RegistrationView> {
  await requestDeskCheck(ctx);
  return getRegistration(ctx);
}
