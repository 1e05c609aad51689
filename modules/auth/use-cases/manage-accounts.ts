import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findByIds } from '../../../shared/find-by-ids.ts';
import { hashPassword } from '../../../shared/password.ts';
import type { StaffRole } from '../../../shared/roles.ts';
import { catalogViews } from '../../clinic/index.ts';
import { authErrors } from '../auth.errors.ts';
import { accountView, type StaffAccountView } from '../auth.schemas.ts';
import { StaffAccount } from '../entities/staff-account.entity.ts';

/** The clinic doctor a staff account is, if any (the doctor role sees only their own visits). */
export async function doctorOfAccount(em: EntityManager, accountId: number): Promise<number | null> {
  const account = await em.findOne(StaffAccount, accountId);
  return account?.active ? (account.doctorId ?? null) : null;
}

/** An active staff account's own Telegram user id (null when none is set). */
export async function staffTelegramId(em: EntityManager, accountId: number): Promise<number | null> {
  const account = await em.findOne(StaffAccount, accountId);
  return account?.active ? (account.telegramUserId ?? null) : null;
}

/** Whether a staff account exists and is active (someone a ticket may be assigned to). */
export async function isActiveAccount(em: EntityManager, accountId: number): Promise<boolean> {
  const account = await em.findOne(StaffAccount, accountId);
  return account?.active === true;
}

/** Who these staff accounts are, as a person reads them (the audit log): name and username. */
export async function staffNames(
  em: EntityManager,
  ids: readonly number[],
): Promise<Map<number, { name: string; username: string }>> {
  const accounts = await findByIds(em, StaffAccount, ids);
  return new Map(accounts.map((a) => [a.id, { name: a.displayName, username: a.username }]));
}

export async function listAccounts(ctx: { em: EntityManager }): Promise<StaffAccountView[]> {
  const accounts = await ctx.em.findAll(StaffAccount, { orderBy: { username: 'asc' } });
  return accounts.map(accountView);
}

/** A link to a clinic doctor must name one (the console offers a list; the API is open to tools). */
async function expectDoctor(em: EntityManager, doctorId: number | null | undefined): Promise<void> {
  if (doctorId == null) return;
  if (!(await catalogViews(em, { doctorIds: [doctorId] })).doctors.has(doctorId))
    throw authErrors('doctor_not_found', { id: doctorId });
}

export async function createAccount(
  ctx: { em: EntityManager },
  input: {
    username: string;
    displayName: string;
    password: string;
    roles: StaffRole[];
    doctorId?: number | null;
    telegramUserId?: number | null;
  },
): Promise<StaffAccountView> {
  if (await ctx.em.count(StaffAccount, { username: input.username })) {
    throw authErrors('username_taken', { username: input.username });
  }
  await expectDoctor(ctx.em, input.doctorId);
  const account = ctx.em.create(StaffAccount, {
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    roles: [...new Set(input.roles)],
    doctorId: input.doctorId ?? null,
    telegramUserId: input.telegramUserId ?? null,
  });
  await ctx.em.persist(account).flush();
  return accountView(account);
}

export async function updateAccount(
  ctx: { em: EntityManager },
  input: {
    id: number;
    displayName?: string;
    password?: string;
    roles?: StaffRole[];
    active?: boolean;
    doctorId?: number | null;
    telegramUserId?: number | null;
  },
): Promise<StaffAccountView> {
  return ctx.em.transactional(async (em) => {
    const account = await em.findOne(StaffAccount, input.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!account) throw authErrors('account_not_found', { id: input.id });
    await expectDoctor(em, input.doctorId);
    const losesAdmin =
      account.active &&
      account.roles.includes('admin') &&
      (input.active === false || (input.roles !== undefined && !input.roles.includes('admin')));
    if (losesAdmin) {
      const admins = await em.count(StaffAccount, { active: true, roles: { $contains: ['admin'] } });
      if (admins <= 1) throw authErrors('last_admin');
    }
    const roles = input.roles === undefined ? account.roles : [...new Set(input.roles)];
    // Tokens signed before a deactivation, a change of roles or a new password stop working.
    const revokes =
      (input.active === false && account.active) ||
      input.password !== undefined ||
      roles.length !== account.roles.length ||
      roles.some((role) => !account.roles.includes(role));
    if (input.displayName !== undefined) account.displayName = input.displayName;
    account.roles = roles;
    if (input.active !== undefined) account.active = input.active;
    if (input.doctorId !== undefined) account.doctorId = input.doctorId;
    if (input.telegramUserId !== undefined) account.telegramUserId = input.telegramUserId;
    if (input.password !== undefined) account.passwordHash = await hashPassword(input.password);
    if (revokes) account.tokenVersion += 1;
    em.persist(account);
    return accountView(account);
  });
}

/**
 * The first admin: from ADMIN_USERNAME/ADMIN_PASSWORD when given, otherwise (development only) a
 * generated password that start-up prints once. Does nothing when an active admin exists.
 */
export async function ensureFirstAdmin(
  ctx: { em: EntityManager },
  input: { username?: string; password?: string; generate: boolean },
): Promise<{ username: string; password: string | null } | null> {
  const admins = await ctx.em.count(StaffAccount, { active: true, roles: { $contains: ['admin'] } });
  if (admins > 0) return null;
  if (!input.password && !input.generate) return null;
  const username = (input.username ?? 'admin').toLowerCase();
  const password = input.password ?? crypto.randomUUID().replaceAll('-', '').slice(0, 16);
  const existing = await ctx.em.findOne(StaffAccount, { username });
  if (existing) {
    existing.roles = [...new Set([...existing.roles, 'admin' as const])];
    existing.active = true;
    existing.passwordHash = await hashPassword(password);
    existing.tokenVersion += 1;
    await ctx.em.persist(existing).flush();
  } else {
    await createAccount(ctx, { username, displayName: 'Administrator', password, roles: ['admin'] });
  }
  return { username, password: input.password ? null : password };
}
