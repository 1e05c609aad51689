import { actorOf } from '../../shared/actor.ts';
import { publicProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import {
  accountIdInput,
  createAccountInput,
  createTokenInput,
  loginInput,
  tokenIdInput,
  updateAccountInput,
} from './auth.schemas.ts';
import { login } from './use-cases/login.ts';
import { createAccount, listAccounts, updateAccount } from './use-cases/manage-accounts.ts';
import { issueServiceToken, listServiceTokens, revokeServiceToken } from './use-cases/service-tokens.ts';
import { signOut, whoAmI } from './use-cases/session.ts';

const anyStaff = () => staffProcedure('admin', 'registrar', 'operator', 'doctor', 'marketer');

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(({ ctx, input }) => login(ctx, input)),
  /** Who the token belongs to, as the server sees it. */
  me: anyStaff().query(({ ctx }) => whoAmI(ctx)),
  /** Ends this token now (signing out); the account's other sessions go on. */
  logout: anyStaff().mutation(({ ctx }) => signOut(ctx)),
});

export const staffAccountsRouter = router({
  list: staffProcedure('admin').query(({ ctx }) => listAccounts(ctx)),
  create: staffProcedure('admin')
    .input(createAccountInput)
    .mutation(({ ctx, input }) => createAccount(ctx, input)),
  update: staffProcedure('admin')
    .input(updateAccountInput)
    .mutation(({ ctx, input }) => updateAccount(ctx, input)),
  deactivate: staffProcedure('admin')
    .input(accountIdInput)
    .mutation(({ ctx, input }) => updateAccount(ctx, { id: input.id, active: false })),
  /** Long-lived tokens of internal tools and the bot: listed, issued (shown once) and revoked. */
  tokens: router({
    list: staffProcedure('admin').query(({ ctx }) => listServiceTokens(ctx)),
    create: staffProcedure('admin')
      .input(createTokenInput)
      .mutation(({ ctx, input }) => issueServiceToken(ctx, { ...input, createdBy: actorOf(ctx.caller) })),
    revoke: staffProcedure('admin')
      .input(tokenIdInput)
      .mutation(({ ctx, input }) =>
        revokeServiceToken(ctx, { id: input.id, revokedBy: actorOf(ctx.caller) }),
      ),
  }),
});
