import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { actorOf } from '../../../shared/actor.ts';
import { maskIin } from '../../../shared/iin.ts';
import { type Page, pageOf } from '../../../shared/pages.ts';
import { isoDateOf } from '../../../shared/time.ts';
import { clinicPhone } from '../../clinic/index.ts';
import { ConsentRecord } from '../entities/consent.entity.ts';
import { IdentityCheck, SmsCode } from '../entities/identity.entity.ts';
import { Patient, TelegramAccount } from '../entities/patient.entity.ts';
import { RegistrationDraft } from '../entities/registration-draft.entity.ts';
import { actingTelegramUser, audit } from '../patients.access.ts';
import { onceMore, type PatientsCtx, tellAccount } from '../patients.context.ts';
import { patientErrors } from '../patients.errors.ts';
import { SMS_QUEUE } from '../patients.jobs.ts';
import { phoneOf, provingPhoneOf, setPhone } from '../patients.phone.ts';
import { CODE_POLICY, constantTimeEqual, newCode } from '../patients.policy.ts';
import { displayName, type IdentityCheckView } from '../patients.views.ts';
import { endGuardiansOf } from './manage-guardians.ts';

/** How the person proved they are the one the record is about. */
export type Proof = 'telegram_contact' | 'sms_code' | 'staff';

const codeHashOf = (ctx: Pick<PatientsCtx, 'vault'>, telegramUserId: number, code: string) =>
  ctx.vault.hash(`sms-code:${telegramUserId}:${code}`);

/**
 * Issues a one-time code for the person registering with this draft, to `destination` (null: the
 * clinic's record has no phone, so nothing is sent, but everything else happens the same way).
 * Earlier codes stop working. Refused when this account or this person (by IIN) asked too often.
 */
export async function issueCode(
  ctx: PatientsCtx,
  account: TelegramAccount,
  draft: RegistrationDraft,
  destination: string | null,
): Promise<void> {
  // Accounts asking codes for one person queue here, so the per-person limit holds under a race.
  await ctx.em.execute('select pg_advisory_xact_lock(hashtext(?))', [`sms:${draft.iinHash}`]);
  const now = ctx.clock.now();
  const ms = now.getTime();
  const recentForAccount = await ctx.em.find(
    SmsCode,
    { telegramUserId: account.telegramUserId, createdAt: { $gt: new Date(ms - 3_600_000) } },
    { orderBy: { createdAt: 'asc' } },
  );
  const recentForPerson = await ctx.em.find(
    SmsCode,
    { subjectHash: draft.iinHash!, createdAt: { $gt: new Date(ms - 86_400_000) } },
    { orderBy: { createdAt: 'asc' } },
  );
  const waits: number[] = [];
  const last = recentForAccount.at(-1);
  if (last) waits.push(last.createdAt.getTime() + CODE_POLICY.resendAfterSeconds * 1000 - ms);
  if (recentForAccount.length >= CODE_POLICY.perAccountPerHour)
    waits.push(recentForAccount[0]!.createdAt.getTime() + 3_600_000 - ms);
  if (recentForPerson.length >= CODE_POLICY.perPersonPerDay)
    waits.push(recentForPerson[0]!.createdAt.getTime() + 86_400_000 - ms);
  const wait = Math.max(0, ...waits);
  if (wait > 0) throw patientErrors('code_rate_limited', { retryAfterSeconds: Math.ceil(wait / 1000) });

  await ctx.em.nativeUpdate(
    SmsCode,
    { telegramUserId: account.telegramUserId, usedAt: null },
    { usedAt: now, codeCipher: null },
  );
  const code = newCode();
  const row = ctx.em.create(SmsCode, {
    telegramUserId: account.telegramUserId,
    subjectHash: draft.iinHash!,
    phoneCipher: destination ? await ctx.vault.encrypt(destination) : null,
    codeHash: await codeHashOf(ctx, account.telegramUserId, code),
    codeCipher: destination ? await ctx.vault.encrypt(code) : null,
    language: account.language ?? 'ru',
    createdAt: now,
    expiresAt: new Date(ms + CODE_POLICY.ttlMinutes * 60_000),
  });
  await ctx.em.persist(row).flush();
  if (destination) await ctx.jobs.send(SMS_QUEUE, { codeId: row.id }, { em: ctx.em });
}

