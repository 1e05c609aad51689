import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { launchBrowser, saveScreenshot } from '../../tests/support/browser.ts';
import { patientInChat } from '../../tests/support/patients.ts';
import type { SandboxUser } from '../../tests/support/sandbox-user.ts';
import { Document } from './entities/document.entity.ts';
import { createDownloadLink } from './use-cases/download-links.ts';

/**
 * A Kazakh-speaking patient's documents in real Chromium: one arrives in the sandbox's web chat
 * and downloads from there; a download link gives the PDF once she types the code the bot sent
 * her, and nothing to a stranger holding the same link; the public verification page shows the
 * document valid, then revoked.
 */
let t: TestApp;
let browser: Browser;
let patient: SandboxUser;
let documentId: number;
let number: string;

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  browser = await launchBrowser();
  patient = await patientInChat(t, 'kk', 'Әсемгүл');
  const profile = await t.app
    .caller({ kind: 'bot', name: 'bot', telegramUserId: patient.id })
    .patients.profile.get();
  const issued = await t.app
    .caller({ kind: 'service', name: 'doctor', roles: ['doctor'] })
    .documents.staff.issue({
      patientId: profile.id,
      kind: 'certificate',
      fields: { form: '075/у', purpose: 'Жұмыс орнына ұсыну үшін', conclusion: 'Шектеу жоқ' },
    });
  documentId = issued.id;
  number = issued.number;
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 420, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/** The web chat of the patient, as she sees it in the sandbox. */
async function chatOf(user: SandboxUser): Promise<Page> {
  const { page } = await newPage();
  await page.goto(`${t.url}/sandbox`);
  await page.getByTestId('user-select').selectOption(String(user.id));
  return page;
}

const botMessage = (page: Page, text: string | RegExp) =>
  page.locator('[data-testid="message"][data-from="bot"]').filter({ hasText: text }).last();

async function linkPath(): Promise<string> {
  const em = t.app.orm.em.fork();
  const { url } = await createDownloadLink(
    { em, clock: t.clock, settings: t.app.settings, tokens: t.app.tokens },
    await em.findOneOrFail(Document, documentId),
    patient.id,
  );
  return new URL(url).pathname;
}

const isPdf = async (path: string) => (await readFile(path)).subarray(0, 5).toString() === '%PDF-';

describe('documents in the browser', () => {
  it('arrive in the sandbox web chat as a PDF that downloads from there', async () => {
    // She agrees to receive medical documents here, as the bot asks on her first "Open".
    await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: patient.id })
      .documents.answerConsent({ documentId, granted: true });
    const chat = await chatOf(patient);
    const file = chat
      .getByTestId('document')
      .filter({ hasText: `${number}.pdf` })
      .last();
    await file.waitFor();
    const [download] = await Promise.all([chat.waitForEvent('download'), file.click()]);
    expect(download.suggestedFilename()).toBe(`${number}.pdf`);
    expect(await isPdf(await download.path())).toBe(true);
  });

  it('download only for the patient: she types the code from her chat, a stranger with the link cannot', async () => {
    const path = await linkPath();
    const { page } = await newPage();
    await page.goto(`${t.url}${path}`);
    // The document is in Kazakh, and so is its page.
    expect(await page.getByTestId('title').textContent()).toBe('Сізге арналған құжат');
    await page.getByTestId('send-code').click();
    await page.getByTestId('code').waitFor();

    const chat = await chatOf(patient);
    const message = botMessage(chat, 'Құжатты жүктеп алу коды');
    await message.waitFor();
    const code = (await message.textContent())!.match(/\b(\d{6})\b/)![1]!;

    // A stranger who got the link (a forwarded chat) cannot have a code sent to himself: codes go
    // to her chat only, and no more than one a minute; what he types is wrong.
    const { page: stranger } = await newPage();
    await stranger.goto(`${t.url}${path}?lang=ru`);
    await stranger.getByTestId('send-code').click();
    expect(await stranger.getByTestId('notice').textContent()).toMatch(
      /Новый код можно получить через \d+ с\./,
    );
    const wrong = code === '123456' ? '654321' : '123456';
    await stranger.getByTestId('code').fill(wrong);
    await stranger.getByTestId('confirm').click();
    expect(await stranger.getByTestId('notice').textContent()).toContain(
      'Код не подходит. Осталось попыток: 4.',
    );
    await stranger.goto(`${t.url}${path}/file?lang=ru`);
    expect(await stranger.getByTestId('confirm-first').textContent()).toContain('Сначала подтвердите');

    await page.getByTestId('code').fill(code);
    await page.getByTestId('confirm').click();
    await page.getByTestId('download').waitFor();
    expect(await page.getByTestId('summary').textContent()).toContain(`Медициналық анықтама № ${number}`);
    await saveScreenshot(page, 'document-download-page');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${number}.pdf`);
    expect(await isPdf(await download.path())).toBe(true);

    await page.getByTestId('lang-ru').click();
    expect(await page.getByTestId('title').textContent()).toBe('Документ готов к скачиванию');
  });

  it('verification: the code typed into the form shows the document valid, then revoked, in Kazakh and Russian', async () => {
    const [row] = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute('select verify_code from documents_document where id = ?', [documentId])) as {
      verify_code: string;
    }[];
    const { page } = await newPage();
    await page.goto(`${t.url}/verify?lang=kk`);
    expect(await page.getByTestId('title').textContent()).toBe('Құжатты тексеру');
    await page.getByTestId('verify-code').fill(row!.verify_code.toLowerCase());
    await page.getByTestId('verify-submit').click();
    await page.getByTestId('status').waitFor();
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('valid');
    expect(await page.getByTestId('status').textContent()).toContain('Құжат жарамды');
    expect(await page.getByTestId('number').textContent()).toBe(number);
    expect(await page.getByTestId('patient').textContent()).toBe('С. Ә.');
    await saveScreenshot(page, 'document-verify-valid');

    await t.app
      .caller({ kind: 'service', name: 'doctor', roles: ['doctor'] })
      .documents.staff.revoke({ documentId, reason: 'қате' });
    await page.getByTestId('lang-ru').click();
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('revoked');
    expect(await page.getByTestId('status').textContent()).toMatch(
      /Документ отозван клиникой \d\d\.\d\d\.\d{4}/,
    );
    expect(await page.getByTestId('kind').textContent()).toBe('Медицинская справка');
    await page.getByTestId('lang-kk').click();
    expect(await page.getByTestId('status').textContent()).toMatch(
      /Құжатты клиника \d\d\.\d\d\.\d{4} қайтарып алды/,
    );
  });
});
