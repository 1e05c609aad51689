import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { actorOf } from '../../../shared/actor.ts';
import { BUTTONS } from '../../../shared/buttons.ts';
import { ageOn, maskIin } from '../../../shared/iin.ts';
import { type Page, pageOf } from '../../../shared/pages.ts';
import type { Caller } from '../../../shared/roles.ts';
import { isoDateOf } from '../../../shared/time.ts';
import { clinicPhone } from '../../clinic/index.ts';
import { type Approver, FamilyRequest } from '../entities/identity.entity.ts';
import { FamilyLink, Patient } from '../entities/patient.entity.ts';
import { actingPatient, audit } from '../patients.access.ts';
import { onceMore, type PatientsCtx, tellAccount, todayOf } from '../patients.context.ts';
import { patientErrors } from '../patients.errors.ts';
import { checkIin, namesMatch, normalizeName } from '../patients.policy.ts';
import type { addDependantInput } from '../patients.schemas.ts';
import {
  type DependantView,
  displayName,
  type FamilyRequestStaffView,
  type FamilyView,
  patientSummary,
} from '../patients.views.ts';
import { accountOf } from './manage-guardians.ts';

/** Checks an IIN before a form goes on to the next question (the add re-checks it). */
export async function checkIinFacts(
  ctx: PatientsCtx,
  iin: string,
): Promise<{ birthDate: string; sex: 'male' | 'female' }> {
  const facts = checkIin(iin, todayOf(ctx));
  return { birthDate: facts.birthDate, sex: facts.sex };
}

async function familyOf(em: EntityManager, guardian: Patient): Promise<FamilyView> {
  const links = await em.find(
    FamilyLink,
    { guardian, status: 'active' },
    { populate: ['dependant'], orderBy: { id: 'asc' } },
  );
  const requests = await em.find(
    FamilyRequest,
    { requester: guardian, status: 'pending' },
    { orderBy: { id: 'asc' } },
  );
  return {
    dependants: links.map((l): DependantView => ({ ...patientSummary(l.dependant), relation: l.relation })),
    requests: requests.map((r) => ({
      id: r.id,
      lastName: r.lastName,
      firstName: r.firstName,
      relation: r.relation,
      createdAt: r.createdAt,
    })),
  };
}

export async function listFamily(ctx: PatientsCtx): Promise<FamilyView> {
  const { patient } = await actingPatient(ctx.em, ctx.caller);
  return familyOf(ctx.em, patient);
}

/**
 * Who must agree before this account may manage someone the clinic knows, or an adult: the person
 * themselves if they have an account; for a minor, an existing guardian; otherwise staff (an
 * adult's guardian never gives the adult away).
 */
async function approverFor(
  em: EntityManager,
  record: Patient | null,
  match: boolean,
  minor: boolean,
): Promise<Approver> {
  if (!record || !match) return 'staff';
  if (await accountOf(em, record)) return 'self';
  if (minor && (await em.count(FamilyLink, { dependant: record, status: 'active' }))) return 'guardian';
  return 'staff';
}

/**
 * Adds someone to the account's family. A child the clinic does not know yet becomes a new record
 * in this account's care at once. Anyone else (a child the clinic knows, any adult) is only asked
 * for: the person themselves, an existing guardian or staff approve, and until then the requester
 * sees nothing of the record. The answer is the same whether the names matched, whether the
 * person has an account or guardians, and for a known child as for an adult: "asked".
 */
