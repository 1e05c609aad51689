import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../tests/support/app.ts';
import { type ConsoleUnderTest, saveScreenshot, startConsole, tokenOf } from '../tests/support/console.ts';
import { demoTherapy, slotAfter } from '../tests/support/demo.ts';
import { failure } from '../tests/support/errors.ts';
import { patientInChat, registerPatient } from '../tests/support/patients.ts';
import type { SandboxUser } from '../tests/support/sandbox-user.ts';

/**
 * The operator's console in real Chromium against the bot in the sandbox: a patient asks for a
 * person in the chat, the operator answers in the inbox and the answer arrives in the patient's
 * chat; a low NPS is called back and its resolution recorded; the FAQ is edited in both languages
 * and what patients read follows. An operator has no doctor's day. Screenshots:
 * artifacts/console/support-*.png.
 */
const OPERATOR = { username: 'op.aigul', password: 'operator-password-1' };

let t: TestApp;
let c: ConsoleUnderTest;
let patient: SandboxUser;
let ticketNumber: number;

beforeAll(async () => {
  c = await startConsole({ bot: true });
  t = c.t;
  const therapy = await demoTherapy(t);
  await t.client(await t.tokenFor('admin')).staff.create.mutate({
    ...OPERATOR,
    displayName: 'Айгүл Операторова',
    roles: ['operator'],
  });
  // A visit that went badly, scored 3 (before anyone signs in: the clock moves past the visit).
  const unhappy = 9_200_002;
  await registerPatient(t.app, unhappy, { firstName: 'Ерлан', lastName: 'Тоқтаров', sex: 'male' });
  const slot = await slotAfter(t, therapy, 1);
  const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: unhappy });
  const visit = await bot.booking.book({ ...therapy, startsAt: slot.startsAt });
  t.clock.advance(slot.startsAt.getTime() + 40 * 60_000 - t.clock.now().getTime());
  const desk = t.app.caller({ kind: 'service', name: 'desk', roles: ['registrar'] }).booking.staff;
  await desk.setStatus({ appointmentId: visit.id, status: 'arrived' });
  await desk.setStatus({ appointmentId: visit.id, status: 'completed' });
  await bot.feedback.answer({ appointmentId: visit.id, score: 3 });

  // A patient in the chat asks for a person.
  patient = await patientInChat(t, 'ru', 'Динара');
  await patient.send('Можно ли сдать анализы без записи?');
  await patient.expectMessage(/не нашёл ответа в справке/);
  await patient.tap('💬 Связаться с сотрудником');
  await patient.expectMessage(/Напишите ваш вопрос одним сообщением/);
  await patient.send('Можно ли сдать анализы без записи утром?');
  const opened = await patient.expectMessage(/Обращение № (\d+) принято/);
  ticketNumber = Number(/№ (\d+)/.exec(opened.text ?? '')![1]);
});
afterAll(async () => {
  await c?.stop();
});

