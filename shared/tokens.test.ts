import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AdjustableClock } from './clock.ts';
import { TokenService } from './tokens.ts';

const SECRET = 'a-test-secret-that-is-long-enough-to-sign';

describe('staff tokens', () => {
  it('carry an id of their own and their end, so that one can be signed out', async () => {
    const clock = new AdjustableClock();
    const tokens = new TokenService(SECRET, clock);
    const subject = {
      kind: 'staff' as const,
      accountId: 7,
      name: 'aigerim',
      roles: ['registrar' as const],
      version: 2,
    };
    const signedAt = clock.now().getTime();
    const one = await tokens.verify(await tokens.sign({ ...subject, tokenId: crypto.randomUUID() }, 600));
    const two = await tokens.verify(await tokens.sign({ ...subject, tokenId: crypto.randomUUID() }, 600));
    expect(one).toMatchObject(subject);
    if (typeof one === 'string' || typeof two === 'string') throw new Error('refused');
    expect(one.tokenId).not.toBe(two.tokenId);
    // Whole seconds, as a JWT counts them.
    expect(one.expiresAt.getTime() - signedAt).toBeGreaterThan(599_000);
    expect(one.expiresAt.getTime() - signedAt).toBeLessThanOrEqual(601_000);
  });

  it('are refused without an id (one signed before sign-out existed)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const withoutId = await new SignJWT({ kind: 'staff', name: 'chief', roles: ['admin'], ver: 1 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuer('emhana')
      .setAudience('emhana-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(SECRET));
    expect(await new TokenService(SECRET, new AdjustableClock()).verify(withoutId)).toBe('invalid');
  });
});
