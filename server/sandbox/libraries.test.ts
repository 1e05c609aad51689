/**
 * Bot libraries other than grammY, run as they are against the sandbox: each starts the same
 * echo-and-keyboard bot in long polling, and a simulated user talks to it. python-telegram-bot 13
 * has its own script (tests/compat/ptb13_echo.py), run by hand: CI has no Python for it.
 */
import { InlineKeyboardBuilder, Bot as NtbaBot, ReplyKeyboardBuilder } from 'node-telegram-bot-api';
import { Markup, Telegraf } from 'telegraf';
import { message } from 'telegraf/filters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ServedSandbox, serveSandbox } from '../../tests/support/sandbox-server.ts';
import { SandboxClient } from '../../tests/support/sandbox-user.ts';

/*
 * The bot every library implements:
 *   /start → "Hello! …" with a reply keyboard Yes / No;
 *   /menu  → "Pick one" with inline buttons A and B (callback data pick:a, pick:b);
 *   a tap  → the callback answered "You picked A", the message edited to "Picked <b>A</b>";
 *   any other text → "You said: <text>".
 */
const HELLO = 'Hello! Send me anything.';

let served: ServedSandbox;
let users: SandboxClient;

beforeEach(async () => {
  served = await serveSandbox();
  users = new SandboxClient(served.url);
});
afterEach(() => served.stop());

/**
 * Lets a user talk to a bot while it polls, then stops it and waits for its polling to end, so
 * nothing is left running. A bot that fails to start, stops polling, or reports a handler error
 * fails the test at once with its own error rather than with the user's timeout.
 */
async function whileRunning(
  bot: { polling: Promise<void>; stop(): void; failed: Promise<never> },
  conversation: () => Promise<void>,
): Promise<void> {
  let ended = false;
  const stoppedEarly = bot.polling.then(
    () => {
      ended = true;
      throw new Error('the bot stopped polling while the user talked to it');
    },
    (error: unknown) => {
      ended = true;
      throw error;
    },
  );
  // Handled here too: once the conversation is over, a stop settles it with nobody racing it.
  stoppedEarly.catch(() => undefined);
  bot.failed.catch(() => undefined);
  try {
    await Promise.race([conversation(), stoppedEarly, bot.failed]);
  } finally {
    if (!ended) bot.stop();
  }
  await bot.polling;
}

/** A promise that rejects with the first error passed to the returned function. */
function failure(): { failed: Promise<never>; fail: (error: unknown) => void } {
  let fail!: (error: unknown) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  return { failed, fail };
}

/** A person going through the whole bot, as every library's bot must answer them. */
async function talkToTheBot(): Promise<void> {
  const user = await users.user({ first_name: 'Aigerim', language_code: 'en' });
  await user.send('/start');
  await user.expectMessage(HELLO);
  expect(user.replyKeyboard?.rows).toEqual([[{ text: 'Yes' }, { text: 'No' }]]);
  expect(await user.tap('Yes')).toMatchObject({ kind: 'reply' });
  await user.expectMessage('You said: Yes');

  await user.send('Сәлем, bot!');
  await user.expectMessage('You said: Сәлем, bot!');

  await user.send('/menu');
  const menu = await user.expectMessage('Pick one');
  expect(menu.buttons).toEqual([
    [
      { text: 'A', data: 'pick:a' },
      { text: 'B', data: 'pick:b' },
    ],
  ]);
  expect(await user.tap('B')).toEqual({
    kind: 'callback',
    message_id: menu.message_id,
    answered: true,
    answer: { text: 'You picked B' },
  });
  const edited = await user.expectEdit('Picked B');
  expect(edited).toMatchObject({
    message_id: menu.message_id,
    entities: [{ type: 'bold', offset: 7, length: 1 }],
  });
  expect(edited.buttons).toBeUndefined();
}

describe('Telegraf 4', () => {
  it('runs an echo-and-keyboard bot in long polling', async () => {
    // Telegraf resolves "./bot<token>/<method>" against apiRoot: without a trailing slash the
    // request goes to the server root, with one under /sandbox. Both must work.
    for (const apiRoot of [served.apiRoot, `${served.apiRoot}/`]) {
      const bot = new Telegraf(served.sandbox.token, { telegram: { apiRoot } });
      let menuMarkup: unknown;
      bot.start((ctx) => ctx.reply(HELLO, Markup.keyboard([['Yes', 'No']]).resize()));
      bot.command('menu', async (ctx) => {
        const sent = await ctx.reply(
          'Pick one',
          Markup.inlineKeyboard([
            Markup.button.callback('A', 'pick:a'),
            Markup.button.callback('B', 'pick:b'),
          ]),
        );
        menuMarkup = sent.reply_markup;
      });
      bot.action(/^pick:(.)$/, async (ctx) => {
        const choice = ctx.match[1]!.toUpperCase();
        await ctx.answerCbQuery(`You picked ${choice}`);
        await ctx.editMessageText(`Picked <b>${choice}</b>`, { parse_mode: 'HTML' });
      });
      bot.on(message('text'), (ctx) => ctx.reply(`You said: ${ctx.message.text}`));
      const { failed, fail } = failure();
      bot.catch(fail);
      await whileRunning({ polling: bot.launch(), stop: () => bot.stop('test over'), failed }, talkToTheBot);
      // Telegraf's buttons carry a `hide` field; Telegram (and the sandbox) do not echo it.
      expect(menuMarkup).toEqual({
        inline_keyboard: [
          [
            { text: 'A', callback_data: 'pick:a' },
            { text: 'B', callback_data: 'pick:b' },
          ],
        ],
      });
    }
  });
});

describe('node-telegram-bot-api', () => {
  it('runs an echo-and-keyboard bot in long polling', async () => {
    const bot = new NtbaBot(served.sandbox.token, { apiRoot: served.apiRoot });
    bot.command('start', (ctx) =>
      ctx.reply(HELLO, {
        reply_markup: new ReplyKeyboardBuilder().text('Yes').text('No').build({ resize_keyboard: true }),
      }),
    );
    bot.command('menu', (ctx) =>
      ctx.reply('Pick one', {
        reply_markup: new InlineKeyboardBuilder().text('A', 'pick:a').text('B', 'pick:b').build(),
      }),
    );
    bot.on('callback_query', async (ctx) => {
      const query = ctx.callbackQuery!;
      const choice = query.data!.slice('pick:'.length).toUpperCase();
      await ctx.answerCallbackQuery({ text: `You picked ${choice}` });
      await ctx.api.editMessageText({
        chat_id: query.message!.chat.id,
        message_id: query.message!.message_id,
        text: `Picked <b>${choice}</b>`,
        parse_mode: 'HTML',
      });
    });
    bot.on('message', (ctx) => ctx.reply(`You said: ${ctx.message!.text}`));
    const { failed, fail } = failure();
    bot.catch(fail);
    const polling = bot.startPolling(undefined, { timeout: 30 });
    await whileRunning({ polling, stop: () => bot.stop(), failed }, talkToTheBot);
  });
});
