import { setTimeout as sleep } from 'node:timers/promises';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { awayFromSlot, laneOf, UpdateQueue } from './update-queue.ts';

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

const tick = () => sleep(1);

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

describe('a call to Telegram and the working slots', () => {
  it('gives the slot of an update waiting long on Telegram to another, and takes it back before new updates', async () => {
    const done: string[] = [];
    const queue = new UpdateQueue(
      async (update) => {
        const who = update.message!.from!.id;
        if (who === 1) await awayFromSlot(() => sleep(100)); // a distant Telegram
        if (who === 2) await sleep(150); // work that keeps its slot
        done.push(String(who));
      },
      { concurrency: 1, capacity: 100 },
    );
    await queue.push(message(1, 1));
    await queue.push(message(2, 2));
    await queue.push(message(3, 3));
    await queue.idle();
    // 2 starts while 1 waits on Telegram; 1, back, goes before 3, which had not started.
    expect(done).toEqual(['2', '1', '3']);
  });

  it('keeps the slot through a quick call', async () => {
    const done: string[] = [];
    const queue = new UpdateQueue(
      async (update) => {
        for (let i = 0; i < 3; i++) await awayFromSlot(() => sleep(1));
        done.push(String(update.message!.from!.id));
      },
      { concurrency: 1, capacity: 100 },
    );
    await queue.push(message(1, 1));
    await queue.push(message(2, 2));
    await queue.idle();
    expect(done).toEqual(['1', '2']);
  });

  it('loses no slot and never oversteps with calls an update did not wait for, or made side by side', async () => {
    let working = 0;
    let most = 0;
    const work = async () => {
      working += 1;
      most = Math.max(most, working);
      await sleep(5);
      working -= 1;
    };
    let arrived = 0;
    let together = false;
    const queue = new UpdateQueue(
      async (update) => {
        if (update.update_id >= 100) {
          // Two of these meet only if both slots are free.
          arrived += 1;
          for (let i = 0; i < 50 && arrived < 2; i++) await sleep(10);
          if (arrived === 2) together = true;
          return;
        }
        await work();
        // Two side by side, the second back while the slot is being taken back.
        await Promise.all([awayFromSlot(() => sleep(40)), awayFromSlot(() => sleep(60))]);
        await work();
        // Not waited for: they come back after the update ended.
        void awayFromSlot(() => sleep(80));
        if (update.update_id % 2) void awayFromSlot(() => sleep(35));
      },
      { concurrency: 2, capacity: 100 },
    );
    for (let i = 1; i <= 12; i++) await queue.push(message(i, i));
    await queue.idle();
    await sleep(150);
    expect(most).toBeLessThanOrEqual(2);
    await queue.push(message(100, 100));
    await queue.push(message(101, 101));
    await queue.idle();
    expect(together).toBe(true);
  });
});