export async function addDependant(
  ctx: PatientsCtx,
  input: z.output<typeof addDependantInput>,
): Promise<{ outcome: 'added' | 'requested'; family: FamilyView }> {
  const today = todayOf(ctx);
  const facts = checkIin(input.iin, today);
  const typed = {
    lastName: normalizeName(input.lastName),
    firstName: normalizeName(input.firstName),
    middleName: input.middleName ? normalizeName(input.middleName) : null,
  };
  const hash = await ctx.vault.hash(facts.iin);
  const now = ctx.clock.now();
  const outcome = await onceMore(() =>
    ctx.em.transactional(async (em) => {
      const tx = { ...ctx, em };
      const { patient: guardian } = await actingPatient(em, ctx.caller);
      // One family changes at a time, so the limit holds under double taps.
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`family:${guardian.id}`]);
      if (guardian.iinHash === hash) throw patientErrors('dependant_is_self');
      const record = await em.findOne(Patient, { iinHash: hash });
      if (record && (await em.count(FamilyLink, { guardian, dependant: record, status: 'active' })))
        throw patientErrors('dependant_exists');
      if (await em.count(FamilyRequest, { requester: guardian, iinHash: hash, status: 'pending' }))
        throw patientErrors('request_pending');
      const max = ctx.settings.patients.maxDependants;
      const taken =
        (await em.count(FamilyLink, { guardian, status: 'active' })) +
        (await em.count(FamilyRequest, { requester: guardian, status: 'pending' }));
      if (taken >= max) throw patientErrors('dependants_limit', { max });

      const minor = ageOn(facts.birthDate, today) < ctx.settings.patients.adultAge;
      if (!record && minor) {
        const child = em.create(Patient, {
          ...typed,
          iinCipher: await ctx.vault.encrypt(facts.iin),
          iinHash: hash,
          iinLast4: facts.iin.slice(-4),
          birthDate: facts.birthDate,
          sex: facts.sex,
        });
        em.persist(child);
        em.persist(
          em.create(FamilyLink, {
            guardian,
            dependant: child,
            relation: input.relation,
            untilAdult: true,
            grantedBy: 'creator',
          }),
        );
        await em.flush();
        audit(em, ctx.caller, now, 'patient.add_dependant', child.id);
        await em.flush();
        return 'added' as const;
      }

      const match = record ? namesMatch(record, typed) : true;
      const request = em.create(FamilyRequest, {
        requester: guardian,
        dependant: record,
        iinCipher: await ctx.vault.encrypt(facts.iin),
        iinHash: hash,
        iinLast4: facts.iin.slice(-4),
        birthDate: facts.birthDate,
        sex: facts.sex,
        ...typed,
        relation: input.relation,
        approver: await approverFor(em, record, match, minor),
        namesMatch: match,
        createdAt: now,
      });
      await em.persist(request).flush();
      await askApprovers(tx, request, guardian);
      audit(em, ctx.caller, now, 'family.request', record?.id ?? null);
      await em.flush();
      return 'requested' as const;
    }),
  );
  const em = ctx.em.fork();
  return { outcome, family: await familyOf(em, (await actingPatient(em, ctx.caller)).patient) };
}

/** The person themselves, or each of their guardians, get the request with two buttons. */
async function askApprovers(ctx: PatientsCtx, request: FamilyRequest, requester: Patient): Promise<void> {
  if (request.approver === 'staff' || !request.dependant) return;
  const accounts =
    request.approver === 'self'
      ? [await accountOf(ctx.em, request.dependant)]
      : await Promise.all(
          (await ctx.em.find(FamilyLink, { dependant: request.dependant, status: 'active' })).map((l) =>
            accountOf(ctx.em, l.guardian),
          ),
        );
  for (const account of accounts) {
    if (!account) continue;
    await tellAccount(ctx, {
      telegramUserId: account.telegramUserId,
      purpose: 'family.request',
      target: `request:${request.id}`,
      template: request.approver === 'self' ? 'family-request-self' : 'family-request-guardian',
      params: {
        requester: displayName(requester),
        name: displayName(request.dependant),
        relation: { text: `relation-${request.relation}` },
      },
      buttons: [
        [
          {
            label: 'family-request-allow',
            data: BUTTONS.familyRequest.data({ answer: 'ok', requestId: request.id }),
          },
          {
            label: 'family-request-decline',
            data: BUTTONS.familyRequest.data({ answer: 'no', requestId: request.id }),
          },
        ],
      ],
    });
  }
}

/**
 * Settles a request (the first answer counts): on approval the record (created now for an adult
 * the clinic did not know) comes into the requester's care; the requester hears either way.
 */
