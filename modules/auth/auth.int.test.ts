import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../shared/clock.ts';
import { TokenService } from '../../shared/tokens.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { failure } from '../../tests/support/errors.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'correct horse battery' });
});
afterAll(() => t.stop());

describe('staff sign-in', () => {
  it('gives a short-lived token for the right password, and the token works', async () => {
    const result = await t
      .client()
      .auth.login.mutate({ username: 'Chief', password: 'correct horse battery' });
    expect(result.account).toMatchObject({ username: 'chief', roles: ['admin'] });
    const minutes = (result.expiresAt.getTime() - t.clock.now().getTime()) / 60_000;
    expect(minutes).toBeGreaterThan(25);
    expect(minutes).toBeLessThanOrEqual(30);
    const me = await t.client(result.token).auth.me.query();
    expect(me).toMatchObject({ kind: 'staff', name: 'chief', roles: ['admin'] });
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await failure(
      t.client().auth.login.mutate({ username: 'chief', password: 'not the password' }),
    );
    const unknown = await failure(
      t.client().auth.login.mutate({ username: 'nobody', password: 'not the password' }),
    );
    expect(wrong).toMatchObject({
      code: 'UNAUTHORIZED',
      domain: { module: 'auth', code: 'invalid_credentials' },
    });
    expect(unknown).toEqual(wrong);
  });

  it('refuses an expired token', async () => {
    const { token } = await t
      .client()
      .auth.login.mutate({ username: 'chief', password: 'correct horse battery' });
    t.clock.advance(31 * 60_000);
    const seen = await failure(t.client(token).auth.me.query());
    expect(seen).toMatchObject({ code: 'UNAUTHORIZED', message: 'The token has expired' });
  });

  it('refuses a token signed with another secret', async () => {
    const forger = new TokenService('another-secret-that-is-long-enough-to-sign', new AdjustableClock());
    const forged = await forger.sign({ kind: 'service', name: 'forged', roles: ['admin'] }, 3600);
    const seen = await failure(t.client(forged).staff.list.query());
    expect(seen).toMatchObject({ code: 'UNAUTHORIZED', message: 'The token is not valid' });
  });

  it('lets an admin create staff who can then sign in with their own roles', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    await admin.staff.create.mutate({
      username: 'reg.aigerim',
      displayName: 'Айгерим',
      password: 'registrar-password',
      roles: ['registrar'],
    });
    const { token } = await t
      .client()
      .auth.login.mutate({ username: 'reg.aigerim', password: 'registrar-password' });
    expect(await failure(t.client(token).staff.list.query())).toMatchObject({ code: 'FORBIDDEN' });
    const taken = await failure(
      admin.staff.create.mutate({
        username: 'reg.aigerim',
        displayName: 'X',
        password: 'another-password',
        roles: ['doctor'],
      }),
    );
    expect(taken.domain).toMatchObject({ module: 'auth', code: 'username_taken' });
  });

  it('never deactivates the last admin', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    const chief = (await admin.staff.list.query()).find((a) => a.username === 'chief')!;
    const seen = await failure(admin.staff.deactivate.mutate({ id: chief.id }));
    expect(seen.domain).toMatchObject({ code: 'last_admin' });
  });
});
