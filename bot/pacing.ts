import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApiClientOptions, Transformer } from 'grammy';
import nodeFetch from 'node-fetch';
import type { TelegramBudget } from '../shared/telegram-budget.ts';
import { awayFromSlot } from './update-queue.ts';

/** The calls Telegram counts against its message limits (a chat action or an edit is not a message). */
const MESSAGE_CALL = /^(send(?!ChatAction$)\w+|copyMessages?|forwardMessages?)$/;

/** The chat of the message call under way, from the transformer to the request that makes it. */
const messageCall = new AsyncLocalStorage<{ chatId: number } | undefined>();

/**
 * Marks the bot's message calls with their chat. The budget is taken only when a request really
 * goes out (see pacedFetch): a conversation replaying its steps returns recorded answers without a
 * request, and must not spend Telegram's budget on them.
 */
export const markMessageCalls: Transformer = (prev, method, payload, signal) => {
  const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
  const message = typeof chatId === 'number' && MESSAGE_CALL.test(method);
  // Every call sets its own mark, a message or none: code that goes on from inside a call's
  // promise chain (a conversation resumed by its reply) inherits the mark, and its next call (an
  // edit, an answer to a button) must not count against the chat's one message a second.
  return messageCall.run(message ? { chatId } : undefined, () => prev(method, payload, signal));
};

/**
 * grammY's own fetch (node-fetch on Node), each message request first waiting for its chat's turn
 * in the process's Telegram budget, ahead of the delivery queue (`reply` is the first priority):
 * the bot causes no 429 itself and a broadcast never starves a reply. Given as the client's
 * `fetch`, it reaches the Api objects conversations build too (they copy the client options).
 * Every request, message or not, gives up the update's working slot while it waits.
 */
export function pacedFetch(budget: TelegramBudget): NonNullable<ApiClientOptions['fetch']> {
  const paced = (url: Parameters<typeof nodeFetch>[0], init?: Parameters<typeof nodeFetch>[1]) =>
    // Waiting for Telegram, the update gives its working slot to another (see UpdateQueue).
    awayFromSlot(async () => {
      const call = messageCall.getStore();
      if (call) await (await budget.take(call.chatId, 'reply'))();
      return nodeFetch(url, init);
    });
  return Object.assign(paced, nodeFetch) as NonNullable<ApiClientOptions['fetch']>;
}
