import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { patientInChat, registerPatient } from '../../tests/support/patients.ts';
import type { SandboxGroup, SandboxUser } from '../../tests/support/sandbox-user.ts';

/**
 * The relay into the staff group, through the real app, bot and Telegram sandbox: each ticket gets
 * its topic, named by number and name; what the patient writes (photos too), what an operator
 * answers through the API and the close note appear there, once each and in order, through a
 * restart and while the bot may not yet manage topics.
 */
let t: TestApp;
afterEach(() => t?.stop());

// The smallest PNG there is (1×1).
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/**
 * The app with a staff forum as its support group: the group is made in the sandbox first, then
 * the app restarts naming it (SUPPORT_CHAT_ID), as a clinic's deploy would.
 */
let owner: SandboxUser;
let operatorId: number;
async function withGroup(bot: 'admin' | 'member', env: Record<string, string> = {}): Promise<SandboxGroup> {
  t = await startTestApp({}, { bot: true });
  owner = await t.sandbox.user({ first_name: 'Гульнар' });
  const group = await t.sandbox.forumGroup({ title: 'Поддержка', owner, bot });
  t = await t.restart({ SUPPORT_CHAT_ID: String(group.id), ...env });
  // Her answers are signed with her name from the Staff page, not her username.
  operatorId = (
    await t.app.caller({ kind: 'system' }).staff.create({
      username: 'aigul',
      displayName: 'Айгүл',
      password: 'operator-pass-1',
      roles: ['operator'],
    })
  ).id;
  return group;
}

async function patient(firstName: string, lastName: string) {
  const user = await t.sandbox.user({ first_name: firstName, language_code: 'ru' });
  await registerPatient(t.app, user.id, { firstName, lastName });
  await user.send('/menu');
  await user.expectMessage(/меню/i);
  const api = () => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id }).support.tickets;
  /** The patient writes in their chat; the bot hands it to the support API with the message's id. */
  const write = async (text: string, ticketId?: number) => {
    const messageId = await user.send(text);
    const sourceKey = `tg:${user.id}:${messageId}`;
    return ticketId
      ? (await api().write({ ticketId, text, sourceKey })).id
      : (await api().open({ text, sourceKey })).ticket.id;
  };
  return { user, api, write };
}

const operator = () =>
  t.app.caller({ kind: 'staff', accountId: operatorId, name: 'aigul', roles: ['operator'] }).support.staff;

/** The bot's messages in a topic, read afresh (service messages left out). */
async function botLines(group: SandboxGroup, topic: number): Promise<string[]> {
  return (await group.topicMessages(topic))
    .filter((m) => m.from === 'bot' && !m.service)
    .map((m) => m.text ?? (m.photo ? '[photo]' : '[file]'));
}

const stats = () =>
  t.sandbox.request<{ calls: Record<string, number>; errors: Record<string, number> }>(
    'GET',
    '/sandbox/api/stats',
  );
/** How often the bot has called a method (refused calls included), as the sandbox counts. */
const sandboxCalls = async (method: string) => (await stats()).calls[method] ?? 0;
/** How many calls the sandbox refused with this code. */
const sandboxErrors = async (code: number) => (await stats()).errors[code] ?? 0;

