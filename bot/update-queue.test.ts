import type { Update } from 'grammy/types';
import { expect, it } from 'vitest';
import { laneOf, UpdateQueue } from './update-queue.ts';

const message = (updateId: number, userId: number): Update =>
  ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 0,
      chat: { id: userId, type: 'private', first_name: 'x' },
      from: { id: userId, is_bot: false, first_name: 'x' },
      text: String(updateId),
    },
  }) as Update;

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

it('keeps a lane to the sender of any kind of update', () => {
  expect(laneOf(message(1, 42))).toBe('42');
  expect(laneOf({ update_id: 2, callback_query: { from: { id: 7 } } } as Update)).toBe('7');
  expect(laneOf({ update_id: 3, my_chat_member: { chat: { id: -5 }, from: { id: 8 } } } as Update)).toBe('8');
});

it('handles one lane in order and lets other lanes pass a burst', async () => {
  const done: string[] = [];
  const queue = new UpdateQueue(
    async (update) => {
      await tick();
      done.push(`${update.message!.from!.id}:${update.update_id}`);
    },
    { concurrency: 2, capacity: 1000 },
  );
  for (let i = 1; i <= 100; i++) await queue.push(message(i, 1));
  await queue.push(message(101, 2));
  await queue.push(message(102, 3));
  await queue.idle();
  const burst = done.filter((d) => d.startsWith('1:')).map((d) => Number(d.slice(2)));
  expect(burst).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  // With two slots, the burst holds one; the other two senders are served right away.
  expect(done.indexOf('2:101')).toBeLessThan(3);
  expect(done.indexOf('3:102')).toBeLessThan(4);
});

it('makes the source wait when full, and never runs two updates of one sender at once', async () => {
  let running = 0;
  let most = 0;
  const release: (() => void)[] = [];
  const queue = new UpdateQueue(
    async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running -= 1;
    },
    { concurrency: 10, capacity: 3 },
  );
  await queue.push(message(1, 1));
  await queue.push(message(2, 1));
  await queue.push(message(3, 1));
  let fourthTaken = false;
  const fourth = queue.push(message(4, 1)).then(() => {
    fourthTaken = true;
  });
  await tick();
  expect(fourthTaken).toBe(false);
  expect(queue.size).toBe(3);
  release.shift()!();
  await fourth;
  while (queue.size) {
    await tick();
    release.shift()?.();
  }
  expect(most).toBe(1);
});
