import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import { STAFF_ROLES } from '../../../shared/roles.ts';

export const StaffAccountSchema = defineEntity({
  name: 'StaffAccount',
  tableName: 'auth_staff_account',
  properties: {
    id: p.integer().primary(),
    username: p.string().length(64).unique(),
    displayName: p.string().length(200),
    passwordHash: p.string().length(255).hidden(),
    roles: p.enum(STAFF_ROLES).array(),
    /** For the doctor role: which clinic doctor this account is (they see their own visits). */
    doctorId: p.integer().nullable(),
    /** Their own Telegram account (set by an admin): where a broadcast's test send goes. */
    telegramUserId: p.bigint('number').nullable(),
    active: p.boolean().default(true),
    /**
     * Carried by every token signed at login and checked on every request: deactivating the
     * account, changing its roles or its password moves it on, and older tokens stop working.
     */
    tokenVersion: p.integer().default(1),
    lastLoginAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
});

export class StaffAccount extends StaffAccountSchema.class {}
StaffAccountSchema.setClass(StaffAccount);