/** The draft of a person who must prove who they are, or an error saying they need not. */
async function verifyingDraft(ctx: PatientsCtx, telegramUserId: number) {
  const account = await ctx.em.findOne(TelegramAccount, telegramUserId, {
    populate: ['patient'],
    lockMode: LockMode.PESSIMISTIC_WRITE,
  });
  const draft = await ctx.em.findOne(RegistrationDraft, telegramUserId);
  if (!account || account.patient || !draft?.proofRequestedAt) throw patientErrors('not_verifying');
  return { account, draft };
}

/** "Send the code again". */
export async function resendCode(ctx: PatientsCtx): Promise<{ sent: true }> {
  if (!ctx.settings.patients.smsEnabled) throw patientErrors('sms_unavailable');
  const id = actingTelegramUser(ctx.caller);
  await ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const { account, draft } = await verifyingDraft(tx, id);
    const record = await em.findOne(Patient, { iinHash: draft.iinHash! });
    const phone = await ctx.vault.decrypt(draft.phoneCipher!);
    await issueCode(tx, account, draft, record ? await provingPhoneOf(ctx.vault, record) : phone);
  });
  return { sent: true };
}

/**
 * The code the person typed. A wrong one counts (five tries per code); the right one links the
 * account to the record, or creates the record, provided the code still goes where the record
 * now says (a record created meanwhile by someone else with another phone is not theirs).
 */
export async function verifyCode(ctx: PatientsCtx, input: { code: string }): Promise<{ linked: true }> {
  const id = actingTelegramUser(ctx.caller);
  const now = ctx.clock.now();
  const code = await ctx.em.findOne(
    SmsCode,
    { telegramUserId: id, usedAt: null },
    { orderBy: { id: 'desc' } },
  );
  if (!code || code.expiresAt <= now) throw patientErrors('code_expired');
  // The attempt is counted before the answer is known, atomically and in its own statement:
  // guesses sent side by side cannot share one attempt, and failing the request undoes nothing.
  const counted = (await ctx.em.execute(
    'update patients_sms_code set attempts = attempts + 1 where id = ? and attempts < ? returning attempts',
    [code.id, CODE_POLICY.maxAttempts],
  )) as { attempts: number }[];
  const attempt = counted[0]?.attempts;
  if (attempt === undefined) throw patientErrors('code_expired');
  const given = input.code.replace(/\D/g, '');
  if (!constantTimeEqual(await codeHashOf(ctx, id, given), code.codeHash)) {
    const left = CODE_POLICY.maxAttempts - attempt;
    throw left > 0 ? patientErrors('code_wrong', { attemptsLeft: left }) : patientErrors('code_expired');
  }
  const linked = await ctx.em
    .transactional(async (em) => {
      const tx = { ...ctx, em };
      const { account, draft } = await verifyingDraft(tx, id);
      const record = await em.findOne(Patient, { iinHash: draft.iinHash! });
      const sentTo = code.phoneCipher ? await ctx.vault.decrypt(code.phoneCipher) : null;
      const expected = record
        ? await provingPhoneOf(ctx.vault, record)
        : await ctx.vault.decrypt(draft.phoneCipher!);
      if (sentTo === null || sentTo !== expected || code.subjectHash !== draft.iinHash) return false;
      await finishRegistration(tx, account, draft, 'sms_code', record);
      return true;
    })
    // Someone else created a record for this IIN at the same moment, with their phone: this code
    // proved a phone that is not the record's.
    .catch((error: unknown) => {
      if (error instanceof UniqueConstraintViolationException) return false;
      throw error;
    });
  if (!linked) {
    await ctx.em.nativeUpdate(SmsCode, { id: code.id }, { usedAt: now });
    throw patientErrors('code_expired');
  }
  return { linked: true };
}

