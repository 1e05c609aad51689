import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, utcToZoned } from '../shared/zoned-time.ts';
import type { TestApp } from '../tests/support/app.ts';
import { type ConsoleUnderTest, saveScreenshot, startConsole } from '../tests/support/console.ts';
import { demoTherapy } from '../tests/support/demo.ts';
import { failure } from '../tests/support/errors.ts';
import { makeIin } from '../tests/support/iin.ts';
import { registerPatient } from '../tests/support/patients.ts';

/**
 * The registrar's pages in real Chromium: she books by phone for a caller the clinic does not know
 * yet (registered from the ID card on the spot) and marks the arrival on the day board; the board
 * follows changes made elsewhere (a booking through the API, "running late" from the bot, an
 * arrival at another desk) without a reload, on a tablet too; she confirms a person from the
 * identity queue; a doctor and a marketer see none of these pages and the API refuses them.
 * Screenshots: artifacts/console/desk-*.png.
 */
const PASSWORD = 'desk-password-1';
const REGISTRAR = 'zhanna';
/** Every account of this file signs in with the same password. */
const staff = (username: string) => ({ username, password: PASSWORD });
let t: TestApp;
let c: ConsoleUnderTest;
let therapy: { branchId: number; serviceId: number; doctorId: number };
let nextUser = 8_100_000;

beforeAll(async () => {
  c = await startConsole();
  t = c.t;
  therapy = await demoTherapy(t);
  const system = t.app.caller({ kind: 'system' });
  await system.staff.create({
    username: REGISTRAR,
    displayName: 'Жанна Әбілова',
    password: PASSWORD,
    roles: ['registrar'],
  });
  await system.staff.create({
    username: 'dr.nurlan',
    displayName: 'Нұрлан Дәрігер',
    password: PASSWORD,
    roles: ['doctor'],
    doctorId: therapy.doctorId,
  });
  await system.staff.create({
    username: 'marat',
    displayName: 'Марат',
    password: PASSWORD,
    roles: ['marketer'],
  });
});
afterAll(async () => {
  await c?.stop();
});

/** The therapist's first working day from tomorrow on, in the branch's calendar. */
async function workingDay(): Promise<string> {
  const from = addDays(utcToZoned(t.clock.now().getTime(), 'Asia/Almaty').date, 1);
  const desk = t.client(await t.tokenFor('registrar'));
  const { days } = await desk.booking.staff.availability.query({ ...therapy, from, to: addDays(from, 14) });
  return days.find((d) => d.slots.length > 0)!.date;
}

const rowOf = (page: Page, patient: string) => page.getByRole('row').filter({ hasText: patient });

