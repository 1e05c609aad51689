import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../tests/support/app.ts';
import {
  ADMIN,
  type ConsoleUnderTest,
  saveScreenshot,
  startConsole,
  storedSession,
  tokenOf,
} from '../tests/support/console.ts';
import { demoTherapy, slotAfter } from '../tests/support/demo.ts';
import { failure } from '../tests/support/errors.ts';
import { registerPatient } from '../tests/support/patients.ts';

/**
 * The Staff page's links in real Chromium: an admin adds a doctor's account linked to a clinic
 * doctor and to her Telegram account, and changes the Telegram id later; the doctor signs in, is
 * greeted by name and sees her own visits in "My day"; signing out ends her token on the server,
 * while her other session goes on. Screenshots: artifacts/console/staff-links*.png,
 * artifacts/console/signed-out.png.
 */
const DOCTOR = { username: 'dr.amanova', password: 'doctor-password-1', name: 'Аманова Гүлнар' };

let t: TestApp;
let c: ConsoleUnderTest;
let doctorName: string;
let date: string;
let visitId: number;

beforeAll(async () => {
  c = await startConsole();
  t = c.t;
  const therapy = await demoTherapy(t);
  doctorName = (await t.client(await t.tokenFor('admin')).clinic.doctors.get.query({ id: therapy.doctorId }))
    .fullName;
  await registerPatient(t.app, 9_200_001, { firstName: 'Дәулет', lastName: 'Серікбаев' });
  const slot = await slotAfter(t, therapy, 1);
  visitId = (
    await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: 9_200_001 })
      .booking.book({ ...therapy, startsAt: slot.startsAt })
  ).id;
  date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(slot.startsAt);
});
afterAll(async () => {
  await c?.stop();
});

describe('the staff page’s links', () => {
  it('links a doctor’s account to a clinic doctor and to Telegram; the doctor then sees her day', async () => {
    const admin = await c.signedIn(ADMIN, '/staff');
    await admin.getByRole('heading', { name: 'Сотрудники', level: 1 }).waitFor();
    const create = admin.getByRole('form', { name: 'Добавить сотрудника' });
    await create.locator('input[name="username"]').fill(DOCTOR.username);
    // A typo in her name, corrected below.
    await create.locator('input[name="displayName"]').fill('Аманова Гулнар');
    await create.locator('input[name="password"]').fill(DOCTOR.password);
    // The doctor choice is there only for the doctor role.
    expect(await create.getByLabel('Врач клиники').count()).toBe(0);
    await create.getByLabel('Врач', { exact: true }).check();
    await create.getByLabel('Врач клиники').selectOption({ label: doctorName });
    await create.getByLabel('Telegram ID').fill('5550001');
    await create.getByRole('button', { name: 'Добавить сотрудника' }).click();
    const row = admin.getByTestId(`account-${DOCTOR.username}`);
    await expect.poll(() => row.getByTestId('name').textContent()).toContain(`Врач: ${doctorName}`);
    expect(await row.getByTestId('name').textContent()).toContain('Telegram: 5550001');
    // The form is fresh for the next account, the doctor choice hidden with its role.
    expect(await create.getByLabel('Врач клиники').count()).toBe(0);

    // A new Telegram account: the edit form starts from what is saved.
    await row.getByRole('button', { name: 'Изменить' }).click();
    const edit = admin.getByRole('form', { name: 'Имя, роли и привязки' });
    expect(await edit.getByLabel('Врач клиники').inputValue()).not.toBe('');
    expect(await edit.getByLabel('Telegram ID').inputValue()).toBe('5550001');
    await edit.getByLabel('Telegram ID').fill('5550002');
    // The name can be corrected too.
    expect(await edit.getByLabel('Имя и фамилия').inputValue()).toBe('Аманова Гулнар');
    await edit.getByLabel('Имя и фамилия').fill(DOCTOR.name);
    await saveScreenshot(admin, 'console/staff-links-edit');
    await edit.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => row.getByTestId('name').textContent()).toContain('Telegram: 5550002');
    expect(await row.getByTestId('name').textContent()).toContain(DOCTOR.name);
    const saved = (await t.client(await tokenOf(admin)).staff.list.query()).find(
      (a) => a.username === DOCTOR.username,
    );
    expect(saved).toMatchObject({ roles: ['doctor'], telegramUserId: 5550002 });
    expect(saved?.doctorId).toBeTypeOf('number');
    await saveScreenshot(admin, 'console/staff-links');
    await admin.context().close();

    // The doctor, in a browser of her own: greeted by name, her visits in "My day".
    const doctor = await c.signedIn(DOCTOR, '/');
    await doctor.getByRole('heading', { name: `Здравствуйте, ${DOCTOR.name}!` }).waitFor();
    expect(await doctor.getByTestId('who').textContent()).toBe(DOCTOR.name);
    await doctor.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Мой день' }).click();
    await doctor.getByRole('heading', { name: 'Мой день', level: 1 }).waitFor();
    await doctor.goto(`${t.url}/console/my-day?date=${date}`);
    await doctor.getByTestId(`visit-${visitId}`).waitFor();
    expect(await doctor.getByTestId(`visit-${visitId}`).textContent()).toContain('Серікбаев Дәулет');
    await saveScreenshot(doctor, 'console/staff-links-my-day');
    await doctor.context().close();
  });

  it('ends the token on the server when she signs out, and her other session goes on', async () => {
    const desk = await c.signedIn(DOCTOR, '/');
    await desk.getByTestId('my-roles').waitFor();
    const tablet = await c.signedIn(DOCTOR, '/');
    await tablet.getByTestId('my-roles').waitFor();
    const token = await tokenOf(desk);
    expect(await t.client(token).auth.me.query()).toMatchObject({ name: DOCTOR.username });

    await desk.getByRole('button', { name: 'Выйти' }).click();
    await desk.getByRole('button', { name: 'Войти', exact: true }).waitFor();
    expect(await storedSession(desk)).toBeNull();
    await saveScreenshot(desk, 'console/signed-out');
    // A copy of the token (kept by anyone who saw it) opens nothing any more.
    expect(await failure(t.client(token).auth.me.query())).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'The token has been revoked',
    });
    // The tablet's own sign-in still works.
    await tablet.reload();
    await tablet.getByRole('heading', { name: `Здравствуйте, ${DOCTOR.name}!` }).waitFor();
    expect(await t.client(await tokenOf(tablet)).auth.me.query()).toMatchObject({ name: DOCTOR.username });
    await desk.context().close();
    await tablet.context().close();
  });
});
