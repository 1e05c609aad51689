import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../tests/support/app.ts';
import { type ConsoleUnderTest, saveScreenshot, startConsole, tokenOf } from '../tests/support/console.ts';
import { demoTherapy, slotAfter } from '../tests/support/demo.ts';
import { failure } from '../tests/support/errors.ts';
import { registerPatient } from '../tests/support/patients.ts';

/**
 * The doctor's console in real Chromium: a doctor signs in, sees their own day (a patient booked
 * through the bot), opens the patient's documents and issues a certificate, which the API files
 * under that doctor's name; the operator's inbox is neither shown to them nor answered for them.
 * Screenshots: artifacts/console/doctor-*.png.
 */
const DOCTOR = { username: 'dr.seitkali', password: 'doctor-password-1' };

let t: TestApp;
let c: ConsoleUnderTest;
let date: string;
let visitId: number;
/** The clinic doctor the account is linked to: the name documents carry. */
let doctorName: string;

beforeAll(async () => {
  c = await startConsole();
  t = c.t;
  const therapy = await demoTherapy(t);
  const admin = t.client(await t.tokenFor('admin'));
  await admin.staff.create.mutate({
    ...DOCTOR,
    displayName: 'Сейтқали Дәурен',
    roles: ['doctor'],
    doctorId: therapy.doctorId,
  });
  doctorName = (await admin.clinic.doctors.get.query({ id: therapy.doctorId })).fullName;
  await registerPatient(t.app, 9_100_001, { firstName: 'Айгерім', lastName: 'Нұрланова' });
  const slot = await slotAfter(t, therapy, 1);
  visitId = (
    await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: 9_100_001 })
      .booking.book({ ...therapy, startsAt: slot.startsAt })
  ).id;
  date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(slot.startsAt);
});
afterAll(async () => {
  await c?.stop();
});

describe('the doctor’s day', () => {
  it('shows the doctor their visits of the day, and issues a certificate for the patient', async () => {
    const page = await c.signedIn(DOCTOR, `/my-day?date=${date}`);
    await page.getByRole('heading', { name: 'Мой день', level: 1 }).waitFor();
    const visit = page.getByTestId(`visit-${visitId}`);
    await visit.waitFor();
    expect(await visit.textContent()).toContain('Нұрланова Айгерім');
    expect(await visit.textContent()).toContain('Записан');
    await saveScreenshot(page, 'console/doctor-day');

    await visit.getByRole('button', { name: 'Документы' }).click();
    await page.getByRole('heading', { name: 'Пациент: Нұрланова Айгерім' }).waitFor();
    await page.getByText('Документов пока нет.').waitFor();
    const form = page.getByRole('form', { name: 'Выписать документ' });
    await form.getByLabel('Вид документа').selectOption('certificate');
    await form.getByLabel('Для предоставления').fill('по месту работы');
    await form.getByLabel('Заключение').fill('Здорова, ограничений нет.');
    await form.getByRole('button', { name: 'Выписать документ' }).click();
    const issued = await page.getByRole('status').filter({ hasText: /Документ СПР-\d{4}-\d{6} выписан/ });
    await issued.waitFor();
    const number = /СПР-\d{4}-\d{6}/.exec((await issued.textContent())!)![0];
    const row = page.getByTestId(`document-${number}`);
    await expect.poll(() => row.textContent()).toContain(doctorName);
    expect(await row.textContent()).toContain('Медицинская справка');
    await saveScreenshot(page, 'console/doctor-document-issued');

    // A field the kind refuses: the API's error in the doctor's language, nothing filed.
    await form.getByLabel('Вид документа').selectOption('certificate');
    await form.getByLabel('Форма').fill('075');
    await form.getByLabel('Для предоставления').fill('в школу');
    await form.getByLabel('Заключение').fill('Здорова.');
    await form.getByRole('button', { name: 'Выписать документ' }).click();
    await form.getByRole('alert').waitFor();
    expect(await page.locator('[data-testid^="document-"]').count()).toBe(1);
    await page.context().close();
  });

  it('shows a day without visits as such, on a tablet', async () => {
    const page = await c.signedIn(DOCTOR, '/my-day?date=2020-01-06', { width: 768, height: 1024 });
    await page.getByText('В этот день у вас нет приёмов.').waitFor();
    await page.getByRole('button', { name: 'Следующий день' }).click();
    await expect.poll(() => page.evaluate(() => location.search)).toBe('?date=2020-01-07');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await saveScreenshot(page, 'console/doctor-empty-day-tablet');
    await page.context().close();
  });

  it('does not show a doctor the operator’s inbox, and the API refuses it to them', async () => {
    const page = await c.signedIn(DOCTOR, '/');
    await page.getByTestId('my-roles').waitFor();
    const nav = page.getByRole('navigation', { name: 'Разделы' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Главная', 'Мой день']);
    await page.goto(`${t.url}/console/support`);
    await page.getByRole('heading', { name: 'Такой страницы нет.' }).waitFor();
    const token = await tokenOf(page);
    expect(await failure(t.client(token).support.staff.inbox.query({}))).toMatchObject({ code: 'FORBIDDEN' });
    await page.context().close();
  });
});
