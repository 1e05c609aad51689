import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../shared/clock.ts';
import type { JobQueue } from '../../../shared/jobs.ts';
import type { Caller } from '../../../shared/roles.ts';
import { type VisitFacts, visitFacts, visitFactsOf } from '../../booking/index.ts';
import { type NotificationSettings, queueNotice, sentSubjects } from '../../notifications/index.ts';
import { managedPatientId, managedPatientIds } from '../../patients/index.ts';
import { openTicketFor } from '../../support/index.ts';
import { FeedbackResponse, FollowUp } from '../entities/feedback.entity.ts';
import { feedbackErrors } from '../feedback.errors.ts';
import { visitNames } from '../feedback.visits.ts';

export type FeedbackCtx = {
  em: EntityManager;
  clock: Clock;
  jobs: JobQueue;
  caller: Caller;
  settings: { notifications: NotificationSettings };
};

/** Scores 0–6 are detractors: each opens a follow-up and alerts the staff chat. */
export const isDetractor = (score: number) => score <= 6;

async function ownVisit(ctx: FeedbackCtx, em: EntityManager, appointmentId: number): Promise<VisitFacts> {
  const visit = await visitFacts(em, appointmentId);
  if (!visit) throw feedbackErrors('not_completed');
  await managedPatientId(em, ctx.caller, visit.patientId);
  return visit;
}

/**
 * The staff alert for each low score, with the comment if the patient left one; the visits and
 * their names are asked for once for all of them.
 */
export async function queueLowScoreAlerts(
  ctx: Omit<FeedbackCtx, 'caller'>,
  responses: readonly FeedbackResponse[],
): Promise<void> {
  const facts = await visitFactsOf(
    ctx.em,
    responses.map((r) => r.appointmentId),
  );
  const visits = new Map(facts.map((v) => [v.id, v]));
  const namesOf = await visitNames(ctx.em, [...visits.values()], { patients: true });
  for (const response of responses) {
    const visit = visits.get(response.appointmentId);
    if (!visit) throw new Error(`visit ${response.appointmentId} of NPS response ${response.id} not found`);
    const names = namesOf(visit);
    await queueNotice(ctx, {
      purpose: 'feedback.low_score',
      target: `response:${response.id}`,
      to: { staffChat: true },
      template: response.comment ? 'staff-low-score-comment' : 'staff-low-score',
      params: {
        score: response.score,
        patient: names.patient,
        doctor: names.doctor,
        service: names.service,
        branch: names.branch,
        at: { at: visit.startsAt.toISOString(), zone: names.timeZone },
        comment: response.comment ?? '',
      },
      priority: 'urgent',
      timeZone: names.timeZone,
      subject: { kind: 'appointment', id: visit.id },
    });
  }
}

/**
 * The patient's score for a completed visit: one per visit. A second tap (or a second device)
 * hears that it was already counted.
 */
export async function answerScore(
  ctx: FeedbackCtx,
  input: { appointmentId: number; score: number },
): Promise<{ score: number; detractor: boolean }> {
  try {
    return await ctx.em.transactional(async (em) => {
      const visit = await ownVisit(ctx, em, input.appointmentId);
      if (visit.status !== 'completed') throw feedbackErrors('not_completed');
      if (await em.count(FeedbackResponse, { appointmentId: visit.id }))
        throw feedbackErrors('already_answered');
      const now = ctx.clock.now();
      const response = em.create(FeedbackResponse, {
        appointmentId: visit.id,
        patientId: visit.patientId,
        branchId: visit.branchId,
        doctorId: visit.doctorId,
        serviceId: visit.serviceId,
        score: input.score,
        answeredAt: now,
      });
      em.persist(response);
      if (isDetractor(input.score))
        em.persist(em.create(FollowUp, { response, status: 'open', openedAt: now }));
      await em.flush();
      // A detractor's visit becomes a support request (kind low_score, one per visit) in the same
      // transaction as the score: an operator can write to the patient in their chat. Feedback
      // calls support's door; support knows nothing of feedback, so the dependency stays one-way.
      const telegramUserId = ctx.caller.kind === 'bot' ? ctx.caller.telegramUserId : undefined;
      if (isDetractor(input.score) && telegramUserId)
        await openTicketFor(
          { em, clock: ctx.clock },
          { patientId: visit.patientId, telegramUserId, kind: 'low_score', appointmentId: visit.id },
        );
      return { score: input.score, detractor: isDetractor(input.score) };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw feedbackErrors('already_answered');
    throw error;
  }
}

/** The optional comment after the score (null: the patient skipped it). */
export async function closeComment(
  ctx: FeedbackCtx,
  input: { appointmentId: number; comment: string | null },
): Promise<{ saved: boolean }> {
  return ctx.em.transactional(async (em) => {
    const visit = await ownVisit(ctx, em, input.appointmentId);
    const response = await em.findOne(
      FeedbackResponse,
      { appointmentId: visit.id },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!response) throw feedbackErrors('not_answered');
    if (response.commentClosedAt) return { saved: false };
    response.comment = input.comment?.trim() || null;
    response.commentClosedAt = ctx.clock.now();
    await em.persist(response).flush();
    if (isDetractor(response.score)) await queueLowScoreAlerts({ ...ctx, em }, [response]);
    return { saved: response.comment !== null };
  });
}

/** How long after it was sent an NPS question may still be answered by typing a number. */
const TYPED_ANSWER_WINDOW_MS = 7 * 24 * 3_600_000;

/**
 * The NPS question the account's patient (or a dependant) may be answering now: the newest one
 * sent to them within a week whose visit has no score yet. A typed "7" answers it like a tap.
 */
export async function openQuestion(ctx: FeedbackCtx): Promise<{ appointmentId: number } | null> {
  const patientIds = await managedPatientIds(ctx.em, ctx.caller);
  const asked = await sentSubjects(ctx.em, {
    purpose: 'feedback.nps',
    patientIds,
    since: new Date(ctx.clock.now().getTime() - TYPED_ANSWER_WINDOW_MS),
  });
  if (asked.length === 0) return null;
  const answered = new Set(
    (
      await ctx.em.find(FeedbackResponse, { appointmentId: { $in: asked } }, { fields: ['appointmentId'] })
    ).map((r) => r.appointmentId),
  );
  const open = asked.find((id) => !answered.has(id));
  return open === undefined ? null : { appointmentId: open };
}