async function settle(
  ctx: PatientsCtx,
  request: FamilyRequest,
  approve: boolean,
): Promise<'approved' | 'declined' | 'pending'> {
  const { em } = ctx;
  const now = ctx.clock.now();
  let dependant = request.dependant ?? (await em.findOne(Patient, { iinHash: request.iinHash }));
  if (approve && !request.dependant && dependant) {
    // The clinic now has a record with this IIN (the person registered meanwhile): whoever
    // approved saw none, so the request goes to whoever must answer for that record.
    request.dependant = dependant;
    request.namesMatch = namesMatch(dependant, request);
    const minor = ageOn(isoDateOf(dependant.birthDate), todayOf(ctx)) < ctx.settings.patients.adultAge;
    request.approver = await approverFor(em, dependant, request.namesMatch, minor);
    await em.persist(request).flush();
    await askApprovers(ctx, request, request.requester);
    return 'pending';
  }
  request.status = approve ? 'approved' : 'declined';
  request.decidedAt = now;
  request.decidedBy = actorOf(ctx.caller);
  if (approve) {
    if (!dependant) {
      dependant = em.create(Patient, {
        lastName: request.lastName,
        firstName: request.firstName,
        middleName: request.middleName ?? null,
        iinCipher: request.iinCipher,
        iinHash: request.iinHash,
        iinLast4: request.iinLast4,
        birthDate: request.birthDate,
        sex: request.sex,
      });
      em.persist(dependant);
      request.dependant = dependant;
    }
    // Flushed first: a query naming an entity without an id would drop that condition.
    await em.flush();
    const untilAdult = ageOn(isoDateOf(dependant.birthDate), todayOf(ctx)) < ctx.settings.patients.adultAge;
    const link = await em.findOne(FamilyLink, { guardian: request.requester.id, dependant: dependant.id });
    const fields = {
      relation: request.relation,
      status: 'active' as const,
      untilAdult,
      grantedBy: request.decidedBy,
      endedAt: null,
      endedReason: null,
    };
    if (link) Object.assign(link, fields);
    else em.persist(em.create(FamilyLink, { guardian: request.requester, dependant, ...fields }));
  }
  em.persist(request);
  await em.flush();
  audit(
    em,
    ctx.caller,
    now,
    approve ? 'family.request_approved' : 'family.request_declined',
    dependant?.id ?? null,
  );
  const requesterAccount = await accountOf(em, request.requester);
  if (requesterAccount) {
    await tellAccount(ctx, {
      telegramUserId: requesterAccount.telegramUserId,
      purpose: 'family.request_settled',
      target: `request:${request.id}`,
      template: approve ? 'family-request-approved' : 'family-request-declined',
      // A refusal asks them to come to the clinic with papers: with the number to call first.
      params: { name: `${request.lastName} ${request.firstName}`, phone: await clinicPhone(em) },
    });
  }
  await em.flush();
  return request.status;
}

async function lockedRequest(em: EntityManager, id: number) {
  const request = await em.findOne(FamilyRequest, id, {
    lockMode: LockMode.PESSIMISTIC_WRITE,
    populate: ['requester', 'dependant'],
  });
  if (!request) throw patientErrors('request_not_found');
  return request;
}

/**
 * The person or a guardian answers a request from its buttons. Anyone else (a forged button)
 * hears "not found"; an answer after the first hears it was answered already.
 */
export async function answerFamilyRequest(
  ctx: PatientsCtx,
  input: { requestId: number; approve: boolean },
): Promise<{ status: 'approved' | 'declined' }> {
  return ctx.em.transactional(async (em) => {
    const { patient: me } = await actingPatient(em, ctx.caller);
    const request = await lockedRequest(em, input.requestId);
    const dependant = request.dependant;
    const mayAnswer =
      dependant !== null &&
      dependant !== undefined &&
      (request.approver === 'self'
        ? dependant.id === me.id
        : request.approver === 'guardian' &&
          (await em.count(FamilyLink, { guardian: me, dependant, status: 'active' })) > 0);
    if (!mayAnswer) throw patientErrors('request_not_found');
    if (request.status !== 'pending') throw patientErrors('request_answered');
    const status = await settle({ ...ctx, em }, request, input.approve);
    return { status: status === 'declined' ? ('declined' as const) : ('approved' as const) };
  });
}

/** The requester withdraws a pending request. */
export async function cancelFamilyRequest(ctx: PatientsCtx, requestId: number): Promise<FamilyView> {
  const { patient } = await actingPatient(ctx.em, ctx.caller);
  const cancelled = await ctx.em.nativeUpdate(
    FamilyRequest,
    { id: requestId, requester: patient, status: 'pending' },
    { status: 'cancelled', decidedAt: ctx.clock.now(), decidedBy: actorOf(ctx.caller) },
  );
  if (!cancelled) throw patientErrors('request_not_found');
  return familyOf(ctx.em, patient);
}

