import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf } from '../../../shared/actor.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { StaffCaller, StaffRole } from '../../../shared/roles.ts';
import { SignedOutToken } from '../entities/signed-out-token.entity.ts';
import { StaffAccount } from '../entities/staff-account.entity.ts';
import { revokeServiceToken } from './service-tokens.ts';

/**
 * The caller without its token: `name` is the username (a service token's name), `displayName`
 * how the console greets them (a service token is greeted by its name).
 */
export type MeView = { name: string; displayName: string; roles: StaffRole[] } & (
  | { kind: 'staff'; accountId: number }
  | { kind: 'service' }
);

/** Who the token belongs to, as the server sees it now. */
export async function whoAmI(ctx: { em: EntityManager; caller: StaffCaller }): Promise<MeView> {
  const { caller } = ctx;
  const seen = { name: caller.name, roles: [...caller.roles] };
  if (caller.kind === 'service') return { kind: 'service', ...seen, displayName: caller.name };
  const account = await ctx.em.findOne(StaffAccount, caller.accountId);
  return {
    kind: 'staff',
    accountId: caller.accountId,
    ...seen,
    displayName: account?.displayName ?? caller.name,
  };
}

/**
 * Ends the token this request came with, at once; the account's other sign-ins go on. A staff
 * token's id is kept until it would have run out anyway (rows past that are cleared here, so the
 * table never outgrows one token lifetime of sign-outs); a service token is revoked in the
 * register, as an admin would. An in-process caller has no token and nothing ends.
 */
export async function signOut(ctx: { em: EntityManager; clock: Clock; caller: StaffCaller }): Promise<void> {
  const { caller } = ctx;
  if (!caller.token) return;
  if (caller.kind === 'service') {
    await revokeServiceToken(ctx, { id: caller.token.id, revokedBy: actorOf(caller) });
    return;
  }
  await ctx.em.transactional(async (em) => {
    await em.nativeDelete(SignedOutToken, { expiresAt: { $lte: ctx.clock.now() } });
    await em.upsert(SignedOutToken, { tokenId: caller.token!.id, expiresAt: caller.token!.expiresAt });
  });
}
