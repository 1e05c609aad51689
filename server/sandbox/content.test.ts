import { type Api, InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFailure, type ServedSandbox, serveForConversations } from '../../tests/support/sandbox-server.ts';
import type { SandboxClient, SandboxUser } from '../../tests/support/sandbox-user.ts';

let s: ServedSandbox;
let api: Api;
let users: SandboxClient;

beforeAll(async () => {
  ({ served: s, api, users } = await serveForConversations());
});
afterAll(() => s.stop());

/** Compares file contents by digest (deep equality of big arrays is slow and unreadable). */
async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A user who has written to the bot, so the bot may write back. */
async function started(first_name = 'Айгерим'): Promise<SandboxUser> {
  const user = await users.user({ first_name, language_code: 'kk' });
  await user.send('/start');
  return user;
}

describe('documents, photos, locations and venues', () => {
  it('uploads a document (multipart), serves the same bytes to bot and user, reuses file_id', async () => {
    const user = await started();
    const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251);
    const sent = await api.sendDocument(user.id, new InputFile(bytes, 'Направление №1 (2026).pdf'), {
      caption: '<b>Ваше направление</b>',
      parse_mode: 'HTML',
    });
    expect(sent.document).toMatchObject({
      file_name: 'Направление №1 (2026).pdf',
      mime_type: 'application/pdf',
      file_size: bytes.length,
    });
    expect(sent.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 16 }]);
    const file = await api.getFile(sent.document.file_id);
    const viaBot = await fetch(`${s.apiRoot}/file/bot${s.sandbox.token}/${file.file_path}`);
    expect(await sha256(new Uint8Array(await viaBot.arrayBuffer()))).toBe(await sha256(bytes));

    const seen = await user.expectMessage('Ваше направление');
    expect(seen.document?.file_name).toBe('Направление №1 (2026).pdf');
    expect(await sha256(await user.download(seen))).toBe(await sha256(bytes));

    const again = await api.sendDocument(user.id, sent.document.file_id);
    expect(again.document.file_id).toBe(sent.document.file_id);
    expect((await apiFailure(api.sendDocument(user.id, 'no-such-file-id'))).description).toBe(
      'Bad Request: wrong file identifier/HTTP URL specified',
    );
  });

  it('takes photos with their size, and refuses bytes that are no image', async () => {
    const user = await started();
    const png = new Uint8Array(33);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(png.buffer).setUint32(16, 640);
    new DataView(png.buffer).setUint32(20, 480);
    const sent = await api.sendPhoto(user.id, new InputFile(png, 'qr.png'));
    expect(sent.photo.at(-1)).toMatchObject({ width: 640, height: 480, file_size: 33 });
    expect((await user.expectMessage((m) => !!m.photo)).photo).toMatchObject({ width: 640, height: 480 });
    expect(
      (await apiFailure(api.sendPhoto(user.id, new InputFile(new Uint8Array([1, 2, 3]))))).description,
    ).toBe('Bad Request: IMAGE_PROCESS_FAILED');
  });

  it('shows locations and venues in the chat', async () => {
    const user = await started();
    const location = await api.sendLocation(user.id, 43.238949, 76.889709);
    expect(location.location).toEqual({ latitude: 43.238949, longitude: 76.889709 });
    const venue = await api.sendVenue(user.id, 51.128207, 71.430411, 'Emhana Астана', 'пр. Мангилик Ел, 8');
    expect(venue.venue).toMatchObject({ title: 'Emhana Астана', address: 'пр. Мангилик Ел, 8' });
    expect((await user.expectMessage((m) => !!m.location)).location).toEqual({
      latitude: 43.238949,
      longitude: 76.889709,
    });
    const seen = await user.expectMessage((m) => !!m.venue);
    expect(seen).toMatchObject({
      venue: { title: 'Emhana Астана', address: 'пр. Мангилик Ел, 8' },
      location: { latitude: 51.128207, longitude: 71.430411 },
    });
  });
});

