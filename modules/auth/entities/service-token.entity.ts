import { defineEntity, p } from '@mikro-orm/core';
import { STAFF_ROLES } from '../../../shared/roles.ts';

/**
 * The register of long-lived tokens for internal tools and the bot. The token itself is never
 * stored: its id travels in it (`jti`), and a token whose row is missing or revoked is refused.
 */
export const ServiceTokenSchema = defineEntity({
  name: 'ServiceToken',
  tableName: 'auth_service_token',
  properties: {
    id: p.uuid().primary(),
    name: p.string().length(64),
    kind: p.enum(['service', 'bot'] as const),
    roles: p.enum(STAFF_ROLES).array(),
    createdBy: p.string().length(100),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    revokedBy: p.string().length(100).nullable(),
  },
});

export class ServiceToken extends ServiceTokenSchema.class {}
ServiceTokenSchema.setClass(ServiceToken);

/**
 * Failed sign-ins counted per username and per client address in a window; a key with too many
 * is locked for a while and refused without checking the password. In PostgreSQL, so every
 * instance of the server counts the same failures.
 */
export const LoginThrottleSchema = defineEntity({
  name: 'LoginThrottle',
  tableName: 'auth_login_throttle',
  properties: {
    key: p.string().length(200).primary(),
    failures: p.integer(),
    windowStart: p.datetime(),
    lockedUntil: p.datetime().nullable(),
  },
});

export class LoginThrottle extends LoginThrottleSchema.class {}
LoginThrottleSchema.setClass(LoginThrottle);
