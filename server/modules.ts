/**
 * The composition root's list of feature modules: each contributes its entities and errors (and
 * later its jobs) through its one public door.
 */
import { authModule } from '../modules/auth/index.ts';
import { bookingModule } from '../modules/booking/index.ts';
import { botStateModule } from '../modules/bot-state/index.ts';
import { clinicModule } from '../modules/clinic/index.ts';
import { feedbackModule } from '../modules/feedback/index.ts';
import { notificationsModule } from '../modules/notifications/index.ts';
import { patientsModule } from '../modules/patients/index.ts';

export const modules = [
  authModule,
  clinicModule,
  patientsModule,
  botStateModule,
  bookingModule,
  notificationsModule,
  feedbackModule,
];

/** pg-boss queues the modules own, created at boot. */
/** The minutely job that finds what became due (reminders, arrival checks, NPS questions). */
export const DISPATCH_QUEUE = 'dispatch.minutely';

export const queues = [...notificationsModule.queues, ...patientsModule.queues, DISPATCH_QUEUE];

export const entities = [
  ...authModule.entities,
  ...clinicModule.entities,
  ...patientsModule.entities,
  ...botStateModule.entities,
  ...bookingModule.entities,
  ...notificationsModule.entities,
  ...feedbackModule.entities,
];
