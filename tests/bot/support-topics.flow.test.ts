import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { settledDeliveries, startTestApp, type TestApp } from '../support/app.ts';
import { patientInChat } from '../support/patients.ts';
import type { SandboxGroup, SandboxUser } from '../support/sandbox-user.ts';

/**
 * Operators answer from the staff group's forum topics: what a member writes in a ticket's topic
 * reaches the patient as the clinic's answer (text, a photo as the same file), once per Telegram
 * message; /assign, /close, /reopen act on the ticket and are answered in the topic in the staff
 * chat's language; someone who is no longer a member, another group, or a topic that is no
 * ticket's changes nothing.
 *
 * The ticket's topic is made here as the relay will make it (createForumTopic through the Bot API
 * as the bot, then the ticket's topic columns set), so this path is tested on its own.
 */
let t: TestApp;
afterEach(() => t?.stop());

// The smallest PNG there is (1×1).
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const asBot = (user: SandboxUser) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id });
const staff = () => t.app.caller({ kind: 'service', name: 'op', roles: ['operator'] }).support.staff;

interface Desk {
  group: SandboxGroup;
  operator: SandboxUser;
  patient: SandboxUser;
  ticketId: number;
  topic: number;
  /** What the clinic has sent the patient about support, once every delivery due has gone. */
  toPatient(): Promise<string[]>;
}

/** An app whose staff chat speaks `language`, its forum group (the bot an admin), and a patient's ticket with its topic. */
async function desk(language: 'ru' | 'kk'): Promise<Desk> {
  t = await startTestApp({ STAFF_CHAT_LANGUAGE: language }, { bot: true });
  const owner = await t.sandbox.user({ first_name: 'Гульнар' });
  const operator = await t.sandbox.user({ first_name: 'Асель' });
  const group = await t.sandbox.forumGroup({ title: 'Поддержка', owner, members: [operator] });
  // As if started with SUPPORT_CHAT_ID set to it: the sandbox names a group at random once it exists.
  t.app.settings.support.groupChatId = group.id;
  const patient = await patientInChat(t, language, language === 'ru' ? 'Айгерим' : 'Әлия');
  const opened = await asBot(patient).support.tickets.open({
    text: 'Как получить справку 075?',
    sourceKey: `tg:${patient.id}:9001`,
  });
  const topic = await topicOf(group, opened.ticket.id);
  const { id: patientId } = await asBot(patient).patients.profile.get();
  const toPatient = async () =>
    (await settledDeliveries(t, { patientId })).map((d) => d.purpose).filter((p) => p.startsWith('support.'));
  return { group, operator, patient, ticketId: opened.ticket.id, topic, toPatient };
}

/** A topic in the group made by the bot, the ticket's when given one. */
async function topicOf(group: SandboxGroup, ticketId?: number): Promise<number> {
  const api = new Api(t.app.sandbox!.token, { apiRoot: `${t.url}/sandbox` });
  const made = await api.createForumTopic(group.id, ticketId ? `№ ${ticketId} · пациент` : 'Общие вопросы');
  if (ticketId)
    await t.app.orm.em
      .fork()
      .execute('update support_ticket set topic_chat_id = ?, topic_thread_id = ? where id = ?', [
        group.id,
        made.message_thread_id,
        ticketId,
      ]);
  return made.message_thread_id;
}

/** The operators' messages kept with the ticket, as the API reads them. */
async function operatorMessages(ticketId: number) {
  const { messages } = await staff().get({ ticketId });
  return messages.filter((m) => m.author === 'operator');
}

