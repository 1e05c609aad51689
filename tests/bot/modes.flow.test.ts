import { describe, expect, it } from 'vitest';
import { freePort } from '../../server/free-port.ts';
import { startTestApp } from '../support/app.ts';

async function languageChoice(t: Awaited<ReturnType<typeof startTestApp>>) {
  const patient = await t.sandbox.user({ first_name: 'Арман', language_code: 'kk' });
  await patient.send('/start');
  await patient.expectMessage(/Тілді таңдаңыз/);
  await patient.tap(/Қазақша/);
  await patient.expectMessage(/Деректерді өңдеуге келісім/);
  return patient;
}

describe('bot modes', () => {
  it('takes updates by webhook, with the secret header checked', async () => {
    const port = await freePort();
    const secret = 'webhook-secret-for-tests-123';
    const t = await startTestApp(
      { TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`, TELEGRAM_WEBHOOK_SECRET: secret },
      { bot: true, port },
    );
    try {
      const info = await t.sandbox.request<{ mode?: string }>('GET', '/sandbox/api/bot');
      expect(JSON.stringify(info)).toContain('webhook');
      await languageChoice(t);
      // Telegram's POSTs carry the secret; anything else is turned away.
      const forged = await fetch(`${t.url}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' },
        body: JSON.stringify({
          update_id: 1,
          message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: '/start' },
        }),
      });
      expect(forged.status).toBe(401);
    } finally {
      await t.stop();
    }
  });

  it('calls the API over HTTP with a service token when told to', async () => {
    const t = await startTestApp({}, { botOverHttp: true });
    try {
      const patient = await languageChoice(t);
      const saved = await t.app
        .caller({ kind: 'bot', name: 'bot', telegramUserId: patient.id })
        .patients.me();
      expect(saved.language).toBe('kk');
    } finally {
      await t.stop();
    }
  });

  it('is refused by the API over HTTP when its token is not a bot token', async () => {
    const t = await startTestApp({}, { botOverHttp: { token: 'not-a-valid-token-at-all' } });
    try {
      const patient = await t.sandbox.user({ first_name: 'Арман', language_code: 'ru' });
      await patient.send('/start');
      // The API turned the bot away: the error boundary still apologises, in the user's language.
      await patient.expectMessage(/Что-то пошло не так/);
    } finally {
      await t.stop();
    }
  });
});
