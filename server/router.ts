import { authRouter, staffAccountsRouter } from '../modules/auth/index.ts';
import { bookingRouter } from '../modules/booking/index.ts';
import { botStateRouter } from '../modules/bot-state/index.ts';
import { clinicRouter } from '../modules/clinic/index.ts';
import { feedbackRouter } from '../modules/feedback/index.ts';
import { notificationsRouter } from '../modules/notifications/index.ts';
import { patientsRouter } from '../modules/patients/index.ts';
import { router } from '../shared/trpc.ts';
import type { modules } from './modules.ts';

/** The whole API. Its type is what the bot and internal tools program against. */
export const appRouter = router({
  auth: authRouter,
  staff: staffAccountsRouter,
  clinic: clinicRouter,
  patients: patientsRouter,
  botState: botStateRouter,
  booking: bookingRouter,
  notifications: notificationsRouter,
  feedback: feedbackRouter,
});

export type AppRouter = typeof appRouter;

/** Every module's domain errors, as `{ module, code }` pairs a client can check at compile time. */
type WithErrors = Extract<(typeof modules)[number], { errors: unknown }>;
type ErrorTables = { [M in WithErrors as M['errors']['module']]: M['errors']['codes'] };
export type DomainFailure = {
  [M in keyof ErrorTables]: {
    module: M;
    code: keyof ErrorTables[M] & string;
    params: Record<string, unknown>;
  };
}[keyof ErrorTables];
export type DomainCode = DomainFailure['code'];
