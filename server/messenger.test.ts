import { type Api, InputFile } from 'grammy';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramBudget } from '../shared/telegram-budget.ts';
import { type ServedSandbox, serveForConversations } from '../tests/support/sandbox-server.ts';
import type { SandboxClient, SandboxUser } from '../tests/support/sandbox-user.ts';
import { telegramMessenger } from './messenger.ts';

/** The delivery queue's edits against the Telegram sandbox: text, caption, buttons, and refusals. */
let s: ServedSandbox;
let api: Api;
let users: SandboxClient;
let messenger: ReturnType<typeof telegramMessenger>;
beforeAll(async () => {
  ({ served: s, api, users } = await serveForConversations());
  messenger = telegramMessenger(s.sandbox.token, s.apiRoot, new TelegramBudget());
});
afterAll(() => s.stop());

async function started(): Promise<SandboxUser> {
  const user = await users.user({ first_name: 'Дана', language_code: 'ru' });
  await user.send('/start');
  return user;
}

const link = { inline_keyboard: [[{ text: 'Оплатить', url: 'https://pay.example/1' }]] };

describe('editing a message for a delivery', () => {
  it('replaces a text and removes its buttons; the same edit again is done, not refused', async () => {
    const user = await started();
    const sent = await api.sendMessage(user.id, 'Ссылка на оплату', { reply_markup: link });
    const paid = { text: '✅ <b>Оплачено</b>' };
    expect(await messenger.edit(user.id, sent.message_id, paid)).toEqual({
      ok: true,
      messageId: sent.message_id,
    });
    const edited = await user.expectEdit('Оплачено');
    expect(edited.buttons ?? []).toEqual([]);
    // An edit whose answer was lost is retried: Telegram says "not modified", and that is success.
    expect(await messenger.edit(user.id, sent.message_id, paid)).toEqual({
      ok: true,
      messageId: sent.message_id,
    });
  });

  it("edits a photo's caption and replaces its buttons", async () => {
    const user = await started();
    const png = await QRCode.toBuffer('https://qr.example/1', { type: 'png' });
    const sent = await api.sendPhoto(user.id, new InputFile(png, 'qr.png'), {
      caption: 'QR',
      reply_markup: link,
    });
    const outcome = await messenger.edit(user.id, sent.message_id, {
      text: 'Истекла',
      buttons: [[{ text: 'Новая ссылка', data: 'p:i:1' }]],
    });
    expect(outcome).toEqual({ ok: true, messageId: sent.message_id });
    const edited = await user.expectEdit('Истекла');
    expect(edited.photo).toBeDefined();
    expect(edited.buttons?.flat()).toEqual([
      expect.objectContaining({ text: 'Новая ссылка', data: 'p:i:1' }),
    ]);
  });

  it('says a message that is gone cannot be edited (the sender then sends a new one)', async () => {
    const user = await started();
    const sent = await api.sendMessage(user.id, 'Ссылка');
    await api.deleteMessage(user.id, sent.message_id);
    const outcome = await messenger.edit(user.id, sent.message_id, { text: 'Оплачено' });
    expect(outcome).toMatchObject({ ok: false, kind: 'not_editable' });
    expect((await messenger.edit(user.id, 999_999, { text: 'Оплачено' })).ok).toBe(false);
  });
});