describe("the registrar's desk", () => {
  let day: string;
  let board: Page;

  it('books by phone for a new patient, registered from the ID card, and marks the arrival', async () => {
    day = await workingDay();
    const page = await c.signedIn(staff(REGISTRAR), '/desk/book');
    await page.getByRole('heading', { name: 'Запись по телефону', level: 1 }).waitFor();
    // The caller is not known yet.
    await page.getByLabel('ФИО, телефон или ИИН').fill('Жұмабекова Сәуле');
    await page.getByRole('button', { name: 'Найти', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Никого не нашли' }).waitFor();
    await page.getByRole('button', { name: 'Новый пациент' }).click();
    const form = page.getByRole('form', { name: 'Зарегистрировать пациента' });
    await form.getByLabel('Фамилия').fill('Жұмабекова');
    await form.getByLabel('Имя', { exact: true }).fill('Сәуле');
    await form.getByLabel('ИИН').fill(makeIin('1990-05-10', 'female'));
    await form.getByLabel('Телефон').fill('+7 701 555 01 01');
    await form.getByLabel('Пациент подписал согласие').check();
    await form.getByRole('button', { name: 'Зарегистрировать пациента' }).click();
    await expect.poll(() => page.getByTestId('chosen-patient').textContent()).toContain('Жұмабекова Сәуле');
    // Her phone as people here write it, not as it is stored (+77015550101).
    expect(await page.getByTestId('chosen-patient').textContent()).toContain('+7 701 555 01 01');

    await page.locator('select[name="branch"]').selectOption(String(therapy.branchId));
    await page.locator('select[name="service"]').selectOption({ label: 'Первичный приём терапевта' });
    await page.locator('input[name="day"]').fill(day);
    const times = page.getByRole('group', { name: 'Свободное время' });
    await times.getByRole('button').first().click();
    await page.getByRole('radio', { name: 'По телефону' }).waitFor();
    expect(await page.getByRole('radio', { name: 'По телефону' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Записать', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Жұмабекова Сәуле записан(а)' }).waitFor();
    await saveScreenshot(page, 'console/desk-book-new-patient');

    // The visit was booked through the phone channel, for the new record.
    const admin = t.client(await t.tokenFor('admin'));
    const [found] = await admin.booking.staff.findPatients.query({ name: 'Жұмабекова Сәуле' });
    expect(found).toMatchObject({ lastName: 'Жұмабекова', phoneIsOwn: true });

    await page.getByRole('link', { name: 'Открыть расписание этого дня' }).click();
    await page.getByRole('heading', { name: 'Расписание дня', level: 1 }).waitFor();
    const row = rowOf(page, 'Жұмабекова Сәуле');
    await expect.poll(() => row.getByTestId('status').textContent()).toBe('Записан');
    await row.getByRole('button', { name: 'Пришёл' }).click();
    await expect.poll(() => row.getByTestId('status').textContent()).toBe('Пришёл');
    expect(await page.getByTestId('console-desk-figure-arrived').textContent()).toContain('1');
    board = page;
  });

  it('follows changes made elsewhere without a reload: a booking, "running late", an arrival', async () => {
    const page = board;
    const user = ++nextUser;
    const patient = await registerPatient(t.app, user, { lastName: 'Омарова', firstName: 'Динара' });
    const desk = t.client(await t.tokenFor('registrar'));
    const { days } = await desk.booking.staff.availability.query({ ...therapy, from: day, to: day });
    const slot = days[0]!.slots.at(-1)!;
    const booked = await desk.booking.staff.book.mutate({
      ...therapy,
      patientId: patient.id,
      startsAt: slot.startsAt,
    });
    const row = rowOf(page, 'Омарова Динара');
    await expect.poll(() => row.getByTestId('status').textContent(), { timeout: 12_000 }).toBe('Записан');

    // The patient says in the bot they will be 15 minutes late.
    const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user });
    await bot.booking.arrival({
      appointmentId: booked.id,
      version: booked.version,
      answer: 'late',
      minutes: 15,
    });
    await expect
      .poll(() => row.getByTestId('late').textContent(), { timeout: 12_000 })
      .toBe('Опаздывает на 15 мин');
    expect(await page.getByTestId('console-desk-figure-late').textContent()).toContain('1');
    await saveScreenshot(page, 'console/desk-board');

    // On a tablet at another desk, she arrives; both boards show it.
    const tablet = await c.signedIn(staff(REGISTRAR), `/desk?branch=${therapy.branchId}&date=${day}`, {
      width: 768,
      height: 1024,
    });
    const tabletRow = rowOf(tablet, 'Омарова Динара');
    await tabletRow.getByRole('button', { name: 'Пришёл' }).click();
    await expect.poll(() => tabletRow.getByTestId('status').textContent()).toBe('Пришёл');
    await expect.poll(() => row.getByTestId('status').textContent(), { timeout: 12_000 }).toBe('Пришёл');
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await saveScreenshot(tablet, 'console/desk-board-tablet');
    await tablet.context().close();
  });

  it('moves a visit to another free time and cancels one with a reason', async () => {
    const page = board;
    const row = rowOf(page, 'Жұмабекова Сәуле');
    // An arrived visit is no longer moved; book one more for her to move and cancel.
    const desk = t.client(await t.tokenFor('registrar'));
    const patient = await registerPatient(t.app, ++nextUser, { lastName: 'Ким', firstName: 'Алина' });
    const { days } = await desk.booking.staff.availability.query({ ...therapy, from: day, to: day });
    await desk.booking.staff.book.mutate({
      ...therapy,
      patientId: patient.id,
      startsAt: days[0]!.slots[1]!.startsAt,
    });
    const kim = rowOf(page, 'Ким Алина');
    const before = await kim.locator('td').first().textContent({ timeout: 12_000 });
    await kim.getByRole('button', { name: 'Перенести' }).click();
    const move = page.getByRole('group', { name: 'Перенос визита' });
    await move.getByRole('group', { name: 'Свободное время' }).getByRole('button').last().click();
    await expect.poll(() => kim.locator('td').first().textContent()).not.toBe(before);
    await kim.getByRole('button', { name: 'Отменить' }).click();
    const cancel = page.getByRole('form', { name: 'Отмена визита' });
    await cancel.locator('select[name="reason"]').selectOption('doctor_unavailable');
    await cancel.getByRole('button', { name: 'Отменить визит' }).click();
    await expect.poll(() => kim.getByTestId('status').textContent()).toBe('Отменён');
    expect(await kim.textContent()).toContain('Врач не сможет принять');
    expect(await row.getByTestId('status').textContent()).toBe('Пришёл');
    await page.context().close();
  });

  it('confirms a person from the identity queue with the reference from their chat', async () => {
    const api = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: ++nextUser }).patients;
    const { consentVersion } = await api.registration.state();
    await api.registration.chooseLanguage({ language: 'kk' });
    await api.registration.answerConsents({ version: consentVersion, accepted: true });
    await api.registration.answerMarketing({ optIn: false });
    const phone = '+77015550177';
    await api.registration.setPhone({ phone });
    await api.registration.setNamePart({ part: 'last', value: 'Тоқтарова' });
    await api.registration.setNamePart({ part: 'first', value: 'Әйгерім' });
    await api.registration.setNamePart({ part: 'middle', value: null });
    await api.registration.setIin({ iin: makeIin('1985-03-03', 'female') });
    await api.registration.complete();
    const reference = (await api.registration.askDesk()).verify!.deskReference!;

    const page = await c.signedIn(staff(REGISTRAR), '/desk/identity');
    const card = page.getByRole('article', { name: 'Тоқтарова Әйгерім' });
    await card.waitFor();
    expect(await card.getByTestId('record').textContent()).toBe(
      'Нет: при подтверждении будет создана новая карта',
    );
    await saveScreenshot(page, 'console/desk-identity');
    // A wrong reference: the API's error, in Russian.
    await card.getByLabel('Номер заявки').fill('000000');
    await card.getByRole('button', { name: 'Подтвердить' }).click();
    await card.getByRole('alert').filter({ hasText: 'Номер заявки не совпадает' }).waitFor();
    await card.getByLabel('Номер заявки').fill(reference);
    await card.getByRole('button', { name: 'Подтвердить' }).click();
    await card.waitFor({ state: 'detached' });
    expect((await api.me()).registered).toBe(true);
    await page.getByRole('button', { name: 'Подтверждены' }).click();
    await page.getByRole('article', { name: 'Тоқтарова Әйгерім' }).getByTestId('decided').waitFor();
    await page.context().close();
  });

  it('shows a doctor and a marketer none of these pages, and the API refuses the marketer', async () => {
    for (const username of ['dr.nurlan', 'marat']) {
      const page = await c.signedIn(staff(username), '/');
      await page.getByTestId('my-roles').waitFor();
      const links = await page
        .getByRole('navigation', { name: 'Разделы' })
        .getByRole('link')
        .allTextContents();
      for (const title of ['Расписание дня', 'Запись по телефону', 'Подтверждение личности'])
        expect(links, username).not.toContain(title);
      for (const path of ['/desk', '/desk/book', '/desk/identity']) {
        await page.goto(`${t.url}/console${path}`);
        await page.getByRole('heading', { name: 'Такой страницы нет.' }).waitFor();
      }
      await page.context().close();
    }
    const marketer = t.client(await t.tokenFor('marketer'));
    for (const call of [
      () => marketer.booking.staff.dayBoard.query({ branchId: therapy.branchId, date: day }),
      () => marketer.booking.staff.findPatients.query({ name: 'Жұмабекова' }),
      () => marketer.patients.staff.identityChecks.query({}),
    ])
      expect((await failure(call())).code).toBe('FORBIDDEN');
  });
});