describe('commands', () => {
  it('keeps command lists per language and scope, and shows a user the one for their language', async () => {
    await api.setMyCommands([{ command: 'start', description: 'Начать' }]);
    await api.setMyCommands([{ command: 'start', description: 'Бастау' }], { language_code: 'kk' });
    expect(await api.getMyCommands()).toEqual([{ command: 'start', description: 'Начать' }]);
    expect(await api.getMyCommands({ language_code: 'kk' })).toEqual([
      { command: 'start', description: 'Бастау' },
    ]);
    expect(await api.getMyCommands({ language_code: 'en' })).toEqual([]);
    const kk = await users.user({ first_name: 'Dana', language_code: 'kk' });
    const en = await users.user({ first_name: 'John', language_code: 'en' });
    const shown = (id: number) =>
      users.request<{ commands: unknown[] }>('GET', `/sandbox/api/users/${id}/commands`);
    expect((await shown(kk.id)).commands).toEqual([{ command: 'start', description: 'Бастау' }]);
    expect((await shown(en.id)).commands).toEqual([{ command: 'start', description: 'Начать' }]);
    await api.deleteMyCommands({ language_code: 'kk' });
    expect(await api.getMyCommands({ language_code: 'kk' })).toEqual([]);
    expect(
      (await apiFailure(api.setMyCommands([{ command: 'Bad Command', description: 'x' }]))).description,
    ).toBe('Bad Request: BOT_COMMAND_INVALID');
  });

  it('shows a chat its own list before the lists by language, as Telegram does', async () => {
    await api.setMyCommands([{ command: 'menu', description: 'Басты мәзір' }], { language_code: 'kk' });
    const user = await users.user({ first_name: 'Ерлан', language_code: 'kk' });
    const other = await users.user({ first_name: 'Әлия', language_code: 'kk' });
    // The patient chose Russian in a Kazakh client: the chat's list (no language) wins over the
    // list for the client's language.
    await api.setMyCommands([{ command: 'menu', description: 'Главное меню' }], {
      scope: { type: 'chat', chat_id: user.id },
    });
    expect(await api.getMyCommands({ scope: { type: 'chat', chat_id: user.id } })).toEqual([
      { command: 'menu', description: 'Главное меню' },
    ]);
    expect(await user.commands()).toEqual([{ command: 'menu', description: 'Главное меню' }]);
    expect(await other.commands()).toEqual([{ command: 'menu', description: 'Басты мәзір' }]);
    await api.deleteMyCommands({ scope: { type: 'chat', chat_id: user.id } });
    expect(await user.commands()).toEqual([{ command: 'menu', description: 'Басты мәзір' }]);
    await api.deleteMyCommands({ language_code: 'kk' });
  });
});

describe('the test helper', () => {
  it('waits for a button that is still on its way', async () => {
    const user = await started('Терпеливый');
    const tapped = user.tap('Сайт клиники');
    await api.sendMessage(user.id, 'Ссылка', {
      reply_markup: { inline_keyboard: [[{ text: 'Сайт клиники', url: 'https://emhana.kz' }]] },
    });
    expect(await tapped).toEqual({ kind: 'url', url: 'https://emhana.kz' });
  });

  it('fails with a readable dump of the chat', async () => {
    const user = await started('Дамп');
    await api.sendMessage(user.id, 'Выберите язык', {
      reply_markup: { inline_keyboard: [[{ text: 'Русский', callback_data: 'ru' }]] },
    });
    const waited = user.expectMessage(/Тілді таңдаңыз/, { timeout: 300 });
    await expect(waited).rejects.toThrow(/matching \/Тілді таңдаңыз\/ within 300 ms/);
    await expect(waited).rejects.toThrow(/\[bot {2}#2\] "Выберите язык" \[Русский\]/);
    await expect(user.tap('Қазақша', { timeout: 200 })).rejects.toThrow(/inline on #2: \[Русский\]/);
    await api.sendMessage(user.id, 'surprise');
    await expect(user.expectNoMessage(500)).rejects.toThrow(
      /Expected no new bot message for 500 ms, but got/,
    );
  });
});
