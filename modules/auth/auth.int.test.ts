import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../shared/clock.ts';
import { TokenService } from '../../shared/tokens.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy } from '../../tests/support/demo.ts';
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
    const forged = await forger.sign(
      { kind: 'service', tokenId: crypto.randomUUID(), name: 'forged', roles: ['admin'] },
      3600,
    );
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

  it('links an account only to a doctor the clinic has', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    const input = { displayName: 'Д-р', password: 'doctor-password', roles: ['doctor' as const] };
    const absent = await failure(
      admin.staff.create.mutate({ ...input, username: 'dr.nobody', doctorId: 999_999 }),
    );
    expect(absent.domain).toMatchObject({ module: 'auth', code: 'doctor_not_found' });
    const { doctorId } = await demoTherapy(t);
    const account = await admin.staff.create.mutate({ ...input, username: 'dr.real', doctorId });
    expect(account.doctorId).toBe(doctorId);
    const moved = await failure(admin.staff.update.mutate({ id: account.id, doctorId: 999_999 }));
    expect(moved.domain).toMatchObject({ module: 'auth', code: 'doctor_not_found' });
    expect((await admin.staff.list.query()).find((a) => a.id === account.id)?.doctorId).toBe(doctorId);
  });

  it('never deactivates the last admin', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    const chief = (await admin.staff.list.query()).find((a) => a.username === 'chief')!;
    const seen = await failure(admin.staff.deactivate.mutate({ id: chief.id }));
    expect(seen.domain).toMatchObject({ code: 'last_admin' });
  });
});

describe('taking access back', () => {
  const signIn = async (username: string, password: string) =>
    (await t.client().auth.login.mutate({ username, password })).token;

  async function staffMember(username: string, roles: ('registrar' | 'admin' | 'doctor')[]) {
    const admin = t.client(await t.tokenFor('admin'));
    const account = await admin.staff.create.mutate({
      username,
      displayName: username,
      password: 'first-password-1',
      roles,
    });
    return { admin, account, token: await signIn(username, 'first-password-1') };
  }

  it('refuses a deactivated account’s token on its very next request', async () => {
    const { admin, account, token } = await staffMember('reg.leaving', ['registrar']);
    expect(await t.client(token).auth.me.query()).toMatchObject({ roles: ['registrar'] });
    await admin.staff.deactivate.mutate({ id: account.id });
    const seen = await failure(t.client(token).auth.me.query());
    expect(seen).toMatchObject({ code: 'UNAUTHORIZED', message: 'The token has been revoked' });
    // Nor can it sign in again.
    expect((await failure(signIn('reg.leaving', 'first-password-1'))).domain?.code).toBe(
      'invalid_credentials',
    );
  });

  it('refuses a demoted admin’s token at once, and a new sign-in carries the new roles', async () => {
    const { admin, account, token } = await staffMember('admin.deputy', ['admin']);
    expect(await t.client(token).staff.list.query()).toBeInstanceOf(Array);
    await admin.staff.update.mutate({ id: account.id, roles: ['registrar'] });
    expect((await failure(t.client(token).staff.list.query())).code).toBe('UNAUTHORIZED');
    const fresh = await signIn('admin.deputy', 'first-password-1');
    expect((await failure(t.client(fresh).staff.list.query())).code).toBe('FORBIDDEN');
    expect(await t.client(fresh).auth.me.query()).toMatchObject({ roles: ['registrar'] });
  });

  it('refuses tokens signed before a password change', async () => {
    const { admin, account, token } = await staffMember('doc.stolen', ['doctor']);
    await admin.staff.update.mutate({ id: account.id, password: 'second-password-2' });
    expect((await failure(t.client(token).auth.me.query())).code).toBe('UNAUTHORIZED');
    expect(await t.client(await signIn('doc.stolen', 'second-password-2')).auth.me.query()).toMatchObject({
      name: 'doc.stolen',
    });
  });

  it('lists service tokens and revokes one for the next request', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    const issued = await admin.staff.tokens.create.mutate({ name: 'reception-board', role: 'registrar' });
    const board = t.client(issued.token);
    expect(await board.auth.me.query()).toMatchObject({ kind: 'service', roles: ['registrar'] });
    const listed = await admin.staff.tokens.list.query();
    expect(listed.find((x) => x.id === issued.info.id)).toMatchObject({
      name: 'reception-board',
      roles: ['registrar'],
      revokedAt: null,
    });
    // The register never holds the token itself.
    expect(JSON.stringify(listed)).not.toContain(issued.token);
    await admin.staff.tokens.revoke.mutate({ id: issued.info.id });
    expect(await failure(board.auth.me.query())).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'The token has been revoked',
    });
    expect(
      (await admin.staff.tokens.list.query()).find((x) => x.id === issued.info.id)?.revokedAt,
    ).toBeInstanceOf(Date);
  });

  it('refuses a well-signed token the register does not know', async () => {
    const unregistered = await t.app.tokens.sign(
      { kind: 'service', tokenId: crypto.randomUUID(), name: 'ghost', roles: ['admin'] },
      3600,
    );
    expect((await failure(t.client(unregistered).staff.list.query())).code).toBe('UNAUTHORIZED');
  });
});