/** "Confirm at the desk": the person comes with their ID card; staff find them in the queue. */
export async function requestDeskCheck(ctx: PatientsCtx): Promise<{ requested: true }> {
  const id = actingTelegramUser(ctx.caller);
  await ctx.em.transactional(async (em) => {
    const { draft } = await verifyingDraft({ ...ctx, em }, id);
    if (await em.count(IdentityCheck, { telegramUserId: id, status: 'pending' })) return;
    const now = ctx.clock.now();
    em.persist(
      em.create(IdentityCheck, {
        telegramUserId: id,
        reference: newCode(),
        status: 'pending',
        requestedAt: now,
      }),
    );
    draft.updatedAt = now;
    await em.persist(draft).flush();
  });
  return { requested: true };
}

/** Codes and desk checks of an account stop counting (answers changed, or it is registered). */
export async function cancelProofs(ctx: PatientsCtx, telegramUserId: number, reason: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.em.nativeUpdate(SmsCode, { telegramUserId, usedAt: null }, { usedAt: now, codeCipher: null });
  await ctx.em.nativeUpdate(
    IdentityCheck,
    { telegramUserId, status: 'pending' },
    { status: 'cancelled', decidedAt: now, decidedBy: 'system', reason },
  );
}

/**
 * The person is proven: the account is linked to the clinic's record with that IIN (which keeps
 * its names; it takes the phone only if it has none of the patient's own), or a new record is created from the draft.
 * One Telegram account per record: an account that held it before is unlinked and told. Guardians
 * lose access by default and the person is asked whether to keep any of them.
 */
export async function finishRegistration(
  ctx: PatientsCtx,
  account: TelegramAccount,
  draft: RegistrationDraft,
  proof: Proof,
  /** The clinic's record with the draft's IIN (null: none), when the caller has just looked. */
  known?: Patient | null,
): Promise<Patient> {
  const { em } = ctx;
  const now = ctx.clock.now();
  const phone = await ctx.vault.decrypt(draft.phoneCipher!);
  let patient = known !== undefined ? known : await em.findOne(Patient, { iinHash: draft.iinHash! });
  if (patient) {
    const holder = await em.findOne(TelegramAccount, {
      patient,
      telegramUserId: { $ne: account.telegramUserId },
    });
    if (holder) {
      holder.patient = null;
      holder.registeredAt = null;
      em.persist(holder);
      await em.flush();
      await tellAccount(ctx, {
        telegramUserId: holder.telegramUserId,
        purpose: 'identity.moved',
        target: `patient:${patient.id}@${now.getTime()}`,
        template: 'identity-moved',
        // It asks them to call if it was not them: with the number to call.
        params: { phone: await clinicPhone(em) },
        urgent: true,
      });
    }
    patient.erasedAt = null;
    // A number the desk noted for them (a relative's) gives way to the person's own, now proven.
    if (!patient.phoneCipher || !patient.phoneIsOwn) await setPhone(ctx.vault, patient, phone);
    audit(em, ctx.caller, now, `patient.link_telegram.${proof}`, patient.id);
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
    });
    await setPhone(ctx.vault, patient, phone);
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
  await cancelProofs(ctx, account.telegramUserId, 'registered');
  await endGuardiansOf(ctx, patient, account.telegramUserId, 'dependant_registered');
  audit(em, ctx.caller, now, 'patient.register', patient.id);
  await em.flush();
  return patient;
}

// The desk's queue.

async function checkView(ctx: PatientsCtx, check: IdentityCheck): Promise<IdentityCheckView> {
  const draft = await ctx.em.findOne(RegistrationDraft, check.telegramUserId);
  // Once approved the draft is gone: the record is the one the account now holds.
  const record = draft?.iinHash
    ? await ctx.em.findOne(Patient, { iinHash: draft.iinHash })
    : check.status === 'approved'
      ? ((await ctx.em.findOne(TelegramAccount, check.telegramUserId, { populate: ['patient'] }))?.patient ??
        null)
      : null;
  return {
    id: check.id,
    requestedAt: check.requestedAt,
    status: check.status,
    typed: {
      lastName: draft?.lastName ?? null,
      firstName: draft?.firstName ?? null,
      middleName: draft?.middleName || null,
      birthDate: draft?.birthDate ? isoDateOf(draft.birthDate) : null,
      sex: draft?.sex ?? null,
      iinMasked: draft?.iinLast4 ? maskIin(draft.iinLast4) : null,
      phone: draft?.phoneCipher ? await ctx.vault.decrypt(draft.phoneCipher) : null,
    },
    record: record
      ? {
          id: record.id,
          name: displayName(record),
          birthDate: isoDateOf(record.birthDate),
          phoneMasked: record.phoneCipher ? `••• ${(await phoneOf(ctx.vault, record))!.slice(-4)}` : null,
        }
      : null,
    otherPendingForIin: draft?.iinHash ? await otherPendingFor(ctx, draft.iinHash, check.id) : 0,
  };
}

