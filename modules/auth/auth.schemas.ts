import { z } from 'zod';
import { STAFF_ROLES } from '../../shared/roles.ts';
import type { StaffAccount } from './entities/staff-account.entity.ts';

export const loginInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

const roles = z.array(z.enum(STAFF_ROLES)).min(1, 'give at least one role');
/** The staff member's own Telegram user id: where test sends of a broadcast go. */
const telegramUserId = z
  .number()
  .int()
  .positive()
  .max(2 ** 52)
  .nullable();

export const createAccountInput = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,64}$/, 'use 3–64 letters, digits, dots, dashes or underscores'),
  displayName: z.string().trim().min(1).max(200),
  password: z.string().min(10, 'must be at least 10 characters').max(200),
  roles,
  doctorId: z.number().int().positive().nullable().default(null),
  telegramUserId: telegramUserId.default(null),
});

export const updateAccountInput = z.object({
  id: z.number().int().positive(),
  displayName: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  roles: roles.optional(),
  active: z.boolean().optional(),
  doctorId: z.number().int().positive().nullable().optional(),
  telegramUserId: telegramUserId.optional(),
});

export const accountIdInput = z.object({ id: z.number().int().positive() });

export const tokenNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9._-]{1,64}$/i, 'use 1–64 letters, digits, dots, dashes or underscores');

export const createTokenInput = z.object({
  name: tokenNameSchema,
  role: z.enum([...STAFF_ROLES, 'bot']),
  days: z.number().int().min(1).max(3650).default(365),
});

export const tokenIdInput = z.object({ id: z.uuid() });

export interface StaffAccountView {
  id: number;
  username: string;
  displayName: string;
  roles: (typeof STAFF_ROLES)[number][];
  doctorId: number | null;
  telegramUserId: number | null;
  active: boolean;
  lastLoginAt: Date | null;
}

export function accountView(a: StaffAccount): StaffAccountView {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    roles: [...a.roles],
    doctorId: a.doctorId ?? null,
    telegramUserId: a.telegramUserId ?? null,
    active: a.active,
    lastLoginAt: a.lastLoginAt ?? null,
  };
}
