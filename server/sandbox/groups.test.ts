import type { Message, Update } from '@grammyjs/types';
import { type Api, InputFile } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiFailure, type ServedSandbox, serveForConversations } from '../../tests/support/sandbox-server.ts';
import type { SandboxClient, SandboxGroup, SandboxUser } from '../../tests/support/sandbox-user.ts';

let s: ServedSandbox;
let api: Api;
let users: SandboxClient;

beforeAll(async () => {
  ({ served: s, api, users } = await serveForConversations());
});
afterAll(() => s.stop());

/** Each test sees only the updates it caused. */
beforeEach(async () => {
  await updates();
});

/** The pending updates, confirmed (so the next call sees only newer ones). */
async function updates(): Promise<Update[]> {
  const list = await api.getUpdates({
    timeout: 0,
    allowed_updates: ['message', 'my_chat_member', 'chat_member', 'callback_query'],
  });
  if (list.length) await api.getUpdates({ offset: list.at(-1)!.update_id + 1, timeout: 0 });
  return list;
}

/** A 640×480 PNG header: enough for the sandbox (and Telegram) to read its size. */
function png(width = 640, height = 480): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return bytes;
}

async function staff(options: { bot?: 'admin' | 'member' | 'none'; canManageTopics?: boolean } = {}) {
  const owner = await users.user({ first_name: 'Гульнар', last_name: 'Owner' });
  const operator = await users.user({ first_name: 'Асель', language_code: 'kk' });
  const group = await users.forumGroup({ title: 'Staff', owner, members: [operator], ...options });
  return { owner, operator, group };
}

async function started(first_name = 'Айгерим'): Promise<SandboxUser> {
  const user = await users.user({ first_name });
  await user.send('/start');
  return user;
}

