import { router } from '../shared/trpc.ts';
import { type modules, routers } from './modules.ts';

/** The whole API: every module's routers (server/modules.ts). Its type is what clients program against. */
export const appRouter = router(routers);

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