/** How many other people wait at the desk with the same IIN in their answers. */
async function otherPendingFor(ctx: PatientsCtx, iinHash: string, checkId: number): Promise<number> {
  const rows = (await ctx.em.execute(
    `select count(*)::int as n from patients_identity_check c
       join patients_registration_draft d on d.telegram_user_id = c.telegram_user_id
      where c.status = 'pending' and d.iin_hash = ? and c.id <> ?`,
    [iinHash, checkId],
  )) as { n: number }[];
  return rows[0]?.n ?? 0;
}

/** People waiting at the desk to be confirmed (oldest first); reading the queue is audited. */
export async function listIdentityChecks(
  ctx: PatientsCtx,
  input: { status: 'pending' | 'approved' | 'rejected' | 'cancelled'; cursor?: number | null; limit: number },
): Promise<Page<IdentityCheckView>> {
  const waiting = input.status === 'pending';
  const checks = await ctx.em.find(
    IdentityCheck,
    {
      status: input.status,
      ...(input.cursor ? { id: waiting ? { $gt: input.cursor } : { $lt: input.cursor } } : {}),
    },
    { orderBy: { id: waiting ? 'asc' : 'desc' }, limit: input.limit + 1 },
  );
  const page = pageOf(checks, input.limit, (c) => c.id);
  const views = await Promise.all(page.items.map((c) => checkView(ctx, c)));
  for (const v of views)
    if (v.record) audit(ctx.em, ctx.caller, ctx.clock.now(), 'patient.identity_queue', v.record.id);
  await ctx.em.flush();
  return { items: views, nextCursor: page.nextCursor };
}

/**
 * Staff saw the person's ID card: approve (the account is linked or the record created, as with
 * a code) or reject (the person may try again). Either way the person is told in their language.
 */
export async function decideIdentityCheck(
  ctx: PatientsCtx,
  input: { id: number; approve: boolean; reference?: string | null; reason?: string | null },
): Promise<IdentityCheckView> {
  const now = ctx.clock.now();
  // (A record created for the IIN meanwhile: the second try links to it; staff saw the ID card.)
  await onceMore(() =>
    ctx.em.transactional(async (em) => {
      const tx = { ...ctx, em };
      const check = await em.findOne(IdentityCheck, input.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!check) throw patientErrors('check_not_found');
      if (check.status !== 'pending') throw patientErrors('check_decided', { status: check.status });
      // Only the person holding the phone with this request knows its reference.
      if (input.approve && input.reference?.replace(/\D/g, '') !== check.reference)
        throw patientErrors('check_reference');
      const { account, draft } = await verifyingDraft(tx, check.telegramUserId);
      check.decidedAt = now;
      check.decidedBy = actorOf(ctx.caller);
      check.reason = input.reason ?? null;
      if (input.approve) {
        const patient = await finishRegistration(tx, account, draft, 'staff');
        check.status = 'approved';
        await tellAccount(tx, {
          telegramUserId: account.telegramUserId,
          purpose: 'identity.approved',
          target: `check:${check.id}`,
          template: 'identity-approved',
          params: { name: patient.firstName },
          // The person is at the desk, waiting for it.
          urgent: true,
        });
      } else {
        check.status = 'rejected';
        await tellAccount(tx, {
          telegramUserId: account.telegramUserId,
          purpose: 'identity.rejected',
          target: `check:${check.id}`,
          template: 'identity-rejected',
          urgent: true,
        });
      }
      em.persist(check);
      audit(
        em,
        ctx.caller,
        now,
        input.approve ? 'patient.identity_approved' : 'patient.identity_rejected',
        account.patient?.id ?? null,
      );
      await em.flush();
    }),
  );
  const em = ctx.em.fork();
  return checkView({ ...ctx, em }, await em.findOneOrFail(IdentityCheck, input.id));
}
