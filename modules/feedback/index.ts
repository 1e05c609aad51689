/** Feedback: NPS after every completed visit, alerts and follow-ups for low scores, reports. */
import { FeedbackResponse, FollowUp } from './entities/feedback.entity.ts';
import { feedbackErrors } from './feedback.errors.ts';

export { dispatchFeedback, type FeedbackDispatchDeps, feedbackGuard } from './feedback.jobs.ts';
export { feedbackRouter } from './feedback.router.ts';
export type { FeedbackSettings } from './feedback.settings.ts';

export const feedbackModule = {
  name: 'feedback',
  entities: [FeedbackResponse, FollowUp],
  errors: feedbackErrors,
};
