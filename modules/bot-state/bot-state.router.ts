import { z } from 'zod';
import { botProcedure, router } from '../../shared/trpc.ts';
import { forgetMe, openState, readState, removeState, writeState } from './use-cases/bot-state.ts';

/** The bot reaches its state only through the API, and only under keys of the user it acts for. */
const keyInput = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]*:\d+$/, 'a key is "<namespace>:<telegram user id>"'),
});

export const botStateRouter = router({
  /** The start of every update: the account (as patients.me) and the state under these namespaces. */
  open: botProcedure
    .input(z.object({ namespaces: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).max(4) }))
    .query(({ ctx, input }) => openState(ctx, input.namespaces)),
  read: botProcedure.input(keyInput).query(({ ctx, input }) => readState(ctx, input.key)),
  write: botProcedure
    .input(keyInput.extend({ value: z.unknown() }))
    .mutation(({ ctx, input }) => writeState(ctx, input.key, input.value)),
  delete: botProcedure.input(keyInput).mutation(({ ctx, input }) => removeState(ctx, input.key)),
  forgetMe: botProcedure.mutation(({ ctx }) => forgetMe(ctx)),
});
