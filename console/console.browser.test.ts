import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../tests/support/app.ts';
import {
  ADMIN,
  type ConsoleUnderTest,
  saveScreenshot,
  signIn,
  startConsole,
  storedSession,
  tokenOf,
} from '../tests/support/console.ts';
import { demoTherapy } from '../tests/support/demo.ts';
import { failure } from '../tests/support/errors.ts';

/**
 * The staff console in real Chromium, as staff use it: an admin signs in (in Kazakh), adds a
 * registrar, issues a token and revokes it; the registrar signs in and has no staff page (and the
 * API refuses her its procedures all the same); a session whose token ran out goes back to sign-in
 * and says why. Screenshots: artifacts/console/*.png.
 */
const REGISTRAR = { username: 'aigerim', password: 'aigerim-password-1', name: 'Айгерім Сейітова' };

let t: TestApp;
let c: ConsoleUnderTest;

beforeAll(async () => {
  // Built before the clock starts on the first load (npm start builds before it says it is ready).
  c = await startConsole();
  t = c.t;
});
afterAll(async () => {
  await c?.stop();
});

describe('the staff console', () => {
  it('loads its sign-in form in under a second, with a strict CSP and cached assets', async () => {
    const page = await c.open('/staff');
    await page.getByRole('button', { name: 'Войти', exact: true }).waitFor();
    // From navigation start (the page's time origin) to the form on screen.
    const loadedMs = await page.evaluate(() => performance.now());
    console.info(`console first load: ${loadedMs.toFixed(0)} ms to the sign-in form`);
    expect(loadedMs).toBeLessThan(1000);

    const index = await fetch(`${t.url}/console/staff`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-store');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(await index.text())![1]!;
    const asset = await fetch(`${t.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const raw = await fetch(`${t.url}${script}`, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    console.info(
      `console JavaScript: ${(Number(raw.headers.get('content-length')) / 1024).toFixed(1)} KB gzipped`,
    );
    // A missing asset is a 404, never the page in its place.
    expect((await fetch(`${t.url}/console/assets/gone.js`)).status).toBe(404);
    await page.context().close();
  });

  it('lets an admin, in Kazakh, add a registrar, issue a token shown once, and revoke it', async () => {
    const page = await c.open('/staff');
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: 'Қызметкерлерге кіру' }).waitFor();
    await signIn(page, { ...ADMIN, password: 'wrong-password' }, 'Кіру');
    await page.getByRole('alert').filter({ hasText: 'Пайдаланушы аты немесе құпиясөз қате.' }).waitFor();
    await signIn(page, ADMIN, 'Кіру');
    // The page that was asked for, in the language chosen before signing in.
    await page.getByRole('heading', { name: 'Қызметкерлер', level: 1 }).waitFor();

    const create = page.getByRole('form', { name: 'Қызметкер қосу' });
    await create.locator('input[name="username"]').fill(REGISTRAR.username);
    await create.locator('input[name="displayName"]').fill(REGISTRAR.name);
    await create.locator('input[name="password"]').fill(REGISTRAR.password);
    await create.getByLabel('Тіркеуші').check();
    await create.getByRole('button', { name: 'Қызметкер қосу' }).click();
    const row = page.getByTestId(`account-${REGISTRAR.username}`);
    await expect.poll(() => row.getByTestId('roles').textContent()).toBe('Тіркеуші');
    // The same username again: the API's error, in Kazakh.
    await create.locator('input[name="username"]').fill(REGISTRAR.username);
    await create.locator('input[name="displayName"]').fill('Екінші');
    await create.locator('input[name="password"]').fill(REGISTRAR.password);
    await create.getByLabel('Тіркеуші').check();
    await create.getByRole('button', { name: 'Қызметкер қосу' }).click();
    await create.getByRole('alert').filter({ hasText: 'Мұндай пайдаланушы аты бұрыннан бар.' }).waitFor();

    const issue = page.getByRole('form', { name: 'Токен шығару' });
    await issue.locator('input[name="name"]').fill('lab-import');
    await issue.locator('select[name="role"]').selectOption('doctor');
    await issue.getByRole('button', { name: 'Токен шығару' }).click();
    const issued = await page.getByTestId('issued-token').inputValue();
    expect(issued.split('.')).toHaveLength(3);
    // The token works as the tool that gets it would use it.
    expect(await t.client(issued).auth.me.query()).toMatchObject({ kind: 'service', roles: ['doctor'] });
    await saveScreenshot(page, 'console/staff-kk-token-issued');
    await page.getByRole('button', { name: 'Токенді сақтап алдым' }).click();
    await page.getByTestId('issued-token').waitFor({ state: 'detached' });

    const tokenRow = page.getByTestId('token-lab-import');
    await tokenRow.getByRole('button', { name: 'Кері қайтару' }).click();
    await tokenRow.getByRole('button', { name: 'Иә, кері қайтару' }).click();
    await expect.poll(() => tokenRow.getByTestId('status').textContent()).toBe('Кері қайтарылды');
    expect(await failure(t.client(issued).auth.me.query())).toMatchObject({ code: 'UNAUTHORIZED' });

    // Digits as Kazakh writes them, the same as Russian: Chromium's own Kazakh data would write
    // 2026-12-01 and 12,000.
    const lastSignIn = await page.getByTestId(`account-${ADMIN.username}`).locator('td').nth(4).textContent();
    expect(lastSignIn).toMatch(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d$/);

    // The language and the session outlive a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'Қызметкерлер', level: 1 }).waitFor();
    await saveScreenshot(page, 'console/staff-kk');
    await demoTherapy(t);
    await page.getByRole('navigation').getByRole('link', { name: 'Каталог' }).click();
    const price = await page.locator('[data-testid^="service-"]').first().getByTestId('price').textContent();
    expect(price).toMatch(/^\d{1,3}(\u00a0\d{3})*\u00a0₸$/);
    await page.context().close();
  });

  it('shows a registrar no staff page, and the API refuses her anyway', async () => {
    const page = await c.open('/', { width: 820, height: 1180 });
    await signIn(page, REGISTRAR, 'Войти');
    await page.getByRole('heading', { name: `Здравствуйте, ${REGISTRAR.name}!` }).waitFor();
    expect(await page.getByTestId('my-roles').textContent()).toBe('Регистратор');
    const nav = page.getByRole('navigation', { name: 'Разделы' });
    // Her pages, whichever others come (the desk, analytics…), and never the staff page.
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toContain('Главная');
    expect(links).not.toContain('Сотрудники');
    await saveScreenshot(page, 'console/registrar-home-tablet');

    await page.goto(`${t.url}/console/staff`);
    await page.getByRole('heading', { name: 'Такой страницы нет.' }).waitFor();
    const registrar = t.client(await tokenOf(page));
    expect(await failure(registrar.staff.list.query())).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await failure(registrar.staff.tokens.create.mutate({ name: 'mine', role: 'admin' })),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    await page.context().close();
  });

  it('lays the staff page out on a tablet', async () => {
    const page = await c.open('/staff', { width: 768, height: 1024 });
    await signIn(page, ADMIN, 'Войти');
    await page.getByRole('heading', { name: 'Сотрудники', level: 1 }).waitFor();
    await saveScreenshot(page, 'console/staff-tablet');
    // Nothing wider than the screen but the tables, which scroll in their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    // An account's actions are on screen, not scrolled off to the right of its table.
    const deactivate = page
      .getByTestId(`account-${ADMIN.username}`)
      .getByRole('button', { name: 'Отключить' });
    const box = (await deactivate.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(768);
    await page.context().close();
  });

  it('sends a staff member whose token ran out, or whose account was deactivated, back to sign-in', async () => {
    const admin = await c.open('/staff');
    await signIn(admin, ADMIN, 'Войти');
    await admin.getByRole('heading', { name: 'Сотрудники', level: 1 }).waitFor();
    const registrar = await c.open('/');
    await signIn(registrar, REGISTRAR, 'Войти');
    await registrar.getByTestId('my-roles').waitFor();

    // The admin deactivates her: her next call is refused, and the console says why.
    const row = admin.getByTestId(`account-${REGISTRAR.username}`);
    await row.getByRole('button', { name: 'Отключить' }).click();
    await row.getByRole('button', { name: 'Да, отключить' }).click();
    await expect.poll(() => row.textContent()).toContain('Отключена');
    await registrar.reload();
    await registrar.getByRole('status').filter({ hasText: 'Сеанс закончился. Войдите снова.' }).waitFor();

    // The admin's own token runs out (the server's clock moves past its lifetime).
    t.clock.advance((t.app.env.ACCESS_TOKEN_TTL_MINUTES + 1) * 60_000);
    await admin.getByRole('link', { name: 'Главная' }).click();
    await admin.reload();
    await admin.getByRole('status').filter({ hasText: 'Сеанс закончился. Войдите снова.' }).waitFor();
    expect(await storedSession(admin)).toBeNull();
    await saveScreenshot(admin, 'console/session-expired');
    // Signing in again works, and lands where she was.
    await signIn(admin, ADMIN, 'Войти');
    await admin.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
  });
});
