import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../shared/clock.ts';
import { decoyHash, verifyPassword } from '../../../shared/password.ts';
import type { TokenService } from '../../../shared/tokens.ts';
import { authErrors } from '../auth.errors.ts';
import { accountView, type StaffAccountView } from '../auth.schemas.ts';
import { StaffAccount } from '../entities/staff-account.entity.ts';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  account: StaffAccountView;
}

/** Staff sign-in: one answer for an unknown user and a wrong password, in the same time. */
export async function login(
  ctx: { em: EntityManager; tokens: TokenService; clock: Clock },
  input: { username: string; password: string },
): Promise<LoginResult> {
  const account = await ctx.em.findOne(StaffAccount, {
    username: input.username.toLowerCase(),
    active: true,
  });
  const ok = await verifyPassword(input.password, account?.passwordHash ?? (await decoyHash()));
  if (!account || !ok) throw authErrors('invalid_credentials');
  const ttl = ctx.tokens.staffTtlSeconds;
  const token = await ctx.tokens.sign(
    { kind: 'staff', accountId: account.id, name: account.username, roles: [...account.roles] },
    ttl,
  );
  account.lastLoginAt = ctx.clock.now();
  await ctx.em.persist(account).flush();
  return {
    token,
    expiresAt: new Date(ctx.clock.now().getTime() + ttl * 1000),
    account: accountView(account),
  };
}
