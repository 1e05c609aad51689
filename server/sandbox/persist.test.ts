import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, InputFile } from 'grammy';
import { afterAll, expect, it } from 'vitest';
import { serveSandbox } from '../../tests/support/sandbox-server.ts';
import { SandboxClient } from '../../tests/support/sandbox-user.ts';

const dir = mkdtempSync(join(tmpdir(), 'emhana-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps token, users, chats, commands and files across a restart when given a persist file', async () => {
  const persistFile = join(dir, 'sandbox.json');
  const first = await serveSandbox({ persistFile });
  const api = new Api(first.sandbox.token, { apiRoot: first.apiRoot });
  const user = await new SandboxClient(first.url).user({ first_name: 'Сохранённый', language_code: 'ru' });
  await user.send('/start');
  await api.sendMessage(user.id, 'remembered');
  const doc = await api.sendDocument(user.id, new InputFile(new TextEncoder().encode('PDF bytes'), 'a.pdf'));
  await api.setMyCommands([{ command: 'start', description: 'Начать' }]);
  const token = first.sandbox.token;
  await first.stop();

  const second = await serveSandbox({ persistFile });
  try {
    expect(second.sandbox.token).toBe(token);
    const again = new Api(second.sandbox.token, { apiRoot: second.apiRoot });
    expect(await again.getMyCommands()).toEqual([{ command: 'start', description: 'Начать' }]);
    const pending = await again.getUpdates({ timeout: 0 });
    expect(pending.map((u) => u.message?.text)).toEqual(['/start']);
    const client = new SandboxClient(second.url);
    const { messages } = await client.request<{ messages: { text?: string; document?: { url: string } }[] }>(
      'GET',
      `/sandbox/api/users/${user.id}/chat`,
    );
    expect(messages.map((m) => m.text ?? m.document?.url.split('/').pop())).toEqual([
      '/start',
      'remembered',
      'a.pdf',
    ]);
    const file = await again.getFile(doc.document.file_id);
    const bytes = await fetch(`${second.apiRoot}/file/bot${token}/${file.file_path}`).then((r) => r.text());
    expect(bytes).toBe('PDF bytes');
    await again.sendMessage(user.id, 'after restart');
  } finally {
    await second.stop();
  }
});

it('has every acknowledged change on disk when its answer is sent, with no clean close', async () => {
  const persistFile = join(dir, 'unclean.json');
  const first = await serveSandbox({
    persistFile,
    limits: { globalPerSecond: 10_000, perChatBurst: 10_000 },
  });
  const api = new Api(first.sandbox.token, { apiRoot: first.apiRoot });
  const user = await new SandboxClient(first.url).user({ first_name: 'Без закрытия' });
  await user.send('/start');
  const sent = await Promise.all(Array.from({ length: 50 }, (_, i) => api.sendMessage(user.id, `n${i}`)));
  await api.editMessageText(user.id, sent[0]!.message_id, 'n0, edited');
  await api.deleteMessage(user.id, sent[1]!.message_id);
  // A second sandbox reads the files while the first is still running, as after kill -9.
  const second = await serveSandbox({ persistFile });
  try {
    const { messages } = await new SandboxClient(second.url).request<{
      messages: { message_id: number; text?: string }[];
    }>('GET', `/sandbox/api/users/${user.id}/chat`);
    expect(messages.map((m) => m.text)).toEqual([
      '/start',
      'n0, edited',
      ...sent.slice(2).map((m) => m.text),
    ]);
    expect((await new Api(second.sandbox.token, { apiRoot: second.apiRoot }).getUpdates()).length).toBe(1);
  } finally {
    await second.stop();
    await first.stop();
  }
});

it('loads a snapshot written before the journal existed, and ignores a journal line cut short', async () => {
  const persistFile = join(dir, 'old.json');
  const message = {
    message_id: 1,
    from: { id: 1500000001, is_bot: false, first_name: 'Старый' },
    chat: { id: 1500000001, type: 'private', first_name: 'Старый' },
    date: 1_700_000_000,
    text: 'из старого файла',
  };
  const snapshot = {
    version: 1,
    botId: 7000000001,
    token: '7000000001:AAold-token-kept-across-versions-12345',
    smsKey: 'sbxold',
    sms: [],
    nextUpdateId: 500,
    pending: [{ update_id: 499, message }],
    users: [
      { id: 1500000001, first_name: 'Старый', phone_number: '+77010000001', blocked: false, started: true },
    ],
    chats: [
      {
        id: 1500000001,
        instance: '123',
        nextMessageId: 2,
        seq: 1,
        messages: [{ message, from: 'user', seq: 1 }],
      },
    ],
    files: [],
    commands: [['default|', [{ command: 'start', description: 'Начать' }]]],
  };
  writeFileSync(persistFile, JSON.stringify(snapshot));
  // A journal whose last line a killed process did not finish writing (never acknowledged).
  writeFileSync(`${persistFile}.journal`, '{"commands":"default|","list":nu');
  const served = await serveSandbox({ persistFile });
  try {
    expect(served.sandbox.token).toBe(snapshot.token);
    const api = new Api(served.sandbox.token, { apiRoot: served.apiRoot });
    expect(await api.getMyCommands()).toEqual([{ command: 'start', description: 'Начать' }]);
    expect((await api.getUpdates()).map((u) => [u.update_id, u.message?.text])).toEqual([
      [499, 'из старого файла'],
    ]);
    const next = await api.sendMessage(1500000001, 'новое');
    expect(next.message_id).toBe(2);
  } finally {
    await served.stop();
  }
  // The journal was folded into the snapshot at close, in the same format.
  expect(readFileSync(`${persistFile}.journal`, 'utf8')).toBe('');
  const saved = JSON.parse(readFileSync(persistFile, 'utf8'));
  expect(saved).toMatchObject({
    version: 1,
    token: snapshot.token,
    nextUpdateId: 500,
    pending: [{ update_id: 499 }],
  });
  expect(saved.chats[0].messages.map((m: { message: { text: string } }) => m.message.text)).toEqual([
    'из старого файла',
    'новое',
  ]);
});

it('keeps groups, their members and topics across a restart, journal only (no clean close)', async () => {
  const persistFile = join(dir, 'groups.json');
  const first = await serveSandbox({ persistFile });
  const api = new Api(first.sandbox.token, { apiRoot: first.apiRoot });
  const client = new SandboxClient(first.url);
  const owner = await client.user({ first_name: 'Владелец' });
  const operator = await client.user({ first_name: 'Оператор' });
  const group = await client.forumGroup({ title: 'Staff', owner, members: [operator] });
  const { message_thread_id: thread } = await api.createForumTopic(group.id, 'Заявка №1');
  await api.closeForumTopic(group.id, thread);
  await group.write(operator, 'в общем чате');
  // A crash: the second instance reads what the first one journaled.
  const second = await serveSandbox({ persistFile });
  try {
    const again = new Api(second.sandbox.token, { apiRoot: second.apiRoot });
    expect(await again.getChatMember(group.id, operator.id)).toMatchObject({ status: 'member' });
    expect(await again.getChat(group.id)).toMatchObject({ title: 'Staff', is_forum: true });
    expect(await again.reopenForumTopic(group.id, thread)).toBe(true);
    const sent = await again.sendMessage(group.id, 'после перезапуска', { message_thread_id: thread });
    expect(sent.message_id).toBeGreaterThan(thread + 2);
  } finally {
    await second.stop();
    await first.stop();
  }
});

it('keeps the app clock where the sandbox moved it, across a restart and after a kill', async () => {
  const persistFile = join(dir, 'clock.json');
  const first = await serveSandbox({ persistFile });
  const user = await new SandboxClient(first.url).user({ first_name: 'Завтрашний' });
  await user.send('/start');
  // "Tomorrow", as a scenario moves it.
  await new SandboxClient(first.url).advanceClock(24 * 60);
  // Read while the first still runs, as after kill -9 (the journal alone has it).
  const killed = await serveSandbox({ persistFile });
  expect((await new SandboxClient(killed.url).clock()).offsetMinutes).toBe(24 * 60);
  await killed.stop();
  await new SandboxClient(first.url).advanceClock(30);
  await first.stop();

  // A clean restart with a new process's clock: still tomorrow, chats and all.
  const second = await serveSandbox({ persistFile });
  try {
    const client = new SandboxClient(second.url);
    const { now, offsetMinutes } = await client.clock();
    expect(offsetMinutes).toBe(24 * 60 + 30);
    expect(now.getTime()).toBeGreaterThan(Date.now() + 24 * 3_600_000);
    const { messages } = await client.request<{ messages: { text?: string }[] }>(
      'GET',
      `/sandbox/api/users/${user.id}/chat`,
    );
    expect(messages.map((m) => m.text)).toEqual(['/start']);
  } finally {
    await second.stop();
  }
});
