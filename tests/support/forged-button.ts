import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import type { SandboxUser } from './sandbox-user.ts';

/**
 * A tampered client can send any callback data: stand in for it with a message from the bot
 * carrying the button, which the patient then taps.
 */
export async function forgeButton(t: TestApp, user: SandboxUser, text: string, data: string): Promise<void> {
  const response = await fetch(`${t.url}/sandbox/bot${t.app.sandbox!.token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      chat_id: user.id,
      text: 'Выберите.',
      reply_markup: { inline_keyboard: [[{ text, callback_data: data }]] },
    }),
  });
  expect(response.ok).toBe(true);
}
