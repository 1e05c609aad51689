import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPayment } from '../modules/payments/use-cases/check-payment.ts';
import { formatTiyn } from '../shared/money.ts';
import type { TestApp } from '../tests/support/app.ts';
import { ADMIN, type ConsoleUnderTest, saveScreenshot, startConsole } from '../tests/support/console.ts';
import { demoTherapy } from '../tests/support/demo.ts';
import { failure } from '../tests/support/errors.ts';
import { registerPatient } from '../tests/support/patients.ts';
import { ScriptedProvider } from '../tests/support/payment-provider.ts';
import { sqlOf, systemPayments } from '../tests/support/payments.ts';

/**
 * The admin's pages in real Chromium: the admin revokes a token, then reads in the audit log that
 * a registrar looked at a patient's invoice through the API, narrows the log to that patient and
 * registrar, and exports it as a CSV file (an export past the limit is refused in words); changes
 * a service's price on a tablet; gives back part of a payment. A registrar sees none of these
 * pages, and the API refuses her. Screenshots: artifacts/console/admin-*.png.
 */
const REGISTRAR = { username: 'dana', password: 'dana-password-1', displayName: 'Дана Омарова' };

const halyk = new ScriptedProvider('halyk', 'TERMINAL-1');
let t: TestApp;
let c: ConsoleUnderTest;
let patientId: number;
let invoice: { id: number; number: string; totalTiyn: number };
let service: { id: number };
let registrarToken: string;

beforeAll(async () => {
  c = await startConsole({ paymentProviders: { halyk }, context: { acceptDownloads: true } });
  t = c.t;
  const { serviceId } = await demoTherapy(t);
  service = { id: serviceId };

  // A registrar account, signed in through the API as any internal tool would.
  const { token: adminToken } = await t.client().auth.login.mutate(ADMIN);
  await t.client(adminToken).staff.create.mutate({ ...REGISTRAR, roles: ['registrar'] });
  registrarToken = (
    await t.client().auth.login.mutate({ username: REGISTRAR.username, password: REGISTRAR.password })
  ).token;
  await t.client(adminToken).staff.tokens.create.mutate({ name: 'crm-sync', role: 'registrar', days: 30 });

  // A patient with a paid invoice of 10 000 ₸, then the registrar reads that patient's data.
  const telegramUserId = 9_300_001;
  patientId = (await registerPatient(t.app, telegramUserId)).id;
  const desk = t.client(registrarToken).payments.staff;
  invoice = await desk.createInvoice.mutate({
    patientId,
    lines: [{ serviceId, quantity: 1 }],
  });
  const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId }).payments;
  const checkout = await bot.pay({ invoiceId: invoice.id, provider: 'halyk' });
  halyk.pay(halyk.charges.at(-1)!);
  expect(await checkPayment(systemPayments(t), checkout.paymentId)).toBe('recorded');
  await desk.invoice.query({ invoiceId: invoice.id });
  await t.client(registrarToken).patients.staff.guardians.query({ patientId });

  // Years of older entries: more than one export holds (10 000), and more than one page.
  await sqlOf(t)(
    `insert into patients_audit_entry (actor, action, patient_id, at, via)
     select 'system', 'notifications.timeline', null, timestamptz '2020-01-01' + g * interval '1 minute', 'job'
       from generate_series(1, 10001) g`,
  );
});
afterAll(async () => {
  await c?.stop();
});

const tenge = (tiyn: number) => formatTiyn(tiyn, 'ru');

