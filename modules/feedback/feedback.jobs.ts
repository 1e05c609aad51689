import type { EntityManager } from '@mikro-orm/postgresql';
import { BUTTONS } from '../../shared/buttons.ts';
import type { Clock } from '../../shared/clock.ts';
import type { JobQueue } from '../../shared/jobs.ts';
import type { Logger } from '../../shared/log.ts';
import { completedVisits } from '../booking/index.ts';
import { type DeliveryGuard, type NotificationSettings, queueNotice } from '../notifications/index.ts';
import { FeedbackResponse } from './entities/feedback.entity.ts';
import { visitNames } from './feedback.visits.ts';
import { isDetractor, queueLowScoreAlert } from './use-cases/answer-nps.ts';

export interface FeedbackDispatchDeps {
  em: () => EntityManager;
  clock: Clock;
  jobs: JobQueue;
  settings: { notifications: NotificationSettings; feedback: { npsDelayMinutes: number } };
  log: Logger;
}

const HOUR = 3_600_000;
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
    after: new Date(now - delay - 7 * 24 * HOUR),
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
          appointmentId: visit.id,
          guard: { kind: 'feedback', appointmentId: visit.id },
        },
      ),
    );
    if (asked) queued += 1;
  }
  const silent = await em.find(FeedbackResponse, {
    commentClosedAt: null,
    score: { $lte: 6 },
    answeredAt: { $lte: new Date(now - COMMENT_GRACE_MS) },
  });
  for (const response of silent) {
    if (isDetractor(response.score))
      await em.transactional((tx) => queueLowScoreAlert({ ...deps, em: tx }, response));
  }
  if (queued) deps.log.info({ queued }, 'NPS questions queued');
  return queued;
}

/** The question goes out only while the visit has no answer yet. */
export const feedbackGuard: DeliveryGuard = async (em, spec) =>
  (await em.count(FeedbackResponse, { appointmentId: spec.appointmentId as number })) === 0;