async function download(filePath: string): Promise<Uint8Array> {
  const response = await fetch(`${s.apiRoot}/file/bot${s.sandbox.token}/${filePath}`);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

describe('groups and membership', () => {
  it('tells the bot it was made an administrator, and getChat / getChatMember describe the group', async () => {
    const { owner, operator, group } = await staff();
    const got = await updates();
    const mine = got.filter((u) => u.my_chat_member).map((u) => u.my_chat_member!);
    expect(mine.at(-1)).toMatchObject({
      chat: { id: group.id, type: 'supergroup', title: 'Staff', is_forum: true },
      from: { id: owner.id },
      old_chat_member: { status: 'left' },
      new_chat_member: { status: 'administrator', can_manage_topics: true },
    });
    expect(String(group.id)).toMatch(/^-100\d{10}$/);

    const chat = await api.getChat(group.id);
    expect(chat).toMatchObject({ id: group.id, type: 'supergroup', title: 'Staff', is_forum: true });
    expect(await api.getChatMember(group.id, owner.id)).toMatchObject({
      status: 'creator',
      user: { id: owner.id },
    });
    expect(await api.getChatMember(group.id, operator.id)).toMatchObject({
      status: 'member',
      user: { id: operator.id, first_name: 'Асель' },
    });
    const stranger = await users.user({ first_name: 'Чужой' });
    expect((await api.getChatMember(group.id, stranger.id)).status).toBe('left');
    await group.setMember(operator.id, 'kicked');
    expect((await api.getChatMember(group.id, operator.id)).status).toBe('kicked');
    expect(await apiFailure(api.getChatMember(group.id, 123))).toEqual({
      error_code: 400,
      description: 'Bad Request: user not found',
    });
  });

  it('getChat and getChatMember on a private chat; unknown chats are not found', async () => {
    const user = await started('Ерлан');
    expect(await api.getChat(user.id)).toMatchObject({ id: user.id, type: 'private', first_name: 'Ерлан' });
    expect(await api.getChatMember(user.id, user.id)).toMatchObject({
      status: 'member',
      user: { id: user.id },
    });
    expect(await apiFailure(api.getChat(-1001234567890))).toEqual({
      error_code: 400,
      description: 'Bad Request: chat not found',
    });
  });

  it('delivers members’ group messages to an admin bot, member changes as chat_member, and refuses a removed bot', async () => {
    const { operator, group } = await staff();
    await updates();
    const late = await users.user({ first_name: 'Новенький' });
    await group.setMember(late.id, 'member');
    await group.write(operator, 'Всем привет');
    const got = await updates();
    expect(got.find((u) => u.chat_member)?.chat_member).toMatchObject({
      new_chat_member: { status: 'member', user: { id: late.id } },
    });
    expect(got.find((u) => u.message?.new_chat_members)?.message?.new_chat_members?.[0]?.id).toBe(late.id);
    const text = got.find((u) => u.message?.text)?.message;
    expect(text).toMatchObject({
      text: 'Всем привет',
      chat: { id: group.id, type: 'supergroup' },
      from: { id: operator.id },
    });
    expect(text?.message_thread_id).toBeUndefined();

    await group.setMember(await users.botId(), 'left');
    expect((await updates()).at(-1)?.my_chat_member?.new_chat_member.status).toBe('left');
    expect(await apiFailure(api.sendMessage(group.id, 'hi'))).toEqual({
      error_code: 403,
      description: 'Forbidden: bot is not a member of the supergroup chat',
    });
    await group.setMember(await users.botId(), 'kicked');
    expect(await apiFailure(api.sendMessage(group.id, 'hi'))).toEqual({
      error_code: 403,
      description: 'Forbidden: bot was kicked from the supergroup chat',
    });
  });

  it('a bot that is only a member reads commands and replies to it, not the rest (privacy mode)', async () => {
    const { operator, group } = await staff({ bot: 'member' });
    await updates();
    await group.write(operator, 'просто разговор');
    const botMessage = await api.sendMessage(group.id, 'Я бот');
    await group.write(operator, '/help');
    await group.write(operator, 'ответ боту', { replyTo: botMessage.message_id });
    const texts = (await updates()).map((u) => u.message?.text).filter(Boolean);
    expect(texts).toEqual(['/help', 'ответ боту']);
  });

  it('the user API checks its input and names what is unknown', async () => {
    const owner = await users.user({ first_name: 'Владелец' });
    const post = (path: string, body: unknown) =>
      fetch(`${s.url}/sandbox/api${path}`, { method: 'POST', body: JSON.stringify(body) });
    const failure = async (response: Promise<Response>) => {
      const r = await response;
      return [r.status, ((await r.json()) as { error: string }).error];
    };
    expect(await failure(post('/groups', { owner_id: owner.id }))).toEqual([400, 'title is required']);
    expect(await failure(post('/groups', { title: 'x', owner_id: 5 }))).toEqual([404, 'no sandbox user 5']);
    expect(
      await failure(post('/groups', { title: 'x', owner_id: owner.id, type: 'group', is_forum: true })),
    ).toEqual([400, 'only a supergroup can be a forum']);
    expect(await failure(post('/groups/-1/messages', { from: owner.id, text: 'x' }))).toEqual([
      404,
      'no sandbox group -1',
    ]);
    const { group } = await staff();
    expect(await failure(post(`/groups/${group.id}/messages`, { from: owner.id, text: '  ' }))).toEqual([
      400,
      'text must be a non-empty string',
    ]);
    expect(await failure(post(`/groups/${group.id}/members`, { user_id: owner.id, status: 'boss' }))).toEqual(
      [400, 'status must be member, administrator, left or kicked'],
    );
    expect(
      await failure(
        post(`/groups/${group.id}/messages`, { from: owner.id, text: 'x', message_thread_id: 4242 }),
      ),
    ).toEqual([403, expect.stringContaining('not a member')]);
  });

  it('refuses a member API call for someone not in the group', async () => {
    const { group } = await staff();
    const stranger = await users.user({ first_name: 'Чужой' });
    await expect(group.write(stranger, 'hi')).rejects.toThrow(/403 .*not a member/);
  });
});

describe('forum topics', () => {
  it('creates a topic with its service message; messages in it carry message_thread_id both ways', async () => {
    const { operator, group } = await staff();
    const topic = await api.createForumTopic(group.id, 'Заявка №12 · Айгерим', { icon_color: 16766590 });
    expect(topic).toEqual({
      message_thread_id: expect.any(Number),
      name: 'Заявка №12 · Айгерим',
      icon_color: 16766590,
    });
    const thread = topic.message_thread_id;
    const [created] = await group.topicMessages(thread);
    expect(created).toMatchObject({ message_id: thread, service: 'topic created: Заявка №12 · Айгерим' });
    expect((await group.topics()).map((t) => t.name)).toEqual(['Заявка №12 · Айгерим']);

    const sent = await api.sendMessage(group.id, 'Пациент пишет: нужна справка', {
      message_thread_id: thread,
    });
    expect(sent).toMatchObject({ message_thread_id: thread, is_topic_message: true });
    expect(sent.reply_to_message?.forum_topic_created?.name).toBe('Заявка №12 · Айгерим');
    expect((await group.expectMessage(thread, 'нужна справка')).sender?.is_bot).toBe(true);

    await updates();
    await group.write(operator, 'Здравствуйте! Справку подготовим завтра.', { topic: thread });
    const [update] = await updates();
    expect(update?.message).toMatchObject({
      text: 'Здравствуйте! Справку подготовим завтра.',
      message_thread_id: thread,
      is_topic_message: true,
      from: { id: operator.id },
      chat: { id: group.id, is_forum: true },
      reply_to_message: { message_id: thread, forum_topic_created: { name: 'Заявка №12 · Айгерим' } },
    });
  });

  it('edits, closes and reopens a topic; a closed topic takes no messages from members', async () => {
    const { operator, group } = await staff();
    const { message_thread_id: thread } = await api.createForumTopic(group.id, 'Заявка №13');
    expect(await api.editForumTopic(group.id, thread, { name: 'Заявка №13 · закрыта' })).toBe(true);
    expect(await apiFailure(api.editForumTopic(group.id, thread, { name: 'Заявка №13 · закрыта' }))).toEqual({
      error_code: 400,
      description: 'Bad Request: TOPIC_NOT_MODIFIED',
    });
    expect(await api.closeForumTopic(group.id, thread)).toBe(true);
    expect(await apiFailure(api.closeForumTopic(group.id, thread))).toMatchObject({
      description: 'Bad Request: TOPIC_NOT_MODIFIED',
    });
    expect((await group.topics())[0]).toMatchObject({ name: 'Заявка №13 · закрыта', closed: true });
    await expect(group.write(operator, 'ещё вопрос', { topic: thread })).rejects.toThrow(/403 .*closed/);
    // The bot manages topics: it may still write in a closed one.
    await api.sendMessage(group.id, 'Заявка закрыта', { message_thread_id: thread });
    expect(await api.reopenForumTopic(group.id, thread)).toBe(true);
    await group.write(operator, 'ещё вопрос', { topic: thread });
    const services = (await group.topicMessages(thread)).map((m) => m.service).filter(Boolean);
    expect(services).toEqual([
      'topic created: Заявка №13',
      'topic renamed: Заявка №13 · закрыта',
      'topic closed',
      'topic reopened',
    ]);
  });

  it('answers as Telegram does: no such thread, no rights, not a forum, bad name or colour', async () => {
    const { group } = await staff();
    expect(await apiFailure(api.sendMessage(group.id, 'x', { message_thread_id: 999 }))).toEqual({
      error_code: 400,
      description: 'Bad Request: message thread not found',
    });
    expect(await apiFailure(api.createForumTopic(group.id, '   '))).toMatchObject({
      description: 'Bad Request: TOPIC_TITLE_EMPTY',
    });
    expect(
      await apiFailure(api.createForumTopic(group.id, 'x', { icon_color: 123 as 7322096 })),
    ).toMatchObject({
      description: 'Bad Request: TOPIC_ICON_COLOR_INVALID',
    });
    expect(await apiFailure(api.closeForumTopic(group.id, 999))).toMatchObject({
      description: 'Bad Request: message thread not found',
    });

    const weak = await staff({ bot: 'member' });
    expect(await apiFailure(api.createForumTopic(weak.group.id, 'Заявка'))).toEqual({
      error_code: 400,
      description: 'Bad Request: not enough rights to create a topic',
    });
    const noRight = await staff({ bot: 'admin', canManageTopics: false });
    expect(await apiFailure(api.createForumTopic(noRight.group.id, 'Заявка'))).toMatchObject({
      description: 'Bad Request: not enough rights to create a topic',
    });
    const absent = await staff({ bot: 'none' });
    expect(await apiFailure(api.createForumTopic(absent.group.id, 'Заявка'))).toEqual({
      error_code: 400,
      description: 'Bad Request: chat not found',
    });

    const owner = await users.user({ first_name: 'Владелец' });
    const { id } = await users.request<{ id: number }>('POST', '/sandbox/api/groups', {
      title: 'Без тем',
      owner_id: owner.id,
    });
    await users.request('POST', `/sandbox/api/groups/${id}/members`, {
      user_id: await users.botId(),
      status: 'administrator',
    });
    expect(await apiFailure(api.createForumTopic(id, 'Заявка'))).toMatchObject({
      description: 'Bad Request: the chat is not a forum',
    });
    const user = await started();
    expect(await apiFailure(api.sendMessage(user.id, 'x', { message_thread_id: 5 }))).toMatchObject({
      description: 'Bad Request: message thread not found',
    });
  });
});

describe('users sending photos and documents', () => {
  it('a patient’s photo and document reach the bot as Telegram gives them, and getFile downloads them', async () => {
    const user = await started();
    await updates();
    const photoBytes = png(800, 600);
    await user.sendPhoto(photoBytes, { caption: 'Мой анализ' });
    const pdf = new TextEncoder().encode('%PDF-1.4 справка');
    await user.sendDocument(pdf, 'Справка 2026.pdf', { caption: 'и документ' });
    const [photoUpdate, documentUpdate] = await updates();
    const photo = photoUpdate?.message as Message.PhotoMessage;
    expect(photo).toMatchObject({
      chat: { id: user.id, type: 'private' },
      from: { id: user.id },
      caption: 'Мой анализ',
    });
    expect(photo.photo.at(-1)).toMatchObject({
      file_id: expect.any(String),
      file_unique_id: expect.any(String),
      width: 800,
      height: 600,
    });
    const document = (documentUpdate!.message as Message.DocumentMessage).document;
    expect(document).toMatchObject({
      file_name: 'Справка 2026.pdf',
      mime_type: 'application/pdf',
      file_size: pdf.length,
    });
    const file = await api.getFile(document.file_id);
    expect(await download(file.file_path!)).toEqual(pdf);
    const photoFile = await api.getFile(photo.photo.at(-1)!.file_id);
    expect(await download(photoFile.file_path!)).toEqual(photoBytes);
    // The user sees their own messages with the files in their chat.
    await user.sync(0);
    expect(user.messages.map((m) => [m.from, m.text, !!m.photo, !!m.document])).toEqual([
      ['user', '/start', false, false],
      ['user', 'Мой анализ', true, false],
      ['user', 'и документ', false, true],
    ]);
  });

  it('refuses what is not a photo, and more or less than one file', async () => {
    const user = await started();
    await expect(user.sendPhoto(new TextEncoder().encode('not an image'))).rejects.toThrow(/400 .*refused/);
    await expect(
      users.request('POST', `/sandbox/api/users/${user.id}/files`, new FormData()),
    ).rejects.toThrow(/400/);
  });

  it('a member sends a photo into a topic; the bot gets it with message_thread_id', async () => {
    const { operator, group } = await staff();
    const { message_thread_id: thread } = await api.createForumTopic(group.id, 'Фото');
    await updates();
    await group.sendFile(operator, 'photo', png(), { caption: 'скан', topic: thread });
    const [update] = await updates();
    expect(update?.message).toMatchObject({
      message_thread_id: thread,
      is_topic_message: true,
      caption: 'скан',
    });
    expect((update!.message as Message.PhotoMessage).photo[0]).toMatchObject({ width: 640, height: 480 });
  });
});

describe('copyMessage and forwardMessage', () => {
  let patient: SandboxUser;
  let group: SandboxGroup;
  let operator: SandboxUser;
  let thread: number;

  beforeEach(async () => {
    patient = await started('Пациент');
    ({ group, operator } = await staff());
    thread = (await api.createForumTopic(group.id, 'Заявка')).message_thread_id;
    await updates();
  });

  it('copies a patient’s text, photo and document into a topic (new caption allowed) and returns MessageId', async () => {
    const text = await patient.send('Нужна справка для бассейна');
    const photo = await patient.sendPhoto(png(), { caption: 'старая подпись' });
    const document = await patient.sendDocument(new TextEncoder().encode('data'), 'анализ.pdf');
    const copied = await api.copyMessage(group.id, patient.id, text, { message_thread_id: thread });
    expect(copied).toEqual({ message_id: expect.any(Number) });
    await api.copyMessage(group.id, patient.id, photo, {
      message_thread_id: thread,
      caption: 'Фото от пациента',
    });
    await api.copyMessage(group.id, patient.id, document, { message_thread_id: thread });
    const seen = (await group.topicMessages(thread)).filter((m) => !m.service);
    expect(seen.map((m) => [m.text, !!m.photo, m.document?.file_name])).toEqual([
      ['Нужна справка для бассейна', false, undefined],
      ['Фото от пациента', true, undefined],
      [undefined, false, 'анализ.pdf'],
    ]);
    expect(seen[0]?.message_id).toBe(copied.message_id);
    expect(seen.every((m) => m.sender?.is_bot && !m.forwarded_from)).toBe(true);
  });

  it('copies an operator’s reply from the topic to the patient, as a message from the bot', async () => {
    const reply = await group.write(operator, 'Справка готова, заберите в регистратуре', { topic: thread });
    await api.copyMessage(patient.id, group.id, reply);
    const got = await patient.expectMessage('Справка готова');
    expect(got.from).toBe('bot');
  });

  it('forwards with forward_origin, keeping the file', async () => {
    const photo = await patient.sendPhoto(png(), { caption: 'снимок' });
    const forwarded = await api.forwardMessage(group.id, patient.id, photo, { message_thread_id: thread });
    expect(forwarded).toMatchObject({
      message_thread_id: thread,
      caption: 'снимок',
      forward_origin: { type: 'user', sender_user: { id: patient.id } },
    });
    const [shown] = (await group.topicMessages(thread)).filter((m) => !m.service);
    expect(shown).toMatchObject({ forwarded_from: 'Пациент', photo: { width: 640, height: 480 } });
  });

  it('answers as Telegram does for a missing message, a service message and an unknown chat', async () => {
    expect(await apiFailure(api.copyMessage(group.id, patient.id, 9999))).toEqual({
      error_code: 400,
      description: 'Bad Request: message to copy not found',
    });
    expect(await apiFailure(api.forwardMessage(group.id, patient.id, 9999))).toMatchObject({
      description: 'Bad Request: message to forward not found',
    });
    expect(await apiFailure(api.copyMessage(patient.id, group.id, thread))).toMatchObject({
      description: "Bad Request: message can't be copied",
    });
    expect(await apiFailure(api.copyMessage(group.id, 42, 1))).toMatchObject({
      description: 'Bad Request: chat not found',
    });
    const text = await patient.send('текст');
    expect(
      await apiFailure(api.copyMessage(group.id, patient.id, text, { message_thread_id: 777 })),
    ).toMatchObject({
      description: 'Bad Request: message thread not found',
    });
  });
});

describe('documents the bot sends into a topic', () => {
  it('sendPhoto and sendDocument accept message_thread_id', async () => {
    const { group } = await staff();
    const { message_thread_id: thread } = await api.createForumTopic(group.id, 'Файлы');
    const photo = await api.sendPhoto(group.id, new InputFile(png(), 'a.png'), { message_thread_id: thread });
    const doc = await api.sendDocument(group.id, new InputFile(new Uint8Array([1, 2, 3]), 'a.bin'), {
      message_thread_id: thread,
    });
    expect([photo.message_thread_id, doc.message_thread_id]).toEqual([thread, thread]);
    expect(
      await apiFailure(api.sendPhoto(group.id, new InputFile(png(), 'a.png'), { message_thread_id: 5555 })),
    ).toMatchObject({ description: 'Bad Request: message thread not found' });
  });
});
