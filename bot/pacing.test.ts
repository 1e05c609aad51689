import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SendPriority, TelegramBudget } from '../shared/telegram-budget.ts';
import { markMessageCalls, pacedFetch } from './pacing.ts';

/** A budget that counts what it is asked for. */
class CountingBudget extends TelegramBudget {
  readonly taken: number[] = [];
  override take(chatId: number, priority: SendPriority) {
    this.taken.push(chatId);
    return super.take(chatId, priority);
  }
}

const server = createServer((_req, res) => res.end('{"ok":true,"result":true}'));
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('counts messages against the budget, not an edit made from inside a message call', async () => {
  const budget = new CountingBudget();
  const fetch = pacedFetch(budget);
  const call = (method: string, then?: () => Promise<unknown>) =>
    markMessageCalls(
      (async () => {
        await fetch(url);
        // A conversation resumed by its reply goes on inside this call's promise chain.
        await then?.();
        return { ok: true, result: true };
      }) as never,
      method as never,
      { chat_id: 5 } as never,
    );
  await call('sendMessage', () =>
    call('editMessageText', () => call('answerCallbackQuery', () => call('sendPhoto'))),
  );
  // sendMessage and sendPhoto are messages; the edit and the answer are not.
  expect(budget.taken).toEqual([5, 5]);
});
