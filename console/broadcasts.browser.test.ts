import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../tests/support/app.ts';
import { type Reader, readers, received, settle, staffWithChat } from '../tests/support/broadcasts.ts';
import { ADMIN, type ConsoleUnderTest, saveScreenshot, startConsole } from '../tests/support/console.ts';
import { demoTherapy } from '../tests/support/demo.ts';
import type { SandboxUser } from '../tests/support/sandbox-user.ts';

/**
 * The broadcasts pages in real Chromium, as a marketer and an admin use them: she composes a
 * broadcast, watches the audience preview (masked people only) narrow as she picks a language,
 * saves it, sends it to her own Telegram chat (it arrives there in both languages), and, once an
 * admin approved it (a button only he sees), schedules it; when its time comes the numbers say it
 * was sent. Automations: she writes a recall, the admin approves it. A registrar has none of these
 * pages. Screenshots: artifacts/console/broadcasts-*.png.
 */
const MARKETER = { username: 'dana', password: 'long-password-1' };
const REGISTRAR = { username: 'aliya', password: 'aliya-password-1' };
const ZONE = 'Asia/Almaty';

let t: TestApp;
let c: ConsoleUnderTest;
let marketerChat: SandboxUser;
let people: Reader[];
let broadcastId = 0;

beforeAll(async () => {
  c = await startConsole({ bot: true, context: { timezoneId: ZONE, locale: 'ru-RU' } });
  t = c.t;
  // The demo clinic's branches and services, for the audience builder and a "book" button.
  await demoTherapy(t);
  // Her own Telegram chat is set on her account (staff.update): test sends go there.
  marketerChat = (await staffWithChat(t, ['marketer'], MARKETER.username)).user;
  // Four readers who agreed to marketing (two Russian, two Kazakh), one who did not.
  people = await readers(t, 4, { marketing: true });
  await readers(t, 1, { marketing: false, name: 'Несогласный' });
  const admin = t.client(await t.tokenFor('admin'));
  await admin.staff.create.mutate({ ...REGISTRAR, displayName: 'Әлия', roles: ['registrar'] });
}, 120_000);
afterAll(async () => {
  await c?.stop();
});

/** A datetime-local field's text for a moment of the app's clock, in the browser's zone. */
const localField = (at: Date) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(at)
    .replace(' ', 'T');

/** Nothing on the page looks like an IIN (12 digits) or a phone number. */
async function expectNoIinOrPhone(page: Page) {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text).not.toMatch(/\d{12}|\+?7\s?\(?7\d\d/);
}

