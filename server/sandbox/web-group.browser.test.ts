import { Bot } from 'grammy';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot } from '../../tests/support/browser.ts';
import { type ServedSandbox, serveSandbox } from '../../tests/support/sandbox-server.ts';
import { SandboxClient, type SandboxGroup, type SandboxUser } from '../../tests/support/sandbox-user.ts';

/** A 2×2 PNG, a real one (Chromium shows it), so the page has a photo to display. */
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
);

/**
 * A relay bot: whatever a patient sends in private is copied into their topic of the staff group
 * (created on first contact); what a member writes in a topic is copied back to its patient.
 */
function relayBot(s: ServedSandbox, staffId: () => number): Bot {
  const bot = new Bot(s.sandbox.token, { client: { apiRoot: s.apiRoot } });
  const topics = new Map<number, number>();
  const patients = new Map<number, number>();
  bot.catch((error) => console.error('relay bot failed:', error.message));
  bot.chatType('private').on('message', async (ctx) => {
    let thread = topics.get(ctx.from.id);
    if (thread === undefined) {
      thread = (await ctx.api.createForumTopic(staffId(), `Ticket · ${ctx.from.first_name}`))
        .message_thread_id;
      topics.set(ctx.from.id, thread);
      patients.set(thread, ctx.from.id);
    }
    await ctx.copyMessage(staffId(), { message_thread_id: thread });
  });
  bot.chatType('supergroup').on('message', async (ctx) => {
    const patient = patients.get(ctx.msg.message_thread_id ?? 0);
    if (patient !== undefined && !ctx.msg.forum_topic_created) await ctx.copyMessage(patient);
  });
  return bot;
}

describe('the web chat’s group view in Chromium', () => {
  let s: ServedSandbox;
  let users: SandboxClient;
  let staff: SandboxGroup;
  let patient: SandboxUser;
  let bot: Bot;
  let running: Promise<void>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    s = await serveSandbox({ limits: { perChatBurst: 10 } });
    users = new SandboxClient(s.url);
    const owner = await users.user({ first_name: 'Гульнар' });
    const operator = await users.user({ first_name: 'Асель' });
    staff = await users.forumGroup({ title: 'Clinic staff', owner, members: [operator] });
    patient = await users.user({ first_name: 'Айгерим', language_code: 'kk' });
    bot = relayBot(s, () => staff.id);
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

  it('a patient attaches a photo in the private chat; an operator reads the topic, answers and sends a file', async () => {
    await page.goto(`${s.url}/sandbox`);
    await page.getByTestId('user-select').selectOption(String(patient.id));
    await page.getByTestId('composer').fill('Мой рецепт');
    await page
      .getByTestId('attach-file')
      .setInputFiles({ name: 'recipe.png', mimeType: 'image/png', buffer: Buffer.from(PNG) });
    const mine = page.locator('[data-testid="message"][data-from="user"]');
    await mine.filter({ hasText: 'Мой рецепт' }).getByTestId('photo').waitFor();

    await page.goto(`${s.url}/sandbox/groups`);
    await page.getByTestId('member-select').selectOption({ label: 'as Асель' });
    const topic = page.getByTestId('topic').filter({ hasText: 'Ticket · Айгерим' });
    await topic.click();
    const copied = page.getByTestId('message').filter({ hasText: 'Мой рецепт' });
    await copied.getByTestId('photo').waitFor();
    expect(await copied.getByTestId('sender').textContent()).toBe('Emhana');
    const src = await copied.getByTestId('photo').getAttribute('src');
    const shown = await page.evaluate(
      async (url) => new Uint8Array(await (await fetch(url!)).arrayBuffer()).length,
      src,
    );
    expect(shown).toBe(PNG.length);
    await page.getByTestId('service').filter({ hasText: 'topic created: Ticket · Айгерим' }).waitFor();

    await page.getByTestId('composer').fill('Рецепт принят, лекарство к 15:00');
    await page.getByTestId('send').click();
    await page
      .getByTestId('message')
      .filter({ hasText: 'Рецепт принят' })
      .getByTestId('sender')
      .filter({ hasText: 'Асель' })
      .waitFor();
    await patient.expectMessage('Рецепт принят, лекарство к 15:00');

    await page.getByTestId('composer').fill('Инструкция');
    await page.getByTestId('attach-file').setInputFiles({
      name: 'инструкция.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 how to take it'),
    });
    await page.getByTestId('document').filter({ hasText: 'инструкция.pdf' }).waitFor();
    const file = await patient.expectMessage((m) => m.document?.file_name === 'инструкция.pdf');
    expect(file.text).toBe('Инструкция');
    expect(new TextDecoder().decode(await patient.download(file))).toBe('%PDF-1.4 how to take it');

    await saveScreenshot(page, 'sandbox-web-group');

    // General holds none of the topic's messages.
    await page.getByTestId('topic').filter({ hasText: 'General' }).click();
    await page.getByTestId('service').filter({ hasText: 'joined' }).first().waitFor();
    expect(await page.getByTestId('message').filter({ hasText: 'Рецепт принят' }).count()).toBe(0);
  });
});