/** Staff's queue of family requests (staff may settle any pending one, e.g. after seeing papers). */
export async function listFamilyRequests(
  ctx: PatientsCtx,
  input: { status: 'pending' | 'approved' | 'declined' | 'cancelled'; cursor?: number | null; limit: number },
): Promise<Page<FamilyRequestStaffView>> {
  const waiting = input.status === 'pending';
  const found = await ctx.em.find(
    FamilyRequest,
    {
      status: input.status,
      ...(input.cursor ? { id: waiting ? { $gt: input.cursor } : { $lt: input.cursor } } : {}),
    },
    {
      populate: ['requester', 'dependant'],
      orderBy: { id: waiting ? 'asc' : 'desc' },
      limit: input.limit + 1,
    },
  );
  const { items: requests, nextCursor } = pageOf(found, input.limit, (r) => r.id);
  for (const r of requests)
    audit(ctx.em, ctx.caller, ctx.clock.now(), 'family.request_read', r.dependant?.id ?? null);
  await ctx.em.flush();
  return {
    nextCursor,
    items: requests.map((r) => ({
      id: r.id,
      requester: { id: r.requester.id, name: displayName(r.requester) },
      typed: {
        lastName: r.lastName,
        firstName: r.firstName,
        middleName: r.middleName ?? null,
        birthDate: isoDateOf(r.birthDate),
        iinMasked: maskIin(r.iinLast4),
      },
      relation: r.relation,
      approver: r.approver,
      namesMatch: r.namesMatch,
      record: r.dependant
        ? { id: r.dependant.id, name: displayName(r.dependant), birthDate: isoDateOf(r.dependant.birthDate) }
        : null,
      status: r.status,
      createdAt: r.createdAt,
    })),
  };
}

/**
 * Staff settle a request. `pending` means the clinic meanwhile got a record with that IIN and the
 * request went to whoever answers for it: look at it again in the queue.
 */
export async function decideFamilyRequest(
  ctx: PatientsCtx,
  input: { id: number; approve: boolean },
): Promise<{ status: 'approved' | 'declined' | 'pending' }> {
  return onceMore(() =>
    ctx.em.transactional(async (em) => {
      const request = await lockedRequest(em, input.id);
      if (request.status !== 'pending') throw patientErrors('request_answered');
      return { status: await settle({ ...ctx, em }, request, input.approve) };
    }),
  );
}

/** The guardian stops managing someone (they stay a patient of the clinic). */
export async function removeDependant(ctx: PatientsCtx, dependantId: number): Promise<FamilyView> {
  const { patient: guardian } = await actingPatient(ctx.em, ctx.caller);
  const removed = await ctx.em.nativeDelete(FamilyLink, {
    guardian,
    dependant: dependantId,
    status: 'active',
  });
  if (!removed) throw patientErrors('dependant_not_found');
  audit(ctx.em, ctx.caller, ctx.clock.now(), 'patient.remove_dependant', dependantId);
  await ctx.em.flush();
  return familyOf(ctx.em, guardian);
}

/**
 * The patients a Telegram user may act for: themselves and those in their active care. Other
 * modules (booking, feedback) check every access against it.
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
    { guardian: patient, dependant: patientId, status: 'active' },
    { populate: ['dependant'] },
  );
  if (!link) throw patientErrors('dependant_not_found');
  return link.dependant;
}

/** The id of the patient the caller acts for (themselves or a dependant); refused otherwise. */
export async function managedPatientId(
  em: EntityManager,
  caller: Caller,
  patientId: number | null,
): Promise<number> {
  return (await managedPatient(em, caller, patientId)).id;
}

/** Ids of the patients a Telegram user acts for: themselves first, then their dependants. */
export async function managedPatientIds(em: EntityManager, caller: Caller): Promise<number[]> {
  const { patient } = await actingPatient(em, caller);
  const links = await em.find(
    FamilyLink,
    { guardian: patient, status: 'active' },
    { orderBy: { id: 'asc' } },
  );
  return [patient.id, ...links.map((l) => l.dependant.id)];
}
