import { setTimeout as sleep } from 'node:timers/promises';
import { Api, InputFile } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { settledDeliveries, startTestApp, type TestApp } from '../support/app.ts';
import { settle, staffWithChat } from '../support/broadcasts.ts';
import { patientInChat } from '../support/patients.ts';

/**
 * Broadcasts end to end: a marketer drafts and tests in their own chat, an admin approves, the
 * sender writes to the audience through the delivery queue — each reader in their language, by
 * name, only with marketing consent — and the numbers follow.
 */
let t: TestApp;
afterEach(() => t?.stop());

const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/** Asks again (the bot handles Telegram's news of a block on its own time) until `ok` holds. */
async function until<T>(ask: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await ask();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

describe('broadcasts', () => {
  it('reaches consenting readers in their language by name, tested and approved first', async () => {
    t = await startTestApp({}, { bot: true });
    const aigerim = await patientInChat(t, 'kk', 'Айгерім', { marketing: true });
    const sergey = await patientInChat(t, 'ru', 'Сергей', {
      marketing: true,
      sex: 'male',
      birthDate: '1980-05-01',
    });
    const noConsent = await patientInChat(t, 'ru', 'Ольга', { marketing: false });
    // Agreed to marketing, then blocked the bot (Telegram tells the bot): counted, never written to.
    const gone = await patientInChat(t, 'ru', 'Дамир', { marketing: true });
    await gone.block();
    const marketer = await staffWithChat(t, ['marketer'], 'marketer.one');
    const admin = await staffWithChat(t, ['admin'], 'admin.one');

    const botApi = new Api(t.app.sandbox!.token, { apiRoot: `${t.url}/sandbox` });
    const uploaded = await botApi.sendPhoto(marketer.user.id, new InputFile(PNG, 'promo.png'));
    await marketer.user.expectMessage((m) => m.photo !== undefined);

    const preview = await until(
      () => marketer.api.broadcasts.staff.preview.query({ audience: {}, kind: 'marketing' }),
      (p) => p.count === 2,
    );
    expect(preview).toMatchObject({ count: 2, byLanguage: { ru: 1, kk: 1 } });
    expect(JSON.stringify(preview)).not.toMatch(/\+7|\d{12}/);

    const draft = await marketer.api.broadcasts.staff.create.mutate({
      kind: 'marketing',
      title: 'Flu shots',
      audience: {},
      text: { ru: '{first_name}, прививка от гриппа', kk: '{first_name}, тұмауға қарсы екпе' },
      photo: { fileId: uploaded.photo.at(-1)!.file_id },
      buttons: [
        { kind: 'link', label: { ru: 'Подробнее', kk: 'Толығырақ' }, url: 'https://clinic.example/flu' },
      ],
    });
    await expect(admin.api.broadcasts.staff.approve.mutate({ broadcastId: draft.id })).rejects.toThrow(
      /not_tested|пробу/,
    );
    await marketer.api.broadcasts.staff.testSend.mutate({ broadcastId: draft.id });
    const tests = await marketer.user.expectMessages([/прививка от гриппа/, /тұмауға қарсы екпе/]);
    expect(tests.every((m) => m.photo)).toBe(true);
    await expect(marketer.api.broadcasts.staff.approve.mutate({ broadcastId: draft.id })).rejects.toThrow();
    await expect(
      marketer.api.broadcasts.staff.schedule.mutate({ broadcastId: draft.id, sendAt: null }),
    ).rejects.toThrow(/not_approved|одобрил/);
    await admin.api.broadcasts.staff.approve.mutate({ broadcastId: draft.id });
    await marketer.api.broadcasts.staff.schedule.mutate({ broadcastId: draft.id, sendAt: null });

    const kk = await aigerim.expectMessage(/Айгерім, тұмауға қарсы екпе/);
    expect(kk.photo).toBeDefined();
    const link = kk.buttons?.[0]?.[0];
    expect(link).toMatchObject({ text: 'Толығырақ' });
    const ru = await sergey.expectMessage(/Сергей, прививка от гриппа/);
    expect(ru.photo).toBeDefined();
    expect(ru.buttons?.[0]?.[0]).toMatchObject({ text: 'Подробнее' });
    await settle(t, draft.id, marketer.api);

    // A tap on the link is counted, then the reader is sent on.
    // (PUBLIC_URL is not this test server's address: the path is what the button names.)
    const tapPath = new URL((link as { url: string }).url).pathname;
    const tap = await fetch(`${t.url}${tapPath}`, { redirect: 'manual' });
    expect(tap.status).toBe(302);
    expect(tap.headers.get('location')).toBe('https://clinic.example/flu');
    // Neither a POST nor a button the message does not have counts as a tap.
    const posted = await fetch(`${t.url}${tapPath}`, { method: 'POST', redirect: 'manual' });
    expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const noButton = await fetch(`${t.url}${tapPath.replace(/\/\d$/, '/7')}`, { redirect: 'manual' });
    expect(noButton.status).toBe(404);

    const stats = await marketer.api.broadcasts.staff.stats.query({ broadcastId: draft.id });
    expect(stats.total).toMatchObject({ targeted: 3, sent: 2, failed: 0, blocked: 1, tapped: 1, taps: 1 });
    expect(stats.kk).toMatchObject({ targeted: 1, sent: 1, tapped: 1 });
    expect(stats.ru).toMatchObject({ targeted: 2, sent: 1, blocked: 1, tapped: 0 });
    // Without consent, not a reader: nothing was queued for her, so nothing can come.
    const olga = await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: noConsent.id })
      .patients.profile.get();
    const toOlga = await settledDeliveries(t, { patientId: olga.id });
    expect(toOlga.map((d) => d.purpose)).not.toContain('broadcast');
  });
});
