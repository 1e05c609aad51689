import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from './clock.ts';
import { type Caller, STAFF_ROLES, type StaffRole } from './roles.ts';

const ISSUER = 'emhana';
const AUDIENCE = 'emhana-api';

export type TokenSubject =
  | { kind: 'staff'; accountId: number; name: string; roles: StaffRole[] }
  | { kind: 'service'; name: string; roles: StaffRole[] }
  | { kind: 'bot'; name: string };

export type TokenFailure = 'expired' | 'invalid';

/**
 * Signs and checks the API's JWTs (HS256). Staff get short-lived tokens at login; internal tools
 * and the bot get long-lived service tokens from `npm run token`.
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
        ? { kind: 'staff', name: subject.name, roles: subject.roles }
        : subject.kind === 'service'
          ? { kind: 'service', name: subject.name, roles: subject.roles }
          : { kind: 'bot', name: subject.name };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject.kind === 'staff' ? String(subject.accountId) : subject.name)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(this.#key);
  }

  /** Reads a token into the caller it stands for, or says why it cannot be trusted. */
  async verify(token: string, telegramUserId: number | null = null): Promise<Caller | TokenFailure> {
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
      if (payload.kind === 'staff') return { kind: 'staff', accountId: Number(payload.sub), name, roles };
      if (payload.kind === 'service') return { kind: 'service', name, roles };
      if (payload.kind === 'bot') return { kind: 'bot', name, telegramUserId };
      return 'invalid';
    } catch (error) {
      return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
    }
  }
}