describe('signing out', () => {
  const signIn = async (username: string, password: string) =>
    (await t.client().auth.login.mutate({ username, password })).token;
  const signedOutRows = async () =>
    Number(
      (
        (await t.app.orm.em
          .fork()
          .getConnection()
          .execute('select count(*) as n from auth_signed_out_token')) as { n: string }[]
      )[0]!.n,
    );

  it('ends this token at once and leaves the account’s other sessions working', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    await admin.staff.create.mutate({
      username: 'reg.two.desks',
      displayName: 'Дана Ержанова',
      password: 'two-desks-password',
      roles: ['registrar'],
    });
    const desk = await signIn('reg.two.desks', 'two-desks-password');
    const tablet = await signIn('reg.two.desks', 'two-desks-password');
    expect(await t.client(desk).auth.me.query()).toMatchObject({
      kind: 'staff',
      name: 'reg.two.desks',
      displayName: 'Дана Ержанова',
    });
    await t.client(desk).auth.logout.mutate();
    expect(await failure(t.client(desk).auth.me.query())).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'The token has been revoked',
    });
    // Not by a second sign-out either: the token opens nothing any more.
    expect((await failure(t.client(desk).auth.logout.mutate())).code).toBe('UNAUTHORIZED');
    expect(await t.client(tablet).auth.me.query()).toMatchObject({ name: 'reg.two.desks' });
  });

  it('lets no one end someone else’s token: not another account, not a forged token', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    for (const username of ['doc.victim', 'doc.neighbour'])
      await admin.staff.create.mutate({
        username,
        displayName: username,
        password: 'neighbour-password',
        roles: ['doctor'],
      });
    const victim = await signIn('doc.victim', 'neighbour-password');
    const neighbour = await signIn('doc.neighbour', 'neighbour-password');
    // Another account signs out: its own token ends, the victim's does not.
    await t.client(neighbour).auth.logout.mutate();
    expect((await failure(t.client(neighbour).auth.me.query())).code).toBe('UNAUTHORIZED');
    expect(await t.client(victim).auth.me.query()).toMatchObject({ name: 'doc.victim' });

    // An attacker who learnt the victim's account, token version and token id (they are in the
    // token, not secret) but not the server's key forges a token to sign it out.
    const claims = JSON.parse(Buffer.from(victim.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
      ver: number;
      jti: string;
    };
    const forger = new TokenService('another-secret-that-is-long-enough-to-sign', t.clock);
    const forged = await forger.sign(
      {
        kind: 'staff',
        accountId: Number(claims.sub),
        name: 'doc.victim',
        roles: ['doctor'],
        version: claims.ver,
        tokenId: claims.jti,
      },
      600,
    );
    expect(await failure(t.client(forged).auth.logout.mutate())).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'The token is not valid',
    });
    expect(await t.client(victim).auth.me.query()).toMatchObject({ name: 'doc.victim' });
  });

  it('keeps a signed-out token’s id only until it would have run out anyway', async () => {
    const first = await signIn('chief', 'correct horse battery');
    await t.client(first).auth.logout.mutate();
    const kept = await signedOutRows();
    expect(kept).toBeGreaterThan(0);
    t.clock.advance((t.app.env.ACCESS_TOKEN_TTL_MINUTES + 1) * 60_000);
    const second = await signIn('chief', 'correct horse battery');
    await t.client(second).auth.logout.mutate();
    // Every earlier row has run out and is gone; only the latest sign-out is kept.
    expect(await signedOutRows()).toBe(1);
  });

  it('revokes a service token that signs itself out, as an admin would', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    const issued = await admin.staff.tokens.create.mutate({ name: 'retired-kiosk', role: 'registrar' });
    await t.client(issued.token).auth.logout.mutate();
    expect((await failure(t.client(issued.token).auth.me.query())).code).toBe('UNAUTHORIZED');
    expect((await admin.staff.tokens.list.query()).find((x) => x.id === issued.info.id)).toMatchObject({
      revokedAt: expect.any(Date),
    });
  });
});

