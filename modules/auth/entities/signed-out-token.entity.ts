import { defineEntity, p } from '@mikro-orm/core';

/**
 * Staff sign-in tokens ended by signing out before they ran out (their `jti`). The per-request
 * check refuses a token found here; a row is kept only until the token would have expired anyway,
 * so the table holds at most the sign-outs of one token lifetime.
 */
export const SignedOutTokenSchema = defineEntity({
  name: 'SignedOutToken',
  tableName: 'auth_signed_out_token',
  properties: {
    tokenId: p.uuid().primary(),
    expiresAt: p.datetime(),
  },
});

export class SignedOutToken extends SignedOutTokenSchema.class {}
SignedOutTokenSchema.setClass(SignedOutToken);
