import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../modules/clinic/index.ts';
import { localDate } from '../shared/time.ts';
import type { TestApp } from '../tests/support/app.ts';
import { bookTherapist } from '../tests/support/booking.ts';
import {
  ADMIN,
  type ConsoleUnderTest,
  saveScreenshot,
  signIn,
  startConsole,
  tokenOf,
} from '../tests/support/console.ts';
import { failure } from '../tests/support/errors.ts';
import { makeIin } from '../tests/support/iin.ts';
import { registrationSteps } from '../tests/support/registration.ts';

/**
 * The analytics page in real Chromium: a patient registers and books in the sandbox bot, and the
 * marketer sees both funnels reach their last step (read from the charts' tables, as a screen
 * reader would); she sees funnels and broadcasts but no payments or attendance, and the API
 * refuses her those anyway; the charts come in their own chunk, not with the console's first load,
 * and break no rule of the CSP; an admin sees the money on a tablet, in Russian and Kazakh.
 * Screenshots: artifacts/console/analytics-*.png.
 */
const MARKETER = { username: 'dana', password: 'dana-password-1' };

let t: TestApp;
let c: ConsoleUnderTest;
const { registerThrough } = registrationSteps(() => t);

beforeAll(async () => {
  // A Russian-speaking clinic's browser: date fields as dd.mm.yyyy.
  c = await startConsole({
    bot: true,
    context: { locale: 'ru-RU', timezoneId: 'Asia/Almaty' },
    timeout: 15_000,
  });
  t = c.t;
  await seedDemoClinic({ em: t.app.orm.em.fork() });
  await t.app.caller({ kind: 'service', name: 'setup', roles: ['admin'] }).staff.create({
    username: MARKETER.username,
    displayName: 'Дана Маркетолог',
    password: MARKETER.password,
    roles: ['marketer'],
  });
}, 120_000);
afterAll(async () => {
  await c?.stop();
});

interface Opened {
  page: Page;
  /** Scripts the page loaded, and what the CSP refused (nothing, we expect). */
  scripts: string[];
  violations: string[];
}

async function open(path: string, viewport = { width: 1280, height: 800 }): Promise<Opened> {
  const page = await c.newPage(viewport);
  const opened: Opened = { page, scripts: [], violations: [] };
  page.on('request', (r) => {
    if (r.resourceType() === 'script') opened.scripts.push(new URL(r.url()).pathname);
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) opened.violations.push(m.text());
  });
  await page.goto(`${t.url}/console${path}`);
  return opened;
}

/** A chart's figures as its table gives them: { row name: [cells…] }. */
async function chartTable(chart: Locator): Promise<Record<string, string[]>> {
  await chart.locator('summary').click();
  const table = chart.getByRole('table');
  await table.waitFor();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')),
    );
  return Object.fromEntries(rows.map(([name, ...cells]) => [name!, cells]));
}

const sectionHeadings = (page: Page) => page.locator('.analytics h2').allTextContents();

describe('the analytics page', () => {
  it('shows a marketer the funnel of a registration and a booking made in the bot, and no money', async () => {
    const patient = await t.sandbox.user({ first_name: 'Жанар', language_code: 'ru' });
    await registerThrough(patient, 'ru', makeIin('1991-03-08', 'female'));
    await bookTherapist(patient, 'ru');
    // Steps are reported without the patient waiting on them: wait until the API has them all.
    const today = localDate(t.clock.now(), 'Asia/Almaty');
    const marketerApi = t.app.caller({ kind: 'service', name: 'm', roles: ['marketer'] }).analytics.staff;
    await expect
      .poll(async () => (await marketerApi.funnels({ from: today, to: today })).booking.at(-1)?.count, {
        timeout: 10_000,
      })
      .toBe(1);

    const { page, scripts, violations } = await open('/');
    await signIn(page, MARKETER);
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    // The charts are not part of the first load: their chunk comes when the page is opened.
    const before = scripts.length;
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Аналитика' }).click();
    await page.getByRole('heading', { name: 'Аналитика', level: 1 }).waitFor();
    expect(scripts.slice(before).length).toBeGreaterThan(0);

    await page.getByTestId('funnel-registration').locator('canvas').waitFor();
    const registration = await chartTable(page.getByTestId('funnel-registration'));
    // Columns: reached, dropped here, drop-off rate, conversion.
    expect(registration.Начали?.[0]).toBe('1');
    expect(registration.Завершили).toEqual(['1', '0', '0\u00a0%', '100\u00a0%']);
    const booking = await chartTable(page.getByTestId('funnel-booking'));
    expect(booking['Открыли запись']?.[0]).toBe('1');
    expect(booking.Подтвердили?.slice(0, 2)).toEqual(['1', '0']);
    // The canvas is an image named by its heading, for those who do not see it.
    expect(
      await page.getByTestId('funnel-booking').getByRole('img', { name: 'Запись на приём' }).count(),
    ).toBe(1);

    // The booking in the bot is counted under its channel.
    await page.getByTestId('section-channels').getByText('Всего записей').waitFor();
    expect(await sectionHeadings(page)).toEqual(['Воронки', 'Записи по каналам', 'NPS', 'Рассылки']);
    await page.getByTestId('section-broadcasts').getByText('За этот период рассылок не было.').waitFor();
    await saveScreenshot(page, 'console/analytics-marketer');
    expect(violations).toEqual([]);

    // What the page does not show, the API refuses her all the same.
    const token = await tokenOf(page);
    const period = { from: today, to: today };
    expect(await failure(t.client(token).analytics.staff.payments.query(period))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await failure(t.client(token).analytics.staff.attendance.query(period))).toMatchObject({
      code: 'FORBIDDEN',
    });
    await page.context().close();
  });

  it('shows an admin every section on a tablet, money in tenge, and in Kazakh', async () => {
    const { page, violations } = await open('/analytics', { width: 768, height: 1024 });
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Аналитика', level: 1 }).waitFor();
    await page.getByTestId('paid').getByText('0\u00a0₸').waitFor();
    expect(await sectionHeadings(page)).toEqual([
      'Воронки',
      'Записи по каналам',
      'Явка',
      'NPS',
      'Рассылки',
      'Платежи',
    ]);
    // A week's bars: the period's weeks, each named by its Monday.
    await page.locator('select[name="interval"]').selectOption('week');
    await page.locator('select[name="doctor"]').selectOption({ index: 1 });
    await page.getByTestId('funnel-booking').locator('canvas').waitFor();
    // Nothing wider than the tablet: the charts shrink, tables scroll in their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await saveScreenshot(page, 'console/analytics-admin-tablet');

    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: 'Воронкалар' }).waitFor();
    await page.getByRole('heading', { name: 'Төлемдер' }).waitFor();
    await saveScreenshot(page, 'console/analytics-admin-kk');
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