describe('sign-in under attack', () => {
  it('locks a username after ten wrong passwords, without checking the eleventh, even if right', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    await admin.staff.create.mutate({
      username: 'op.target',
      displayName: 'Target',
      password: 'the-right-password',
      roles: ['operator'],
    });
    for (let i = 0; i < 10; i++) {
      const seen = await failure(
        t.client().auth.login.mutate({ username: 'op.target', password: `guess-${i}` }),
      );
      expect(seen.domain?.code).toBe('invalid_credentials');
    }
    const locked = await failure(
      t.client().auth.login.mutate({ username: 'op.target', password: 'the-right-password' }),
    );
    expect(locked).toMatchObject({ code: 'TOO_MANY_REQUESTS', domain: { code: 'too_many_attempts' } });
    expect(Number(locked.domain?.params.retryAfterSeconds)).toBeGreaterThan(14 * 60);
    // Other people still sign in; after the window the locked one does too.
    await t.client().auth.login.mutate({ username: 'chief', password: 'correct horse battery' });
    t.clock.advance(16 * 60_000);
    const back = await t
      .client()
      .auth.login.mutate({ username: 'op.target', password: 'the-right-password' });
    expect(back.account.username).toBe('op.target');
  });

  it('counts sign-ins sent side by side one by one: twenty at once get at most ten tries', async () => {
    const admin = t.client(await t.tokenFor('admin'));
    await admin.staff.create.mutate({
      username: 'op.burst',
      displayName: 'Burst',
      password: 'the-right-password',
      roles: ['operator'],
    });
    const seen = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        failure(t.client().auth.login.mutate({ username: 'op.burst', password: `guess-${i}` })),
      ),
    );
    const codes = seen.map((f) => f.domain?.code);
    // (A few of the ten may also be told to wait while the password checks queue up.)
    const checked = codes.filter((c) => c === 'invalid_credentials').length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === 'too_many_attempts')).toHaveLength(20 - checked);
  });

  it('refuses a request that batches a thousand sign-ins whole, before hashing any', async () => {
    const paths = Array.from({ length: 1000 }, () => 'auth.login').join(',');
    const body = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [i, { json: { username: 'chief', password: `guess-${i}` } }]),
    );
    const response = await fetch(`${t.url}/trpc/${paths}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Batch call exceeds maximum size');
    // Not one of them counted as a failed attempt: the chief signs in at once.
    const seen = await t.client().auth.login.mutate({ username: 'chief', password: 'correct horse battery' });
    expect(seen.account.username).toBe('chief');
  });

  it('still lets a client batch a few calls in one request', async () => {
    const client = t.client();
    const [a, b, c] = await Promise.all([
      client.clinic.branches.list.query(),
      client.clinic.categories.list.query(),
      client.clinic.branches.list.query(),
    ]);
    expect([a, b, c].every(Array.isArray)).toBe(true);
  });
});

describe('npm run token', () => {
  const cli = async (...args: string[]) => {
    const { execFile } = await import('node:child_process');
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['server/cli/token.ts', ...args],
        {
          env: { ...process.env, NODE_ENV: 'test', DATA_DIR: '.data/test', DATABASE_URL: t.app.databaseUrl },
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout: stdout.trim(),
            stderr: stderr.trim(),
          }),
      );
    });
  };

  it('issues, lists and revokes a service token', async () => {
    const issued = await cli('--role', 'operator', '--name', 'nps-desk', '--days', '30');
    expect(issued.code).toBe(0);
    const token = issued.stdout;
    expect(await t.client(token).auth.me.query()).toMatchObject({ kind: 'service', roles: ['operator'] });
    const listed = await cli('--list');
    const row = listed.stdout.split('\n').find((l) => l.includes('nps-desk'));
    expect(row).toMatch(/ operator {2}nps-desk {2}expires /);
    const id = row!.split(' ')[0]!;
    const revoked = await cli('--revoke', id);
    expect(revoked.stdout).toContain(`Revoked ${id}`);
    expect((await failure(t.client(token).auth.me.query())).code).toBe('UNAUTHORIZED');
    expect((await cli('--revoke', crypto.randomUUID())).code).toBe(1);
  });
});