describe('the admin pages', () => {
  it('revokes a token, then finds, narrows and exports what a registrar read', async () => {
    const page = await c.signedIn(ADMIN, '/staff');
    const tokenRow = page.getByTestId('token-crm-sync');
    await tokenRow.getByRole('button', { name: 'Отозвать' }).click();
    await tokenRow.getByRole('button', { name: 'Да, отозвать' }).click();
    await expect.poll(() => tokenRow.getByTestId('status').textContent()).toBe('Отозван');

    await page
      .getByRole('navigation', { name: 'Разделы' })
      .getByRole('link', { name: 'Журнал доступа' })
      .click();
    await page.getByRole('heading', { name: 'Журнал доступа', level: 1 }).waitFor();
    const rows = page.getByTestId('audit-entry');
    // Newest first: the registrar's reading of the invoice, in words, with her name and the patient.
    const read = rows.filter({ hasText: 'Просмотр счёта' }).first();
    await read.waitFor();
    expect(await read.getByTestId('actor').textContent()).toBe(
      `${REGISTRAR.displayName} (${REGISTRAR.username})`,
    );
    expect(await read.getByTestId('patient').textContent()).toBe(String(patientId));
    expect(await read.textContent()).toContain('Консоль');
    // 50 a page; the older entries come with "Показать ещё".
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Показать ещё' }).click();
    await expect.poll(() => rows.count()).toBe(100);

    const filters = page.getByRole('form', { name: 'Условия' });
    await filters.getByLabel('Пациент (ID)').fill(String(patientId));
    await filters
      .locator('select[name="who"]')
      .selectOption({ label: `${REGISTRAR.displayName} (${REGISTRAR.username})` });
    await filters.getByRole('button', { name: 'Показать' }).click();
    // Only this patient's entries by this registrar: the invoice made, read, the guardians read.
    await expect
      .poll(async () => [...new Set(await rows.getByTestId('patient').allTextContents())])
      .toEqual([String(patientId)]);
    const actions = await rows.getByTestId('action').allTextContents();
    expect(actions.some((a) => a.startsWith('Просмотр счёта'))).toBe(true);
    expect(actions.some((a) => a.startsWith('Просмотр опекунов'))).toBe(true);
    expect(actions.some((a) => a.startsWith('Выставлен счёт'))).toBe(true);
    expect(new Set(await rows.getByTestId('patient').allTextContents())).toEqual(
      new Set([String(patientId)]),
    );
    const shown = await rows.count();
    await saveScreenshot(page, 'console/admin-audit');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Выгрузить CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}-\d{4}\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at_utc,actor,actor_name,actor_username,via,action,patient_id');
    expect(lines).toHaveLength(shown + 1);
    expect(
      lines.filter((l) => l.includes(`,${REGISTRAR.username},console,invoice.read,${patientId}`)),
    ).toHaveLength(1);
    await page
      .getByRole('status')
      .filter({ hasText: `Выгружено записей: ${shown}` })
      .waitFor();

    // The whole log is more than one export holds: said in words, nothing downloaded.
    await filters.getByRole('button', { name: 'Сбросить' }).click();
    await page.getByRole('button', { name: 'Выгрузить CSV' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /а в одну выгрузку входит не больше 10\s000\. Сузьте период/ })
      .waitFor();
    await saveScreenshot(page, 'console/admin-audit-too-large');
    await page.context().close();
  });

  it('changes a service’s price on a tablet', async () => {
    const page = await c.signedIn(ADMIN, '/catalog', { width: 820, height: 1180 });
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    const row = page.getByTestId(`service-${service.id}`);
    // Its button is on screen, not scrolled off to the right of the table.
    const edit = (await row.getByRole('button', { name: 'Изменить' }).boundingBox())!;
    expect(edit.x + edit.width).toBeLessThanOrEqual(820);
    await row.getByRole('button', { name: 'Изменить' }).click();
    const form = page.getByRole('form', { name: 'Изменить услугу' });
    await form.getByLabel('Цена, ₸').fill('abc');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByRole('alert').filter({ hasText: 'Цена — число в тенге' }).waitFor();
    await form.getByLabel('Цена, ₸').fill('15 500');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => row.getByTestId('price').textContent()).toBe(tenge(1_550_000));
    await form.waitFor({ state: 'detached' });
    expect((await t.client().clinic.services.get.query({ id: service.id })).priceTiyn).toBe(1_550_000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    await saveScreenshot(page, 'console/admin-catalog-tablet');

    // A doctor's schedule opens under the doctor, with their week.
    await page
      .getByRole('toolbar', { name: 'Разделы каталога' })
      .getByRole('button', { name: 'Врачи' })
      .click();
    const doctor = page.locator('[data-testid^="doctor-"]').first();
    await doctor.getByRole('button', { name: 'Расписание' }).click();
    await expect.poll(() => page.getByTestId('interval').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'console/admin-catalog-schedule');
    await page.context().close();
  });

  it('gives back part of a paid invoice', async () => {
    const page = await c.signedIn(ADMIN, '/money');
    const filters = page.getByRole('form', { name: 'Отбор счетов' });
    await filters.getByLabel('Пациент (ID)').fill(String(patientId));
    await filters.getByLabel('Состояние').selectOption('paid');
    await filters.getByRole('button', { name: 'Показать' }).click();
    const row = page.getByTestId(`invoice-${invoice.number}`);
    await row.getByRole('button', { name: 'Открыть' }).click();
    const detail = page.getByTestId('invoice-detail');
    await detail.getByRole('button', { name: 'Вернуть деньги' }).click();
    const refund = page.getByRole('form', { name: 'Вернуть деньги' });
    await refund.getByLabel(/Сколько вернуть/).fill('2000');
    await refund.getByLabel('Причина').fill('скидка постоянному пациенту');
    await refund.getByRole('button', { name: 'Вернуть', exact: true }).click();
    await expect.poll(() => row.getByTestId('refunded').textContent()).toBe(tenge(200_000));
    await detail.getByTestId('refunds').filter({ hasText: 'скидка постоянному пациенту' }).waitFor();
    expect(halyk.refunds.map((r) => r.amountTiyn)).toEqual([200_000]);
    await saveScreenshot(page, 'console/admin-money');
    await page.context().close();
  });

  it('shows a registrar none of these pages, and the API refuses her', async () => {
    const page = await c.signedIn(REGISTRAR, '/');
    await page.getByTestId('my-roles').waitFor();
    const nav = await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link').allTextContents();
    for (const name of ['Каталог', 'Счета и возвраты', 'Журнал доступа', 'Сотрудники'])
      expect(nav).not.toContain(name);
    await page.goto(`${t.url}/console/audit`);
    await page.getByRole('heading', { name: 'Такой страницы нет.' }).waitFor();
    const registrar = t.client(registrarToken);
    expect(await failure(registrar.audit.entries.query({}))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(registrar.audit.export.mutate({ patientId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await failure(registrar.clinic.services.update.mutate({ id: service.id, priceTiyn: 1 })),
    ).toMatchObject({ code: 'FORBIDDEN' });
    await page.context().close();
  });
});