describe('the staff group', () => {
  it('gets a topic per ticket with the patient’s words and photo, the API reply and the close note', async () => {
    const group = await withGroup('admin');
    const asel = await patient('Асель', 'Нурланова');
    const ticketId = await asel.write('После процедуры болит спина, это нормально?');
    const topic = await group.expectTopic(`№${ticketId} · Асель Нурланова`);
    expect(topic.name).toBe(`№${ticketId} · Асель Нурланова`);
    await group.expectMessage(topic.message_thread_id, 'После процедуры болит спина, это нормально?');

    const photoId = await asel.user.sendPhoto(PNG, { caption: 'Вот так выглядит' });
    await asel.api().write({
      ticketId,
      text: 'Вот так выглядит',
      media: { type: 'photo', fileId: 'as-the-bot-saw-it' },
      sourceKey: `tg:${asel.user.id}:${photoId}`,
    });
    // Copied from the patient's chat: the photo itself, with its caption.
    const photo = await group.expectMessage(topic.message_thread_id, (m) => Boolean(m.photo));
    expect(photo.text).toBe('Вот так выглядит');

    await operator().reply({
      ticketId,
      text: 'Приходите завтра в 10:00.',
      idempotencyKey: `reply-${ticketId}-1`,
    });
    await group.expectMessage(topic.message_thread_id, '💬 Айгүл: Приходите завтра в 10:00.');
    await asel.user.expectMessage('Приходите завтра в 10:00.');

    await operator().close({ ticketId });
    await group.expectMessage(topic.message_thread_id, '🔒 Обращение закрыто.');

    // A second ticket of another patient: its own topic; the first one's stays as it was.
    const dana = await patient('Дана', 'Серикова');
    const second = await dana.write('Можно перенести анализы?');
    const other = await group.expectTopic(`№${second} · Дана Серикова`);
    await group.expectMessage(other.message_thread_id, 'Можно перенести анализы?');
    expect(await botLines(group, topic.message_thread_id)).toEqual([
      'После процедуры болит спина, это нормально?',
      'Вот так выглядит',
      '💬 Айгүл: Приходите завтра в 10:00.',
      '🔒 Обращение закрыто.',
    ]);
    expect((await group.topics()).filter((t) => t.name.startsWith(`№${ticketId} `))).toHaveLength(1);
    // Never the IIN in the group.
    expect(JSON.stringify(group.messages)).not.toMatch(/\d{12}/);
  });

  it('copies what a patient sends the bot — a question, then a photo — into the topic, in Kazakh too', async () => {
    const group = await withGroup('admin');
    const aigerim = await patientInChat(t, 'kk', 'Айгерім');
    await aigerim.tap('❓ Көмек');
    await aigerim.tap('💬 Қызметкермен байланысу');
    await aigerim.expectMessage(/Сұрағыңызды бір хабарламамен жазыңыз/);
    await aigerim.send('Анализ нәтижесі қашан дайын болады?');
    const opened = await aigerim.expectMessage(/№ (\d+) өтініш қабылданды/);
    const ticketId = Number(/№ (\d+)/.exec(opened.text ?? '')![1]);
    const topic = await group.expectTopic(`№${ticketId} · Айгерім Сейтқали`);
    await group.expectMessage(topic.message_thread_id, 'Анализ нәтижесі қашан дайын болады?');
    await aigerim.sendPhoto(PNG, { caption: 'Жолдама' });
    const photo = await group.expectMessage(topic.message_thread_id, (m) => Boolean(m.photo));
    expect(photo.text).toBe('Жолдама');
  });

  it('says a close typed in the topic once: the bot’s answer, no relayed note besides', async () => {
    const group = await withGroup('admin');
    const marat = await patient('Марат', 'Жумабаев');
    const ticketId = await marat.write('Нужна справка в бассейн');
    const topic = await group.expectTopic(`№${ticketId} · Марат Жумабаев`);
    await group.expectMessage(topic.message_thread_id, 'Нужна справка в бассейн');
    await group.write(owner, '/close', { topic: topic.message_thread_id });
    await group.expectMessage(topic.message_thread_id, `Обращение № ${ticketId} закрыто`);
    // An answer after it (reopened first: a closed ticket is not answered) comes through the relay
    // in order: a note for the close would be before it.
    await operator().reopen({ ticketId });
    await operator().reply({
      ticketId,
      text: 'Справку выдаст терапевт.',
      idempotencyKey: `reply-${ticketId}-1`,
    });
    await group.expectMessage(topic.message_thread_id, '💬 Айгүл: Справку выдаст терапевт.');
    const lines = await botLines(group, topic.message_thread_id);
    expect(lines.filter((line) => /закрыт/.test(line))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('🔒'))).toBe(false);
  });

  it('loses nothing and repeats nothing across a restart while a flood wait (429) holds the relay', async () => {
    const group = await withGroup('admin');
    const nurlan = await patient('Нурлан', 'Абенов');
    // Telegram answers the first copy with a 30-second flood wait.
    const refused = await sandboxErrors(429);
    await t.sandbox.fault({ method: 'copyMessage', kind: '429', count: 1, retry_after: 30 });
    const texts = Array.from({ length: 8 }, (_, i) => `Сообщение ${i + 1}`);
    // Typed in the chat first, then handed to the API one after another (as fast as a bot does).
    const ids: number[] = [];
    for (const text of texts) ids.push(await nurlan.user.send(text));
    const key = (i: number) => `tg:${nurlan.user.id}:${ids[i]}`;
    const { ticket } = await nurlan.api().open({ text: texts[0], sourceKey: key(0) });
    const ticketId = ticket.id;
    for (let i = 1; i < texts.length; i++)
      await nurlan.api().write({ ticketId, text: texts[i], sourceKey: key(i) });
    const topic = await group.expectTopic(`№${ticketId} `);
    // The flood wait holds every message: the server restarts with all of them in the outbox.
    while ((await sandboxErrors(429)) === refused) await sleep(20);
    expect(await botLines(group, topic.message_thread_id)).toEqual([]);
    t = await t.restart();
    await group.expectMessage(topic.message_thread_id, 'Сообщение 8', { timeout: 15_000 });
    await nurlan.write('После перезапуска', ticketId);
    await group.expectMessage(topic.message_thread_id, 'После перезапуска');
    expect(await botLines(group, topic.message_thread_id)).toEqual([...texts, 'После перезапуска']);
    expect(await group.topics()).toHaveLength(1);
  });

  it('keeps the messages while the bot may not manage topics, and relays them once it may', async () => {
    const group = await withGroup('member');
    const before = await sandboxCalls('createForumTopic');
    const erlan = await patient('Ерлан', 'Касымов');
    const ticketId = await erlan.write('Где получить справку?');
    await erlan.write('И сколько это стоит?', ticketId);
    // Telegram refused the topic (the bot is not an admin): nothing is in the group yet.
    while ((await sandboxCalls('createForumTopic')) === before) await sleep(20);
    expect(await group.topics()).toEqual([]);

    await group.setMember(await t.sandbox.botId(), 'administrator', { can_manage_topics: true });
    const topic = await group.expectTopic(`№${ticketId} · Ерлан Касымов`, { timeout: 15_000 });
    await group.expectMessage(topic.message_thread_id, 'И сколько это стоит?');
    expect(await botLines(group, topic.message_thread_id)).toEqual([
      'Где получить справку?',
      'И сколько это стоит?',
    ]);
    expect(await group.topics()).toHaveLength(1);
  });
});

describe('without a support group', () => {
  it('relays nothing: the ticket lives in the API', async () => {
    t = await startTestApp({}, { bot: true });
    const owner = await t.sandbox.user({ first_name: 'Гульнар' });
    const group: SandboxGroup = await t.sandbox.forumGroup({ title: 'Поддержка', owner });
    const before = await sandboxCalls('createForumTopic');
    const p: { write(text: string): Promise<number>; user: SandboxUser } = await patient('Айдос', 'Ахметов');
    const ticketId = await p.write('Вопрос без группы');
    await operator().reply({ ticketId, text: 'Ответ из API', idempotencyKey: `reply-${ticketId}-1` });
    // The answer reached the patient (the delivery queue ran) and the group stayed untouched.
    await p.user.expectMessage('Ответ из API');
    expect(await sandboxCalls('createForumTopic')).toBe(before);
    expect(await group.topics()).toEqual([]);
  });
});
