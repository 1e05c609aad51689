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

/**
 * Counts this attempt against every key before the password is checked, each key's row locked
 * for the count: a burst of sign-ins cannot slip past the limit while earlier ones are still
 * being hashed. Answers when the latest lock ends, if one is (now) in force.
 */
async function reserveAttempt(em: EntityManager, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  return em.transactional(async (tx) => {
    const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MS);
    const ends: number[] = [];
    for (const { key, limit } of keys) {
      await tx.execute(
        'insert into auth_login_throttle (key, failures, window_start) values (?, 0, ?) on conflict (key) do nothing',
        [key, now],
      );
      const [row] = (await tx.execute(
        'select failures, window_start, locked_until from auth_login_throttle where key = ? for update',
        [key],
      )) as { failures: number; window_start: Date; locked_until: Date | null }[];
      if (row!.locked_until && new Date(row!.locked_until) > now) {
        ends.push(new Date(row!.locked_until).getTime());
        continue;
      }
      const fresh = new Date(row!.window_start) < windowStart;
      const failures = fresh ? 1 : row!.failures + 1;
      const lockedUntil = failures > limit ? new Date(now.getTime() + LOGIN_WINDOW_MS) : null;
      await tx.execute(
        'update auth_login_throttle set failures = ?, window_start = ?, locked_until = ? where key = ?',
        [failures, fresh ? now : row!.window_start, lockedUntil, key],
      );
      if (lockedUntil) ends.push(lockedUntil.getTime());
    }
    return ends.length ? new Date(Math.max(...ends)) : null;
  });
}

/** A right password: the username starts afresh, and the address gets its attempt back. */
async function releaseAttempt(em: EntityManager, keys: ThrottleKey[]): Promise<void> {
  await em.nativeDelete(LoginThrottle, { key: keys[0]!.key });
  for (const { key } of keys.slice(1))
    await em.execute('update auth_login_throttle set failures = greatest(failures - 1, 0) where key = ?', [
      key,
    ]);
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
  const locked = await reserveAttempt(ctx.em, keys, now);
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
  // A wrong password keeps the attempt it reserved.
  if (!account || !ok) throw authErrors('invalid_credentials');
  await releaseAttempt(ctx.em, keys);
  const ttl = ctx.tokens.staffTtlSeconds;
  const token = await ctx.tokens.sign(
    {
      kind: 'staff',
      accountId: account.id,
      name: account.username,
      roles: [...account.roles],
      version: account.tokenVersion,
      tokenId: crypto.randomUUID(),
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
