import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, InputFile } from 'grammy';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot } from '../../tests/support/browser.ts';
import { type ServedSandbox, serveSandbox } from '../../tests/support/sandbox-server.ts';

const REPORT = new TextEncoder().encode('%PDF-1.4 sandbox test document\n');

/** A small bot with every kind of message the web chat has to show (retrying 429s, as the real bot does). */
function echoBot(s: ServedSandbox): Bot {
  const bot = new Bot(s.sandbox.token, { client: { apiRoot: s.apiRoot } });
  bot.api.config.use(autoRetry());
  bot.catch((error) => console.error('echo bot failed:', error.message));
  bot.command('start', (ctx) =>
    ctx.reply('<b>Welcome</b> to the clinic!', {
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Confirm', callback_data: 'confirm' }],
          [{ text: 'Website', url: 'https://emhana.kz' }],
        ],
      },
    }),
  );
  bot.callbackQuery('confirm', async (ctx) => {
    await ctx.answerCallbackQuery({ text: 'Confirmed!' });
    await ctx.editMessageText('Visit confirmed ✅');
  });
  bot.hears('phone', (ctx) =>
    ctx.reply('Please share your phone number', {
      reply_markup: {
        keyboard: [[{ text: '📱 Share my phone', request_contact: true }], [{ text: 'Cancel' }]],
        resize_keyboard: true,
        one_time_keyboard: true,
      },
    }),
  );
  bot.on('message:contact', async (ctx) => {
    await ctx.reply(`Thanks, ${ctx.message.contact.phone_number}`, {
      reply_markup: { remove_keyboard: true },
    });
    await ctx.replyWithDocument(new InputFile(REPORT, 'Направление.pdf'), { caption: 'Your referral' });
    await ctx.replyWithLocation(43.238949, 76.889709);
    await ctx.replyWithVenue(51.128207, 71.430411, 'Emhana Astana', 'Mangilik El 8');
  });
  bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
  return bot;
}

describe('the web chat in Chromium', () => {
  let s: ServedSandbox;
  let bot: Bot;
  let running: Promise<void>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // A generous per-chat burst: this test is about the page, not about flood control.
    s = await serveSandbox({ limits: { perChatBurst: 10 } });
    bot = echoBot(s);
    running = bot.start({ timeout: 2 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 420, height: 860 } });
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await running;
    await s?.stop();
  });

  const botMessages = () => page.locator('[data-testid="message"][data-from="bot"]');

  it('creates a user, chats, presses buttons, shares a contact, gets a document and places', async () => {
    await page.goto(`${s.url}/sandbox`);
    await page.getByTestId('new-user').click();
    await page.getByTestId('new-first-name').fill('Айгерим');
    await page.getByTestId('new-language').selectOption('kk');
    await page.getByTestId('create-user').click();
    await expect.poll(() => page.getByTestId('user-select').textContent()).toContain('Айгерим (kk)');

    await page.getByTestId('composer').fill('/start');
    await page.getByTestId('send').click();
    const welcome = botMessages().filter({ hasText: 'Welcome to the clinic!' });
    await welcome.waitFor();
    expect(await welcome.locator('b').textContent()).toBe('Welcome');
    const id = await welcome.getAttribute('data-message-id');

    await welcome.getByTestId('button').filter({ hasText: 'Confirm' }).click();
    await page.getByTestId('toast').filter({ hasText: 'Confirmed!' }).waitFor();
    const edited = page.locator(`[data-message-id="${id}"]`);
    await edited.filter({ hasText: 'Visit confirmed ✅' }).waitFor();
    expect(await edited.textContent()).toContain('edited');
    expect(await edited.getByTestId('button').count()).toBe(0);
    expect(await botMessages().count()).toBe(1);

    await page.getByTestId('composer').fill('phone');
    await page.getByTestId('composer').press('Enter');
    const share = page.getByTestId('share-contact');
    await share.waitFor();
    expect(await page.getByTestId('reply-button').textContent()).toBe('Cancel');
    await share.click();
    // One's own contact carries the phone Telegram knows for the user; it cannot be edited.
    const phone = page.getByTestId('contact-phone');
    const own = await phone.inputValue();
    expect(own).toMatch(/^\+7701\d{7}$/);
    expect(await phone.getAttribute('readonly')).not.toBeNull();
    await page.getByTestId('contact-send').click();
    await botMessages()
      .filter({ hasText: `Thanks, ${own}` })
      .waitFor();
    await page.getByTestId('reply-keyboard').waitFor({ state: 'hidden' });

    const document = page.getByTestId('document');
    await document.waitFor();
    expect(await document.textContent()).toContain('Направление.pdf');
    const href = await document.getAttribute('href');
    const downloaded = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(downloaded).toBe(new TextDecoder().decode(REPORT));
    await page.getByTestId('location').filter({ hasText: '43.238949, 76.889709' }).waitFor();
    const venue = page.getByTestId('venue');
    await venue.waitFor();
    expect(await venue.textContent()).toContain('Emhana Astana');
    expect(await venue.textContent()).toContain('Mangilik El 8');

    await saveScreenshot(page, 'sandbox-web-chat');
  });

  it('keeps the chosen user and the history across a reload', async () => {
    await page.reload();
    await botMessages().filter({ hasText: 'Visit confirmed ✅' }).waitFor();
    expect(await page.getByTestId('user-select').locator('option:checked').textContent()).toContain(
      'Айгерим',
    );
    await page.getByTestId('composer').fill('still here');
    await page.getByTestId('send').click();
    await botMessages().filter({ hasText: 'echo: still here' }).waitFor();
  });
});
