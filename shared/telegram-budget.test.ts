import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../server/sandbox/limits.ts';
import { type SendPriority, TelegramBudget } from './telegram-budget.ts';

/** Takes turns for these sends at once and returns when each got it (ms from the start). */
async function turns(budget: TelegramBudget, sends: { chat: number; priority: SendPriority }[]) {
  const start = performance.now();
  const got: { chat: number; priority: SendPriority; at: number; order: number }[] = [];
  await Promise.all(
    sends.map((s) =>
      budget
        .take(s.chat, s.priority)
        .then((go) => go())
        .then(() => got.push({ ...s, at: performance.now() - start, order: got.length })),
    ),
  );
  return got;
}

describe("Telegram's budget", () => {
  it("keeps Telegram's limits so the sandbox's flood control never refuses a send", async () => {
    const limits = { perSecond: 30, chatPerSecond: 1, chatBurst: 3 };
    const budget = new TelegramBudget(limits);
    // The sandbox's own limiter, with Telegram's burst of 4 per chat.
    const telegram = new RateLimiter({ globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 4 });
    const sends = Array.from({ length: 60 }, (_, i) => ({ chat: i % 12, priority: 'care' as const }));
    let refused = 0;
    const start = performance.now();
    await Promise.all(
      sends.map((s) =>
        budget
          .take(s.chat, s.priority)
          .then((go) => go())
          .then(() => {
            if (telegram.take(s.chat) !== null) refused += 1;
          }),
      ),
    );
    expect(refused).toBe(0);
    // 60 sends at 29.4/s: about two seconds, not more.
    expect(performance.now() - start).toBeLessThan(2600);
  });

  it('serves replies before urgent, urgent before care, care before bulk', async () => {
    const budget = new TelegramBudget({ perSecond: 20, chatPerSecond: 100, chatBurst: 100 });
    const sends: { chat: number; priority: SendPriority }[] = [
      ...Array.from({ length: 10 }, (_, i) => ({ chat: 100 + i, priority: 'bulk' as const })),
      ...Array.from({ length: 5 }, (_, i) => ({ chat: 200 + i, priority: 'care' as const })),
      ...Array.from({ length: 5 }, (_, i) => ({ chat: 300 + i, priority: 'urgent' as const })),
      ...Array.from({ length: 5 }, (_, i) => ({ chat: 400 + i, priority: 'reply' as const })),
    ];
    const got = await turns(budget, sends);
    // The first bulk send took the free slot at once; everyone after waited in priority order.
    const order = got.slice(1).map((g) => g.priority);
    expect(order).toEqual([
      ...Array(5).fill('reply'),
      ...Array(5).fill('urgent'),
      ...Array(5).fill('care'),
      ...Array(9).fill('bulk'),
    ]);
  });

  it('lets a chat that must wait hold up no other chat', async () => {
    const budget = new TelegramBudget({ perSecond: 100, chatPerSecond: 1, chatBurst: 1 });
    const got = await turns(budget, [
      { chat: 1, priority: 'reply' },
      { chat: 1, priority: 'reply' },
      { chat: 2, priority: 'bulk' },
    ]);
    const other = got.find((g) => g.chat === 2)!;
    const second = got.filter((g) => g.chat === 1)[1]!;
    expect(other.at).toBeLessThan(100);
    expect(second.at).toBeGreaterThanOrEqual(990);
  });
});

describe("Telegram's budget on taking over", () => {
  it('counts every chat as just emptied by the instance before, so Telegram never refuses', async () => {
    const budget = new TelegramBudget({ perSecond: 30, chatPerSecond: 2, chatBurst: 2 });
    const start = performance.now();
    budget.handOver();
    await (await budget.take(1, 'care'))();
    // A second for the global window, and half a second for the chat's first token.
    expect(performance.now() - start).toBeGreaterThanOrEqual(960);
  });
});
