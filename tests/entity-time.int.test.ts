import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

it('stamps created and updated times by the app clock, which the sandbox moves, not the wall clock', async () => {
  t.clock.advance(10 * 86_400_000);
  const admin = t.client(await t.tokenFor('admin'));
  const account = await admin.staff.create.mutate({
    username: 'time.traveller',
    displayName: 'Путешественник',
    password: 'a-long-password',
    roles: ['operator'],
  });
  const stamp = async () =>
    (
      (await t.app.orm.em
        .fork()
        .getConnection()
        .execute('select created_at, updated_at from auth_staff_account where id = ?', [account.id])) as {
        created_at: Date;
        updated_at: Date;
      }[]
    )[0]!;
  const created = await stamp();
  const tenDaysAhead = Date.now() + 10 * 86_400_000;
  expect(Math.abs(new Date(created.created_at).getTime() - tenDaysAhead)).toBeLessThan(60_000);
  t.clock.advance(86_400_000);
  await admin.staff.update.mutate({ id: account.id, displayName: 'Вернулся' });
  const updated = await stamp();
  expect(new Date(updated.updated_at).getTime() - new Date(created.created_at).getTime()).toBeGreaterThan(
    86_400_000 - 60_000,
  );
});
