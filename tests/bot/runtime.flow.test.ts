import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../server/free-port.ts';
import { startTestApp } from '../support/app.ts';
import type { SandboxClient, SandboxUser } from '../support/sandbox-user.ts';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

const LANGUAGE_CHOICE = /Выберите язык|Тілді таңдаңыз/;

/** Telegram refuses the next reply with a flood wait too long to sit out: that update fails. */
async function failNextReply(sandbox: SandboxClient) {
  await sandbox.fault({ method: 'sendMessage', kind: '429', retry_after: 600 });
}

/** Sends /start and returns how long the bot took to answer it. */
async function timedStart(user: SandboxUser): Promise<number> {
  const started = performance.now();
  await user.send('/start');
  await user.expectMessage(LANGUAGE_CHOICE);
  return performance.now() - started;
}

async function pendingUpdates(t: TestApp): Promise<number> {
  const info = await t.sandbox.request<{ pending_update_count?: number }>('GET', '/sandbox/api/bot');
  return info.pending_update_count ?? 0;
}

/** Waits until the injected getUpdates faults have all been met. */
async function faultsTaken(t: TestApp) {
  for (;;) {
    const { pending } = await t.sandbox.request<{ pending: Record<string, string[]> }>(
      'GET',
      '/sandbox/api/faults',
    );
    if (!pending.getUpdates?.length && !pending.getupdates?.length) return;
    await sleep(50);
  }
}

/** A failing update is apologised for once, acknowledged, and holds up nobody. */
async function failingUpdateIsContained(t: TestApp) {
  const unlucky = await t.sandbox.user({ first_name: 'Айгерим', language_code: 'kk' });
  const next = await t.sandbox.user({ first_name: 'Борис', language_code: 'ru' });
  await failNextReply(t.sandbox);
  await unlucky.send('/start');
  await unlucky.expectMessage(/Бірдеңе дұрыс болмады|Что-то пошло не так/);
  await next.send('/start');
  await next.expectMessage(LANGUAGE_CHOICE);
  // Acknowledged, not redelivered: no second apology, and Telegram holds nothing back.
  await unlucky.expectNoMessage(1500);
  expect(unlucky.botMessages).toHaveLength(1);
  expect(await pendingUpdates(t)).toBe(0);
}

describe('the bot runtime', () => {
  it('in webhook mode answers a failing update with the apology, once, and goes on with the next', async () => {
    const port = await freePort();
    const t = await startTestApp(
      {
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
        TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-for-tests-123',
      },
      { bot: true, port },
    );
    try {
      await failingUpdateIsContained(t);
    } finally {
      await t.stop();
    }
  });

  it('in polling mode does the same', async () => {
    const t = await startTestApp({}, { bot: true });
    try {
      await failingUpdateIsContained(t);
    } finally {
      await t.stop();
    }
  });

  it('keeps a burst of 100 messages from one chat from holding up another chat', async () => {
    // The burst's replies go at Telegram's 1/s into that chat; the test does not wait for them all.
    const t = await startTestApp({ SHUTDOWN_TIMEOUT_SECONDS: '1' }, { bot: true });
    try {
      const calm = await t.sandbox.user({ first_name: 'Дана', language_code: 'ru' });
      const baseline = await timedStart(calm);
      const noisy = await t.sandbox.user({ first_name: 'Ерлан', language_code: 'ru' });
      for (let i = 0; i < 100; i++) await noisy.send(`сообщение ${i}`);
      const other = await t.sandbox.user({ first_name: 'Жанна', language_code: 'ru' });
      const during = await timedStart(other);
      expect(during - baseline).toBeLessThan(1000);
    } finally {
      await t.stop();
    }
  });

  it('polls again within seconds once getUpdates stops hanging', async () => {
    const t = await startTestApp({}, { bot: true });
    try {
      const patient = await t.sandbox.user({ first_name: 'Сәуле', language_code: 'ru' });
      await t.sandbox.fault({ method: 'getUpdates', kind: 'timeout', count: 2 });
      // This message ends the running long poll; the two calls after it hang.
      await timedStart(patient);
      await faultsTaken(t);
      const back = await t.sandbox.user({ first_name: 'Тимур', language_code: 'ru' });
      // The second hung call is given up 5 s after it began; then Telegram answers at once.
      expect(await timedStart(back)).toBeLessThan(5000 + 1500);
    } finally {
      await t.stop();
    }
  });

  it('polls again within seconds once getUpdates stops failing', async () => {
    const t = await startTestApp({}, { bot: true });
    try {
      const patient = await t.sandbox.user({ first_name: 'Нурлан', language_code: 'ru' });
      await t.sandbox.fault({ method: 'getUpdates', kind: '500', count: 5 });
      // This message ends the running long poll; the five calls after it fail.
      await timedStart(patient);
      await faultsTaken(t);
      const back = await t.sandbox.user({ first_name: 'Олжас', language_code: 'ru' });
      expect(await timedStart(back)).toBeLessThan(5000);
    } finally {
      await t.stop();
    }
  });
});
