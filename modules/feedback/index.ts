/** Feedback: NPS after every completed visit, alerts and follow-ups for low scores, reports. */
import { defineModule, foreignKey } from '../../shared/module.ts';
import { FeedbackResponse, FollowUp } from './entities/feedback.entity.ts';
import { feedbackErrors } from './feedback.errors.ts';
import { dispatchFeedback, feedbackGuard } from './feedback.jobs.ts';
import { feedbackRouter } from './feedback.router.ts';
import { feedbackEnv, feedbackSettings } from './feedback.settings.ts';

export type { FeedbackSettings } from './feedback.settings.ts';
export { NPS_GROUPS, type NpsGroup, npsAudienceSql } from './use-cases/audience.ts';
export { type NpsGroupBy, type NpsPoint, npsOverTime } from './use-cases/figures.ts';

export const feedbackModule = defineModule({
  name: 'feedback',
  entities: [FeedbackResponse, FollowUp],
  foreignKeys: [foreignKey(FeedbackResponse, 'appointmentId', 'Appointment')],
  routers: { feedback: feedbackRouter },
  errors: feedbackErrors,
  dispatch: dispatchFeedback,
  deliveryChecks: { feedback: feedbackGuard },
  env: feedbackEnv,
  settings: feedbackSettings,
});