describe('the broadcasts pages', () => {
  it('let a marketer compose, preview (masked), save and test a broadcast in her own chat', async () => {
    const page = await c.signedIn(MARKETER, '/broadcasts');
    await page.getByRole('heading', { name: 'Рассылки', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Новая рассылка' }).click();

    await page.getByLabel('Название', { exact: true }).fill('Осенний чекап');
    await page.locator('textarea[name="text-ru"]').fill('{first_name}, осенью чекап со скидкой 20%.');
    await page.locator('textarea[name="text-kk"]').fill('{first_name}, күзде чекап 20% жеңілдікпен.');
    await page.getByRole('button', { name: 'Добавить кнопку' }).click();
    const link = page.getByRole('group', { name: 'Кнопка 1' });
    await link.getByLabel('Надпись на русском').fill('Подробнее');
    await link.getByLabel('Надпись на казахском').fill('Толығырақ');
    await link.getByLabel('Ссылка').fill('https://clinic.example/checkup');
    await page.getByRole('button', { name: 'Добавить кнопку' }).click();
    const book = page.getByRole('group', { name: 'Кнопка 2' });
    await book.getByLabel('Что делает').selectOption({ label: 'Записаться на услугу' });
    await book.getByLabel('Услуга').selectOption({ label: 'Первичный приём терапевта' });
    await book.getByLabel('Надпись на русском').fill('Записаться');
    await book.getByLabel('Надпись на казахском').fill('Жазылу');

    // Marketing: the four who agreed, not the one who did not.
    const count = page.getByTestId('audience-count');
    await expect.poll(() => count.textContent()).toBe('4 человека');
    expect(await page.getByTestId('audience-languages').textContent()).toBe('по-русски 2, по-казахски 2');
    // Kazakh chats only: the preview follows once typing pauses.
    await page.getByRole('checkbox', { name: 'Казахский' }).check();
    await expect.poll(() => count.textContent()).toBe('2 человека');
    const examples = await page.getByTestId('audience-example').allTextContents();
    expect(examples).toHaveLength(2);
    // Masked: a first name's first and last letter, an initial — never the name itself.
    for (const row of examples) expect(row).toMatch(/^Ч•••. С\. · 38 · женский · Казахский$/);
    for (const reader of people)
      expect(await page.locator('body').textContent()).not.toContain(reader.firstName);
    await expectNoIinOrPhone(page);
    await page.getByRole('checkbox', { name: 'Казахский' }).uncheck();
    await expect.poll(() => count.textContent()).toBe('4 человека');
    await saveScreenshot(page, 'console/broadcasts-composer');

    await page.getByRole('button', { name: 'Сохранить черновик' }).click();
    await page.getByTestId('broadcast-state').filter({ hasText: 'Черновик' }).waitFor();
    broadcastId = Number(new URL(page.url()).searchParams.get('id'));
    expect(broadcastId).toBeGreaterThan(0);
    // Not hers to approve: the button is not there at all.
    expect(await page.getByRole('button', { name: 'Одобрить' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Отправить себе на пробу' }).click();
    await page.getByRole('status').filter({ hasText: 'отправлено в ваш Telegram' }).waitFor();
    await page.getByTestId('tested').filter({ hasText: 'да' }).waitFor();
    await page.getByText('Ждёт одобрения администратора.').waitFor();
    // Both languages reach her own chat, with her name for {first_name}.
    await expect
      .poll(
        async () => (await received(t, [marketerChat], /^dana, (осенью|күзде) чекап/)).get(marketerChat.id),
        {
          timeout: 15_000,
        },
      )
      .toBe(2);
    await page.context().close();
  });

  it('lets only an admin approve; then she schedules it and the numbers show it sent', async () => {
    const admin = await c.signedIn(ADMIN, `/broadcasts?id=${broadcastId}`);
    await admin.getByRole('button', { name: 'Одобрить' }).click();
    await admin.getByTestId('approved').filter({ hasText: /^да/ }).waitFor();
    await admin.context().close();

    const page = await c.signedIn(MARKETER, `/broadcasts?id=${broadcastId}`);
    const sendAt = new Date(t.clock.now().getTime() + 10 * 60_000);
    await page.locator('input[name="sendAt"]').fill(localField(sendAt));
    await page.getByRole('button', { name: 'Запланировать' }).click();
    await page.getByTestId('broadcast-state').filter({ hasText: 'Запланирована' }).waitFor();
    expect(await page.getByTestId('send-at').textContent()).toBe(
      new Intl.DateTimeFormat('ru-RU', {
        timeZone: ZONE,
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }).format(sendAt),
    );

    // Its time comes (the app's clock moves on; her session is still valid).
    t.clock.advance(11 * 60_000);
    await settle(t, broadcastId, t.client(await t.tokenFor('marketer')));
    await page.getByTestId('broadcast-state').filter({ hasText: 'Отправлена' }).waitFor({ timeout: 15_000 });
    const sent = page.getByTestId('stat-sent').getByTestId('total');
    await expect.poll(() => sent.textContent()).toBe('4');
    expect(await page.getByTestId('stat-targeted').getByTestId('total').textContent()).toBe('4');
    await expectNoIinOrPhone(page);
    await saveScreenshot(page, 'console/broadcasts-stats');
    // The readers got it, each with their own name.
    expect([
      ...(
        await received(
          t,
          people.map((p) => p.user),
          /чекап/,
        )
      ).values(),
    ]).toEqual([1, 1, 1, 1]);

    await page.getByRole('link', { name: 'Рассылки', exact: true }).first().click();
    const row = page.getByTestId(`broadcast-${broadcastId}`);
    await expect.poll(() => row.getByTestId('state').textContent()).toBe('Отправлена');
    await expect.poll(() => row.getByTestId('numbers').textContent()).toContain('отправлено 4 из 4');
    await saveScreenshot(page, 'console/broadcasts-list');
    await page.context().close();
  });

  it('lets a marketer write a recall that only an admin starts', async () => {
    const page = await c.signedIn(MARKETER, '/automations');
    await page.getByRole('heading', { name: 'Аудитории и автоматизации', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Новая автоматизация' }).click();
    const form = page.getByRole('form', { name: 'Новая автоматизация' });
    await form.getByLabel('Название', { exact: true }).fill('Полгода без визита');
    await form.locator('textarea[name="text-ru"]').fill('{first_name}, пора на осмотр.');
    await form.locator('textarea[name="text-kk"]').fill('{first_name}, тексеруге уақыт келді.');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    const row = page.locator('tr', { hasText: 'Полгода без визита' });
    await expect.poll(() => row.getByTestId('status').textContent()).toBe('Ждёт одобрения');
    expect(await row.getByRole('button', { name: 'Одобрить' }).count()).toBe(0);
    await page.context().close();

    const admin = await c.signedIn(ADMIN, '/automations', { width: 768, height: 1024 });
    const adminRow = admin.locator('tr', { hasText: 'Полгода без визита' });
    await adminRow.getByRole('button', { name: 'Одобрить' }).click();
    await expect.poll(() => adminRow.getByTestId('status').textContent()).toBe('Работает');
    await saveScreenshot(admin, 'console/broadcasts-automations-tablet');
    await admin.context().close();
  });

  it('lays the composer out on a tablet', async () => {
    const page = await c.signedIn(MARKETER, `/broadcasts?id=${broadcastId}`, { width: 768, height: 1024 });
    await page.getByTestId('broadcast-state').waitFor();
    await page.getByRole('link', { name: 'Рассылки', exact: true }).first().click();
    await page.getByRole('link', { name: 'Новая рассылка' }).click();
    await page.getByTestId('audience-count').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await saveScreenshot(page, 'console/broadcasts-composer-tablet');
    await page.context().close();
  });

  it('shows a registrar none of these pages', async () => {
    const page = await c.signedIn(REGISTRAR, '/');
    const nav = page.getByRole('navigation', { name: 'Разделы' });
    await nav.getByRole('link', { name: 'Главная' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).not.toContain('Рассылки');
    await page.goto(`${t.url}/console/broadcasts?id=${broadcastId}`);
    await page.getByRole('heading', { name: 'Такой страницы нет.' }).waitFor();
    await page.goto(`${t.url}/console/automations`);
    await page.getByRole('heading', { name: 'Такой страницы нет.' }).waitFor();
    await page.context().close();
  });
});