describe('the operator’s console', () => {
  it('answers a ticket from the inbox, and the patient reads the answer in the chat', async () => {
    const page = await c.signedIn(OPERATOR, '/support');
    await page.getByRole('heading', { name: 'Обращения', level: 1 }).waitFor();
    const row = page.getByTestId(`ticket-${ticketNumber}`);
    expect(await row.textContent()).toContain('Динара');
    await row.getByRole('button', { name: 'Открыть' }).click();
    await page.getByRole('heading', { name: new RegExp(`Обращение № ${ticketNumber}`) }).waitFor();
    await page.getByRole('button', { name: 'Взять себе' }).click();
    await expect.poll(() => row.textContent()).toContain('Вы');

    const reply = page.getByRole('form', { name: 'Ответ пациенту' });
    await reply.getByLabel(/Ответ/).fill('Да, с 8 до 10 утра натощак, без записи.');
    await reply.getByRole('button', { name: 'Отправить ответ' }).click();
    await patient.expectMessage(
      new RegExp(`Ответ клиники по обращению № ${ticketNumber}:\\nДа, с 8 до 10 утра натощак, без записи\\.`),
    );
    const thread = page.getByRole('list', { name: 'Переписка' });
    await expect.poll(() => thread.getByTestId('message').count()).toBe(2);
    // Answered: the ticket waits for the patient now, and leaves the "waiting for an answer" list.
    await expect.poll(() => page.getByTestId('ticket-status').textContent()).toContain('слово за пациентом');
    await row.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Ответ дан', exact: true }).click();
    await page.getByTestId(`ticket-${ticketNumber}`).waitFor();
    await saveScreenshot(page, 'console/support-inbox');

    // The patient writes again: the ticket is the clinic's to answer once more.
    await patient.send('Спасибо! А сколько стоит?');
    await patient.expectMessage(new RegExp(`Добавлено в обращение № ${ticketNumber}`));
    await page.getByRole('button', { name: 'Ждут ответа', exact: true }).click();
    await page.getByTestId(`ticket-${ticketNumber}`).waitFor();
    await page.context().close();
  });

  it('lays the inbox out on a tablet', async () => {
    const page = await c.signedIn(OPERATOR, '/support', { width: 768, height: 1024 });
    await page.getByTestId(`ticket-${ticketNumber}`).getByRole('button', { name: 'Открыть' }).click();
    await page.getByRole('form', { name: 'Ответ пациенту' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await saveScreenshot(page, 'console/support-ticket-tablet');
    await page.context().close();
  });

  it('offers no answer on a closed ticket (the API refuses one) until it is reopened', async () => {
    const page = await c.signedIn(OPERATOR, '/support');
    await page.getByRole('button', { name: 'Все', exact: true }).click();
    await page.getByTestId(`ticket-${ticketNumber}`).getByRole('button', { name: 'Открыть' }).click();
    await page.getByRole('button', { name: 'Закрыть обращение' }).click();
    await page.getByRole('button', { name: 'Да, закрыть' }).click();
    await page.getByTestId('closed-no-reply').waitFor();
    expect(await page.getByRole('form', { name: 'Ответ пациенту' }).count()).toBe(0);
    const operator = t.client(await tokenOf(page)).support.staff;
    const refused = await failure(
      operator.reply.mutate({ ticketId: ticketNumber, text: 'Ещё одно', idempotencyKey: 'after-close' }),
    );
    expect(refused.domain).toMatchObject({ module: 'support', code: 'answer_to_closed' });
    await page.getByRole('button', { name: 'Открыть снова' }).click();
    await page.getByRole('form', { name: 'Ответ пациенту' }).waitFor();
    await page.context().close();
  });

  it('records what was done about a low score, which closes its follow-up', async () => {
    const page = await c.signedIn(OPERATOR, '/follow-ups');
    await page.getByRole('heading', { name: 'Низкие оценки', level: 1 }).waitFor();
    const row = page.locator('[data-testid^="follow-up-"]').first();
    expect(await row.textContent()).toContain('Тоқтаров Ерлан');
    // The phone to call back, as people here write it.
    expect(await row.textContent()).toMatch(/\+7 702 \d{3} \d{2} \d{2}/);
    await row.getByRole('button', { name: 'Записать итог' }).click();
    const form = page.getByRole('form', { name: 'Записать итог' });
    await form.getByLabel('Что сделано').fill('Позвонили, извинились, записали к заведующей.');
    await form.getByRole('button', { name: 'Закрыть с этим итогом' }).click();
    await page.getByText('Здесь ничего нет.').waitFor();
    await page.getByRole('button', { name: 'Закрытые', exact: true }).click();
    await expect
      .poll(() => page.locator('[data-testid^="follow-up-"]').first().textContent())
      .toContain('записали к заведующей');
    await saveScreenshot(page, 'console/support-follow-ups');
    await page.context().close();
  });

  it('edits the FAQ in both languages, and patients read what is published', async () => {
    const page = await c.signedIn(OPERATOR, '/faq');
    await page.getByRole('heading', { name: 'Справка (FAQ)', level: 1 }).waitFor();
    const topic = page.getByRole('form', { name: 'Добавить тему' });
    await topic.getByLabel('Тема (Русский)').fill('Анализы');
    await topic.getByLabel('Тема (Казахский)').fill('Талдаулар');
    await topic.getByRole('button', { name: 'Добавить тему' }).click();
    await page.getByRole('heading', { name: 'Анализы', level: 2 }).waitFor();

    const entry = page.getByRole('form', { name: 'Добавить вопрос' });
    await entry.getByLabel('Вопрос (Русский)').fill('Нужно ли записываться на анализы?');
    await entry.getByLabel('Вопрос (Казахский)').fill('Талдауларға жазылу керек пе?');
    await entry.getByLabel('Ответ (Русский)').fill('Нет, приходите с 8 до 10 утра натощак.');
    await entry.getByLabel('Ответ (Казахский)').fill('Жоқ, таңғы 8-ден 10-ға дейін аш қарынға келіңіз.');
    await entry.getByLabel(/Опубликован/).check();
    await entry.getByRole('button', { name: 'Добавить вопрос' }).click();
    const row = page.locator('[data-testid^="entry-"]').first();
    await expect.poll(() => row.textContent()).toContain('Нужно ли записываться на анализы?');
    const [category] = await t.client().support.faq.categories.query();
    const published = await t.client().support.faq.entries.query({ categoryId: category!.id });
    expect(published.map((e) => e.question.kk)).toEqual(['Талдауларға жазылу керек пе?']);

    // In Kazakh the list reads in Kazakh; an edit there changes what patients read.
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await expect.poll(() => row.textContent()).toContain('Талдауларға жазылу керек пе?');
    await row.getByRole('button', { name: 'Өзгерту' }).click();
    const edit = page.getByRole('form', { name: 'Сұрақты өзгерту' });
    await edit
      .getByLabel('Жауап (Қазақша)')
      .fill('Жоқ, жазылудың қажеті жоқ: таңғы 8-ден 10-ға дейін келіңіз.');
    await edit.getByRole('button', { name: 'Сақтау' }).click();
    await edit.waitFor({ state: 'detached' });
    const [changed] = await t.client().support.faq.entries.query({ categoryId: category!.id });
    expect(changed!.answer.kk).toBe('Жоқ, жазылудың қажеті жоқ: таңғы 8-ден 10-ға дейін келіңіз.');
    await saveScreenshot(page, 'console/support-faq-kk');

    await row.getByRole('button', { name: 'Жою' }).click();
    await row.getByRole('button', { name: 'Иә, жою' }).click();
    await page.getByText('Бұл тақырыпта әзірге сұрақ жоқ.').waitFor();
    expect(await t.client().support.faq.entries.query({ categoryId: category!.id })).toEqual([]);
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.context().close();
  });

  it('does not show an operator the doctor’s day, and the API refuses it to them', async () => {
    const page = await c.signedIn(OPERATOR, '/');
    await page.getByTestId('my-roles').waitFor();
    const nav = page.getByRole('navigation', { name: 'Разделы' });
    // Her pages (whichever others her role also has, such as analytics), never the doctor's.
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toEqual(expect.arrayContaining(['Главная', 'Обращения', 'Низкие оценки', 'Справка (FAQ)']));
    expect(links).not.toContain('Мой день');
    await page.goto(`${t.url}/console/my-day`);
    await page.getByRole('heading', { name: 'Такой страницы нет.' }).waitFor();
    const token = await tokenOf(page);
    const operator = t.client(token);
    expect(await failure(operator.booking.staff.myDay.query({ date: '2026-03-02' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await failure(operator.documents.staff.list.query({ patientId: 1 }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    await page.context().close();
  });
});
