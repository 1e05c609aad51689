import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, saveScreenshot } from '../support/browser.ts';
import { makeIin } from '../support/iin.ts';

/** A newcomer without a bot token registers in the sandbox's web chat, in real Chromium. */
let t: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const bot = (text: string | RegExp) =>
  page.locator('[data-testid="message"][data-from="bot"]').filter({ hasText: text }).last();

async function say(text: string) {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('send').click();
}

async function press(message: string | RegExp, button: string | RegExp) {
  const target = bot(message);
  await target.waitFor();
  await target.getByTestId('button').filter({ hasText: button }).click();
}

describe('registration in the web chat', () => {
  it('is clicked through in Kazakh, from /start to the main menu', async () => {
    await page.goto(`${t.url}/sandbox`);
    await page.getByTestId('new-user').click();
    await page.getByTestId('new-first-name').fill('Айгерім');
    await page.getByTestId('new-language').selectOption('kk');
    await page.getByTestId('new-phone').fill('+7 701 222 33 44');
    await page.getByTestId('create-user').click();
    await expect.poll(() => page.getByTestId('user-select').textContent()).toContain('Айгерім');

    await say('/start');
    await press(/Тілді таңдаңыз/, /Қазақша/);
    await press(/Деректерді өңдеуге келісім/, 'Келісемін');
    await press(/жаңалықтарын, акцияларды/, 'Жоқ, рақмет');
    await bot(/телефон нөміріңізбен бөлісіңіз/).waitFor();
    await page.getByTestId('share-contact').click();
    // One's own contact: the number Telegram knows, not one to type.
    expect(await page.getByTestId('contact-phone').inputValue()).toBe('+77012223344');
    await page.getByTestId('contact-send').click();
    await bot(/Тегіңізді жазыңыз/).waitFor();
    await say('Сейтқали');
    await bot(/Атыңызды жазыңыз/).waitFor();
    await say('Айгерім');
    await press(/Әкеңіздің атын \(бар болса\) жазыңыз/, 'Өткізіп жіберу');
    await bot(/ЖСН-іңізді жазыңыз/).waitFor();
    await say('123');
    await bot(/ЖСН — әріпсіз 12 цифр/).waitFor();
    await say(makeIin('1995-09-21', 'female'));
    const summary = bot(/Деректерді тексеріңіз/);
    await summary.waitFor();
    expect(await summary.textContent()).toContain('21.09.1995');
    expect(await summary.textContent()).toContain('+7 701 222 33 44');
    await press(/Деректерді тексеріңіз/, 'Бәрі дұрыс');
    await bot(/Бұл сіз екеніңізді растаңыз/).waitFor();
    // The code arrives as an SMS to her phone, shown above the chat.
    const sms = page.getByTestId('sms').last();
    await sms.waitFor();
    const code = (await sms.textContent())?.match(/\b(\d{6})\b/)?.[1];
    expect(code).toBeTruthy();
    await say(code!);
    await bot(/Тіркеу аяқталды, Айгерім!/).waitFor();
    const menu = page.getByTestId('reply-button');
    await expect
      .poll(() => menu.allTextContents())
      .toEqual([
        '📅 Жазылу',
        '🗓 Жазылуларым',
        '📄 Құжаттар',
        '💳 Төлем',
        '👤 Профиль',
        '👨‍👩‍👧 Отбасы',
        '🌐 Тіл',
        '❓ Көмек',
      ]);
    await saveScreenshot(page, 'registration-kk');
  });
});
