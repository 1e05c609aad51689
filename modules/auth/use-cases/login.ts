import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../shared/clock.ts';
import { decoyHash, PasswordCheckBusy, verifyPassword } from '../../../shared/password.ts';
import type { TokenService } from '../../../shared/tokens.ts';
import { authErrors } from '../auth.errors.ts';
import { LOGIN_WINDOW_MS, type ThrottleKey, throttleKeys } from '../auth.policy.ts';
import { accountView, type StaffAccountView } from '../auth.schemas.ts';
import { LoginThrottle } from '../entities/service-token.entity.ts';
import { StaffAccount } from '../entities/staff-account.entity.ts';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  account: StaffAccountView;
}

type LoginCtx = { em: EntityManager; tokens: TokenService; clock: Clock; clientAddress: string | null };

/** When the latest lock among these keys ends, if one is in force. */
async function lockedUntil(em: EntityManager, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  const rows = await em.find(LoginThrottle, {
    key: { $in: keys.map((k) => k.key) },
    lockedUntil: { $gt: now },
  });
  const ends = rows.map((r) => r.lockedUntil!.getTime());
  return ends.length ? new Date(Math.max(...ends)) : null;
}

/** One more failure for each key, in one statement per key (safe under concurrent attempts). */
async function countFailure(em: EntityManager, keys: ThrottleKey[], now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const lockEnd = new Date(now.getTime() + LOGIN_WINDOW_MS);
  for (const { key, limit } of keys) {
    await em.execute(
      `insert into auth_login_throttle as t (key, failures, window_start, locked_until)
         values (?, 1, ?, case when 1 >= ? then ?::timestamptz end)
       on conflict (key) do update set
         failures = case when t.window_start < ? then 1 else t.failures + 1 end,
         window_start = case when t.window_start < ? then excluded.window_start else t.window_start end,
         locked_until = case
           when (case when t.window_start < ? then 1 else t.failures + 1 end) >= ? then ?::timestamptz
           else t.locked_until end`,
      [key, now, limit, lockEnd, windowStart, windowStart, windowStart, limit, lockEnd],
    );
  }
}

const throttled = (until: Date, now: Date) =>
  authErrors('too_many_attempts', {
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  });

/**
 * Staff sign-in: one answer for an unknown user and a wrong password, in the same time. A
 * username or an address with too many recent failures is refused before any hashing, and the
 * password check itself runs one at a time with a short queue, so no flood of sign-ins can hold
 * the server's CPU.
 */
export async function login(
  ctx: LoginCtx,
  input: { username: string; password: string },
): Promise<LoginResult> {
  const now = ctx.clock.now();
  const keys = throttleKeys(input.username, ctx.clientAddress);
  const locked = await lockedUntil(ctx.em, keys, now);
  if (locked) throw throttled(locked, now);

  const account = await ctx.em.findOne(StaffAccount, {
    username: input.username.toLowerCase(),
    active: true,
  });
  let ok: boolean;
  try {
    ok = await verifyPassword(input.password, account?.passwordHash ?? (await decoyHash()));
  } catch (error) {
    if (error instanceof PasswordCheckBusy) throw throttled(new Date(now.getTime() + 1000), now);
    throw error;
  }
  if (!account || !ok) {
    await countFailure(ctx.em, keys, now);
    throw authErrors('invalid_credentials');
  }
  await ctx.em.nativeDelete(LoginThrottle, { key: keys[0]!.key });
  const ttl = ctx.tokens.staffTtlSeconds;
  const token = await ctx.tokens.sign(
    {
      kind: 'staff',
      accountId: account.id,
      name: account.username,
      roles: [...account.roles],
      version: account.tokenVersion,
    },
    ttl,
  );
  account.lastLoginAt = now;
  await ctx.em.persist(account).flush();
  return {
    token,
    expiresAt: new Date(now.getTime() + ttl * 1000),
    account: accountView(account),
  };
}
