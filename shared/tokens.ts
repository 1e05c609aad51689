import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from './clock.ts';
import { STAFF_ROLES, type StaffRole } from './roles.ts';

const ISSUER = 'emhana';
const AUDIENCE = 'emhana-api';

/**
 * What a token stands for. A staff token names its account and the account's token version at
 * sign-in, and has an id of its own (its `jti`) so that signing out ends that one token; a service
 * or bot token names its row in the token register. Both are checked against the database on
 * every request, so taking access back works at once (see modules/auth).
 */
export type TokenSubject =
  | {
      kind: 'staff';
      accountId: number;
      name: string;
      roles: StaffRole[];
      version: number;
      tokenId: string;
    }
  | { kind: 'service'; tokenId: string; name: string; roles: StaffRole[] }
  | { kind: 'bot'; tokenId: string; name: string };

/** A token that checked out: what it stands for, and when it runs out. */
export type VerifiedToken = TokenSubject & { expiresAt: Date };

export type TokenFailure = 'expired' | 'invalid';

/**
 * Signs and checks the API's JWTs (HS256). Staff get short-lived tokens at login; internal tools
 * and the bot get long-lived service tokens from `npm run token` or `staff.tokens.create`.
 */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #clock: Clock;
  /** Lifetime of a staff login token. */
  readonly staffTtlSeconds: number;

  constructor(secret: string, clock: Clock, staffTtlSeconds = 30 * 60) {
    this.#key = new TextEncoder().encode(secret);
    this.#clock = clock;
    this.staffTtlSeconds = staffTtlSeconds;
  }

  async sign(subject: TokenSubject, ttlSeconds: number): Promise<string> {
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    const claims =
      subject.kind === 'staff'
        ? { kind: 'staff', name: subject.name, roles: subject.roles, ver: subject.version }
        : subject.kind === 'service'
          ? { kind: 'service', name: subject.name, roles: subject.roles }
          : { kind: 'bot', name: subject.name };
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject.kind === 'staff' ? String(subject.accountId) : subject.name)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds);
    return jwt.setJti(subject.tokenId).sign(this.#key);
  }

  /**
   * A token for something other than the API (a document's download link): its own audience, so it
   * never opens the API and an API token never opens it; `claims` is all it carries.
   */
  async signFor(
    audience: string,
    claims: Record<string, string | number>,
    ttlSeconds: number,
  ): Promise<string> {
    if (audience === AUDIENCE) throw new Error('the API audience is for API tokens only');
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(this.#key);
  }

  /** The claims of a token signFor made for this audience, or why it cannot be trusted. */
  async verifyFor(audience: string, token: string): Promise<Record<string, unknown> | TokenFailure> {
    if (audience === AUDIENCE) return 'invalid';
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        audience,
        algorithms: ['HS256'],
        currentDate: this.#clock.now(),
      });
      return payload;
    } catch (error) {
      return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
    }
  }

  /** Reads a token into what it stands for, or says why it cannot be trusted. */
  async verify(token: string): Promise<VerifiedToken | TokenFailure> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: this.#clock.now(),
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is StaffRole =>
            (STAFF_ROLES as readonly string[]).includes(r as string),
          )
        : [];
      const name = typeof payload.name === 'string' ? payload.name : '';
      const { jti: tokenId, exp } = payload;
      // Every API token has an id and an end: a staff token without an id could not be signed out.
      if (typeof tokenId !== 'string' || !tokenId || typeof exp !== 'number') return 'invalid';
      const expiresAt = new Date(exp * 1000);
      if (payload.kind === 'staff') {
        const accountId = Number(payload.sub);
        if (!Number.isSafeInteger(accountId) || typeof payload.ver !== 'number') return 'invalid';
        return { kind: 'staff', accountId, name, roles, version: payload.ver, tokenId, expiresAt };
      }
      if (payload.kind === 'service') return { kind: 'service', tokenId, name, roles, expiresAt };
      if (payload.kind === 'bot') return { kind: 'bot', tokenId, name, expiresAt };
      return 'invalid';
    } catch (error) {
      return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
    }
  }
}
