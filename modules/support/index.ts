/**
 * Support: answers first (the FAQ, searched from what a patient types), then people — tickets
 * answered by operators from the staff group's topics or the API.
 */
import { defineModule, foreignKey } from '../../shared/module.ts';
import { FaqCategory, FaqEntry, Ticket, TicketMessage } from './entities/support.entity.ts';
import { supportErrors } from './support.errors.ts';
import { dispatchSupport, topicRelay } from './support.jobs.ts';
import { supportRouter } from './support.router.ts';
import { supportEnv, supportSettings } from './support.settings.ts';
import { loadDemoFaq } from './support.startup.ts';

export { demoFaqEntries } from './demo/demo-faq.data.ts';
export { seedDemoFaq } from './demo/seed-demo-faq.ts';
export type { ForumOutcome, StaffForum } from './support.relay.ts';
export type { SupportSettings } from './support.settings.ts';
export { openTicketFor } from './use-cases/tickets.ts';

export const supportModule = defineModule({
  name: 'support',
  entities: [FaqCategory, FaqEntry, Ticket, TicketMessage],
  foreignKeys: [
    foreignKey(Ticket, 'patientId', 'Patient'),
    foreignKey(Ticket, 'appointmentId', 'Appointment'),
    foreignKey(Ticket, 'assigneeId', 'StaffAccount'),
  ],
  routers: { support: supportRouter },
  errors: supportErrors,
  dispatch: dispatchSupport,
  workers: [topicRelay],
  env: supportEnv,
  settings: supportSettings,
  startup: loadDemoFaq,
});
