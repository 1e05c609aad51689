import type { EntityManager } from '@mikro-orm/postgresql';
import { BUTTONS } from '../../shared/buttons.ts';
import type { Clock } from '../../shared/clock.ts';
import type { JobQueue } from '../../shared/jobs.ts';
import type { Logger } from '../../shared/log.ts';
import { completedVisits } from '../booking/index.ts';
import { type DeliveryGuard, type NotificationSettings, queueNotice } from '../notifications/index.ts';
import { FeedbackResponse } from './entities/feedback.entity.ts';
import { visitNames } from './feedback.visits.ts';
import { isDetractor, queueLowScoreAlerts } from './use-cases/answer-nps.ts';

export interface FeedbackDispatchDeps {
  em: () => EntityManager;
  clock: Clock;
  jobs: JobQueue;
  settings: { notifications: NotificationSettings; feedback: { npsDelayMinutes: number } };
  log: Logger;
}

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const score = (appointmentId: number, score: number) => BUTTONS.npsScore.data({ appointmentId, score });
/** How long a detractor has to add a comment before the staff are alerted without it. */
const COMMENT_GRACE_MS = 15 * 60_000;

/**
 * Every minute: the NPS question for visits completed at least the configured delay ago (quiet
 * hours apply, so a late evening visit is asked the next morning), and staff alerts for low
 * scores whose comment never came.
 */
export async function dispatchFeedback(deps: FeedbackDispatchDeps): Promise<number> {
  const now = deps.clock.now().getTime();
  const em = deps.em();
  const delay = deps.settings.feedback.npsDelayMinutes * 60_000;
  const completed = await completedVisits(em, {
    after: new Date(now - delay - WEEK),
    until: new Date(now - delay),
    limit: 1000,
  });
  const names = await visitNames(em, completed, { patients: false });
  let queued = 0;
  for (const visit of completed) {
    const { doctor, service, timeZone } = names(visit);
    const asked = await em.transactional((tx) =>
      queueNotice(
        { ...deps, em: tx },
        {
          purpose: 'feedback.nps',
          target: `appointment:${visit.id}`,
          to: { patientId: visit.patientId },
          template: 'nps-question',
          params: {
            doctor,
            service,
            at: { at: visit.startsAt.toISOString(), zone: timeZone },
          },
          buttons: [
            [0, 1, 2, 3, 4, 5].map((n) => ({ label: `nps-${n}`, data: score(visit.id, n) })),
            [6, 7, 8, 9, 10].map((n) => ({ label: `nps-${n}`, data: score(visit.id, n) })),
          ],
          timeZone,
          subject: { kind: 'appointment', id: visit.id },
          guard: { kind: 'feedback', appointmentId: visit.id },
        },
      ),
    );
    if (asked) queued += 1;
  }
  // Low scores whose comment never came, from the last week (an alert already queued is not
  // queued again; older ones were alerted long ago, so the list does not grow with time).
  const silent = await em.find(FeedbackResponse, {
    commentClosedAt: null,
    answeredAt: { $lte: new Date(now - COMMENT_GRACE_MS), $gt: new Date(now - COMMENT_GRACE_MS - WEEK) },
  });
  const detractors = silent.filter((r) => isDetractor(r.score));
  if (detractors.length) await em.transactional((tx) => queueLowScoreAlerts({ ...deps, em: tx }, detractors));
  if (queued) deps.log.info({ queued }, 'NPS questions queued');
  return queued;
}

/** The question goes out only while the visit has no answer yet. */
export const feedbackGuard: DeliveryGuard = async (em, spec) =>
  (await em.count(FeedbackResponse, { appointmentId: spec.appointmentId as number })) === 0;
