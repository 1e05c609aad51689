import { BotApiError, chatNotFound } from './errors.ts';
import { kindOf, managesTopics, memberOf } from './members.ts';
import type { ChatRecord, GroupRecord, SandboxStore, StoredMessage, UserRecord } from './store.ts';

/** Where a message goes or comes from: a private chat (its user) or a group, maybe a topic. */
export interface Target {
  chat: ChatRecord;
  user?: UserRecord;
  group?: GroupRecord;
  /** The forum topic, by its message_thread_id. */
  thread?: number;
}

/** A chat_id as Telegram reads it: a number, or its digits as text (usernames are not supported). */
export function readChatId(chatId: unknown): number {
  if (chatId === undefined || chatId === null || chatId === '')
    throw new BotApiError(400, 'Bad Request: chat_id is empty');
  const id = typeof chatId === 'number' ? chatId : /^-?\d+$/.test(String(chatId)) ? Number(chatId) : NaN;
  if (!Number.isSafeInteger(id) || id === 0) throw chatNotFound();
  return id;
}

/**
 * A group as a bot method addresses it: Telegram answers "chat not found" for a group the bot has
 * never been in, 403 once it left or was removed; a message_thread_id must name a topic of a
 * forum, and a closed topic takes messages only from those who manage topics.
 */
export function groupTarget(store: SandboxStore, botId: number, id: number, thread: unknown): Target {
  const group = store.groups.get(id);
  const bot = group && memberOf(group, botId);
  if (!group || !bot) throw chatNotFound();
  const kind = kindOf(group);
  if (bot.status === 'kicked') throw new BotApiError(403, `Forbidden: bot was kicked from the ${kind}`);
  if (bot.status === 'left') throw new BotApiError(403, `Forbidden: bot is not a member of the ${kind}`);
  const target: Target = { chat: store.chat(id), group };
  if (thread === undefined || thread === null || thread === '' || Number(thread) === 0) return target;
  const topic = group.is_forum ? group.topics.find((t) => t.message_thread_id === Number(thread)) : undefined;
  if (!topic) throw new BotApiError(400, 'Bad Request: message thread not found');
  if (topic.closed && !managesTopics(bot)) throw new BotApiError(400, 'Bad Request: TOPIC_CLOSED');
  return { ...target, thread: topic.message_thread_id };
}

/**
 * The topic fields of a message in `target.thread`: message_thread_id, is_topic_message and,
 * unless it replies to something else, the topic's creation message as reply_to_message (as
 * Telegram delivers topic messages to bots).
 */
export function topicFields(target: Target, content: Record<string, unknown>): Record<string, unknown> {
  const thread = target.thread!;
  const fields: Record<string, unknown> = { message_thread_id: thread, is_topic_message: true };
  if (content.forum_topic_created || content.reply_to_message) return fields;
  const created: StoredMessage | undefined = target.chat.messages[thread - 1];
  if (created && !created.deleted) fields.reply_to_message = created.message;
  return fields;
}
