/**
 * A real grammY bot, polling the sandbox, does what a support desk does with a staff forum: a
 * patient's photo opens a topic in the staff group and is copied into it; an operator's answer
 * in the topic is copied back to the patient. Only the Bot API is used, as against Telegram.
 */
import { Bot } from 'grammy';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type ServedSandbox, serveSandbox } from '../../tests/support/sandbox-server.ts';
import { SandboxClient } from '../../tests/support/sandbox-user.ts';

let served: ServedSandbox;
let users: SandboxClient;

beforeEach(async () => {
  served = await serveSandbox();
  users = new SandboxClient(served.url);
});
afterEach(() => served.stop());

function png(): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, 1024);
  new DataView(bytes.buffer).setUint32(20, 768);
  return bytes;
}

it('a grammY bot opens a topic for a patient’s photo, copies it there, and copies the operator’s answer back', async () => {
  const owner = await users.user({ first_name: 'Гульнар' });
  const operator = await users.user({ first_name: 'Асель' });
  const staff = await users.forumGroup({ title: 'Поддержка', owner, members: [operator] });
  const patient = await users.user({ first_name: 'Айгерим', language_code: 'kk' });

  const bot = new Bot(served.sandbox.token, { client: { apiRoot: served.apiRoot } });
  const topics = new Map<number, number>(); // patient → topic
  const patients = new Map<number, number>(); // topic → patient
  const errors: unknown[] = [];
  bot.catch((error) => {
    errors.push(error.error);
  });
  bot.chatType('private').on('message:photo', async (ctx) => {
    let thread = topics.get(ctx.from.id);
    if (thread === undefined) {
      const topic = await ctx.api.createForumTopic(staff.id, `Заявка · ${ctx.from.first_name}`);
      thread = topic.message_thread_id;
      topics.set(ctx.from.id, thread);
      patients.set(thread, ctx.from.id);
    }
    await ctx.copyMessage(staff.id, { message_thread_id: thread });
    await ctx.reply('Фото передано оператору');
  });
  bot.chatType('supergroup').on('message:text', async (ctx) => {
    const patientId =
      ctx.msg.message_thread_id === undefined ? undefined : patients.get(ctx.msg.message_thread_id);
    if (patientId !== undefined) await ctx.copyMessage(patientId);
  });
  const polling = bot.start();

  try {
    await patient.sendPhoto(png(), { caption: 'Вот мой рецепт' });
    await patient.expectMessage('Фото передано оператору');
    const topic = await staff.expectTopic('Заявка · Айгерим');
    const copied = await staff.expectMessage(topic.message_thread_id, 'Вот мой рецепт');
    expect(copied.photo).toMatchObject({ width: 1024, height: 768 });
    expect(await patient.download(copied)).toEqual(png());

    await staff.write(operator, 'Рецепт принят, лекарство будет готово к 15:00', {
      topic: topic.message_thread_id,
    });
    const answer = await patient.expectMessage('Рецепт принят');
    expect(answer.from).toBe('bot');
    expect(errors).toEqual([]);
  } finally {
    await bot.stop();
    await polling;
  }
});