describe('answering from the staff group’s topics', () => {
  it('ru: text and a photo reach the patient, a redelivered message is one answer, /assign /close /reopen', async () => {
    const { group, operator, patient, ticketId, topic, toPatient } = await desk('ru');

    const first = await group.write(operator, 'Подойдите в регистратуру с паспортом', { topic });
    const reply = await patient.expectMessage(
      new RegExp(`💬 Ответ клиники по обращению № ${ticketId}:\\nПодойдите в регистратуру с паспортом`),
    );
    expect(reply.from).toBe('bot');

    await group.sendFile(operator, 'photo', PNG, { caption: 'Образец заявления', topic });
    const photo = await patient.expectMessage((m) => m.photo !== undefined);
    expect(photo.text).toMatch(
      new RegExp(`💬 Ответ клиники по обращению № ${ticketId}:\\nОбразец заявления`),
    );
    expect(await patient.download(photo)).toEqual(PNG);

    // Telegram delivers the first update again (the bot restarted before confirming it): one answer.
    const again = await asBot(operator).support.staff.fromTopic({
      chatId: group.id,
      threadId: topic,
      messageId: first,
      senderName: 'Асель',
      text: 'Подойдите в регистратуру с паспортом',
    });
    expect(again).toMatchObject({ outcome: 'duplicate', ticketId });
    const answers = await operatorMessages(ticketId);
    expect(answers.map((m) => [m.authorName, m.via, m.text, m.media?.type ?? null])).toEqual([
      ['Асель', 'topic', 'Подойдите в регистратуру с паспортом', null],
      ['Асель', 'topic', 'Образец заявления', 'photo'],
    ]);
    expect(await toPatient()).toEqual(['support.reply', 'support.reply']);

    // A caption that would not fit under the answer's heading in a photo: not sent, the operator told.
    await group.sendFile(operator, 'photo', PNG, { caption: 'Очень подробно. '.repeat(62), topic });
    await group.expectMessage(
      topic,
      `⚠️ Не отправлено пациенту по обращению № ${ticketId}: длиннее 960 символов. Разделите на несколько сообщений.`,
    );
    expect(await operatorMessages(ticketId)).toHaveLength(2);

    await group.write(operator, '/assign', { topic });
    await group.expectMessage(topic, `👤 Обращение № ${ticketId} взял(а) Асель.`);
    expect((await staff().get({ ticketId })).ticket).toMatchObject({
      assigneeId: null,
      assigneeMember: { telegramUserId: operator.id, name: 'Асель' },
      status: 'waiting_patient',
    });
    // A command is not an answer, nor is a caption too long to send: the patient hears nothing of them.
    expect(await toPatient()).toEqual(['support.reply', 'support.reply']);

    await group.write(operator, '/close', { topic });
    await group.expectMessage(topic, `✅ Обращение № ${ticketId} закрыто, пациенту сообщили.`);
    const closed = await patient.expectMessage(
      `✅ Клиника закрыла обращение № ${ticketId}. Если вопрос остался — просто напишите снова.\nОцените, пожалуйста, ответ: от 1 до 5 звёзд.`,
    );
    expect(closed.buttons?.flat().map((b) => b.text)).toEqual([
      '⭐',
      '⭐⭐',
      '⭐⭐⭐',
      '⭐⭐⭐⭐',
      '⭐⭐⭐⭐⭐',
    ]);
    expect((await staff().get({ ticketId })).ticket.status).toBe('closed');
    // The patient rates the answer from the clinic's closing message.
    await patient.tap('⭐⭐⭐⭐');
    await patient.expectMessage(/Спасибо/);
    expect((await staff().get({ ticketId })).ticket.rating).toBe(4);
    await group.write(operator, '/close', { topic });
    await group.expectMessage(topic, `Обращение № ${ticketId} уже закрыто.`);

    // Written in the topic of a closed ticket: not sent, the ticket stays closed, the operator is told how.
    await group.write(operator, 'И ещё: возьмите с собой полис', { topic });
    await group.expectMessage(
      topic,
      `⚠️ Не отправлено пациенту: обращение № ${ticketId} закрыто. Чтобы ответить, сначала отправьте /reopen.`,
    );
    expect((await staff().get({ ticketId })).ticket.status).toBe('closed');
    expect(await operatorMessages(ticketId)).toHaveLength(2);

    await group.write(operator, '/reopen', { topic });
    await group.expectMessage(topic, `🔄 Обращение № ${ticketId} снова открыто.`);
    await patient.expectMessage(
      `🔄 Обращение № ${ticketId} снова открыто: клиника продолжит отвечать здесь.`,
    );
    expect((await staff().get({ ticketId })).ticket).toMatchObject({ status: 'open', closedAt: null });
    await group.write(operator, 'И ещё: возьмите с собой полис', { topic });
    await patient.expectMessage(
      `💬 Ответ клиники по обращению № ${ticketId}:\nИ ещё: возьмите с собой полис`,
    );
    // Three answers, the closing and the reopening: nothing for what was written while it was closed.
    expect((await toPatient()).sort()).toEqual([
      'support.closed',
      'support.reopened',
      'support.reply',
      'support.reply',
      'support.reply',
    ]);
    // The patient was told of the closing once.
    expect(patient.botMessages.filter((m) => m.text?.includes('Клиника закрыла'))).toHaveLength(1);
  });

  it('kk: someone who left, another group, a topic that is no ticket’s, a forged chat change nothing; commands in Kazakh', async () => {
    const { group, operator, patient, ticketId, topic, toPatient } = await desk('kk');
    const leaver = await t.sandbox.user({ first_name: 'Ержан' });
    await group.setMember(leaver.id, 'member');

    // Another forum group the bot administers, with the same operator in it.
    const other = await t.sandbox.forumGroup({ title: 'Бухгалтерия', owner: leaver, members: [operator] });
    const otherTopic = await topicOf(other);
    await other.write(operator, 'Бұл басқа топ', { topic: otherTopic });
    // A topic of the support group that no ticket has.
    const general = await topicOf(group);
    await group.write(operator, 'Жалпы сұрақ', { topic: general });
    await group.write(operator, '/close', { topic: general });

    // Ержан writes while the bot is down, then leaves; the bot sees the message only afterwards.
    await t.app.stopBot();
    await group.write(leaver, 'Мен енді мүше емеспін', { topic });
    await group.setMember(leaver.id, 'left');
    await t.app.startBot(t.url);

    // The operator's own later message is the only answer (their updates are handled in order).
    await group.write(operator, 'Сәлеметсіз бе, анықтаманы тіркеуден алыңыз', { topic });
    await patient.expectMessage(
      new RegExp(
        `💬 № ${ticketId} өтініш бойынша клиниканың жауабы:\\nСәлеметсіз бе, анықтаманы тіркеуден алыңыз`,
      ),
    );
    expect(await toPatient()).toEqual(['support.reply']);
    expect((await operatorMessages(ticketId)).map((m) => m.authorName)).toEqual(['Асель']);
    const seen = patient.botMessages.map((m) => m.text).join('\n');
    expect(seen).not.toMatch(/Бұл басқа топ|Жалпы сұрақ|Мен енді мүше емеспін/);
    // No reply to the command in a topic that is no ticket's.
    expect((await group.topicMessages(general)).filter((m) => m.from === 'bot' && !m.service)).toEqual([]);

    // The API itself refuses what the bot did not check: a chat that is not the support group.
    const forged = await asBot(operator).support.staff.fromTopic({
      chatId: other.id,
      threadId: topic,
      messageId: 77,
      senderName: 'Асель',
      text: 'Жалған',
    });
    expect(forged).toEqual({ outcome: 'ignored' });
    // Nor may the ticket's own patient answer themselves, even naming the right topic.
    const self = await asBot(patient).support.staff.topicCommand({
      chatId: group.id,
      threadId: topic,
      messageId: 78,
      senderName: 'Әлия',
      command: 'close',
    });
    expect(self).toEqual({ outcome: 'ignored' });
    expect((await operatorMessages(ticketId)).map((m) => m.authorName)).toEqual(['Асель']);

    // A file without a caption: the same file, under the clinic's words.
    await group.sendFile(operator, 'document', PDF, {
      fileName: 'blank.pdf',
      mimeType: 'application/pdf',
      topic,
    });
    const file = await patient.expectMessage((m) => m.document !== undefined);
    expect(file.text).toBe(`💬 Клиника № ${ticketId} өтініш бойынша файл жіберді.`);
    expect(await patient.download(file)).toEqual(PDF);

    await group.write(operator, '/assign', { topic });
    await group.expectMessage(topic, `👤 № ${ticketId} өтінішті Асель алды.`);
    await group.write(operator, '/assign', { topic });
    await group.expectMessage(topic, `№ ${ticketId} өтініш сізде тұр.`);
    await group.write(operator, '/close', { topic });
    await group.expectMessage(topic, `✅ № ${ticketId} өтініш жабылды, пациентке хабарланды.`);
    await patient.expectMessage(
      `✅ Клиника № ${ticketId} өтінішті жапты. Сұрағыңыз қалса, қайта жаза беріңіз.`,
    );
    await group.write(operator, '/reopen', { topic });
    await group.expectMessage(topic, `🔄 № ${ticketId} өтініш қайта ашылды.`);
    expect((await staff().get({ ticketId })).ticket.status).toBe('open');
  });
});
