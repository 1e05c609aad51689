import type { ChatFullInfo, Message, MessageOrigin } from '@grammyjs/types';
import type { Handlers } from './bot-api.ts';
import type { SandboxCore, Target } from './core.ts';
import { BotApiError } from './errors.ts';
import { chatMember, TOPIC_COLORS } from './groups.ts';
import { readMarkup } from './markup.ts';
import { managesTopics, memberOf } from './members.ts';
import { knownUser, replyTarget } from './methods-messages.ts';
import type { GroupRecord, StoredMessage, TopicRecord } from './store.ts';
import { formatText } from './text.ts';

const bad = (detail: string) => new BotApiError(400, `Bad Request: ${detail}`);
const MAX_TOPIC_NAME = 128;

/** What every chat's full info carries whatever its type (fixed values in the sandbox). */
const FULL_INFO = {
  accent_color_id: 0,
  max_reaction_count: 11,
  accepted_gift_types: {
    unlimited_gifts: false,
    limited_gifts: false,
    unique_gifts: false,
    premium_subscription: false,
    gifts_from_channels: false,
  },
};

/** What a copy or a forward takes of a message: its content, never its chat, sender or markup. */
const CONTENT_KEYS = [
  'text',
  'entities',
  'caption',
  'caption_entities',
  'photo',
  'document',
  'contact',
  'location',
  'venue',
] as const;

function contentOf(stored: StoredMessage): Record<string, unknown> {
  const message = stored.message as unknown as Record<string, unknown>;
  return Object.fromEntries(
    CONTENT_KEYS.filter((key) => message[key] !== undefined).map((k) => [k, message[k]]),
  );
}

/** The topic a forum-topic method names, with the rights it needs. */
function topicFor(core: SandboxCore, target: Target, thread: unknown, action: string): TopicRecord {
  const group = target.group;
  if (!group?.is_forum) throw bad('the chat is not a forum');
  if (!managesTopics(memberOf(group, core.bot.id))) throw bad(`not enough rights to ${action} a topic`);
  const topic = group.topics.find((t) => t.message_thread_id === Number(thread));
  if (!topic) throw bad('message thread not found');
  return topic;
}

/**
 * Records the topic's change and its service message in the topic (forum_topic_created, _edited,
 * _closed, _reopened); the bot gets no update for it, as for any message it sends.
 */
function topicService(
  core: SandboxCore,
  target: Target,
  topic: TopicRecord,
  content: Record<string, unknown>,
) {
  const group = target.group!;
  core.store.saveGroup(group);
  return core.addMessage({ ...target, thread: topic.message_thread_id }, 'bot', content);
}

function readTopicName(name: unknown): string {
  const text = typeof name === 'string' ? name.trim() : '';
  if (!text) throw bad('TOPIC_TITLE_EMPTY');
  if ([...text].length > MAX_TOPIC_NAME) throw bad('TOPIC_TITLE_TOO_LONG');
  return text;
}

/** getChat, getChatMember, forum topics, copyMessage and forwardMessage. */
export function groupMethods(core: SandboxCore): Handlers {
  const mention = knownUser(core);

  /** The message a copy or a forward takes, from a chat the bot can read. */
  const source = (fromChatId: unknown, messageId: unknown, verb: 'copy' | 'forward') => {
    const from = core.chatToRead(fromChatId);
    const stored = core.findMessage(from.chat, messageId);
    if (!stored) throw bad(`message to ${verb} not found`);
    const content = contentOf(stored);
    if (!Object.keys(content).length)
      throw bad(`message can't be ${verb === 'copy' ? 'copied' : 'forwarded'}`);
    return { from, stored, content };
  };

  return {
    getChat: (params): ChatFullInfo => {
      const target = core.chatToRead(params.chat_id);
      const chat = core.telegramChat(target);
      if (target.user && !target.user.started) throw bad('chat not found');
      if (chat.type === 'private') return { ...chat, ...FULL_INFO };
      if (chat.type === 'group') return { ...chat, ...FULL_INFO };
      return { ...chat, ...FULL_INFO };
    },

    getChatMember: (params) => {
      const target = core.chatToRead(params.chat_id);
      const id = Number(params.user_id);
      const user =
        id === core.bot.id
          ? core.botUser
          : core.store.users.has(id)
            ? core.telegramUser(core.store.users.get(id)!)
            : undefined;
      if (!user) throw bad('user not found');
      if (target.user) {
        // A private chat has two members: its user and the bot.
        const inChat = id === core.bot.id || id === target.user.id;
        return chatMember(user, inChat ? { user_id: id, status: 'member' } : undefined);
      }
      return chatMember(user, memberOf(target.group!, id));
    },

    createForumTopic: (params) => {
      const target = core.chatForBot(params.chat_id);
      const group: GroupRecord | undefined = target.group;
      if (!group?.is_forum) throw bad('the chat is not a forum');
      if (!managesTopics(memberOf(group, core.bot.id))) throw bad('not enough rights to create a topic');
      const name = readTopicName(params.name);
      const color = params.icon_color === undefined ? TOPIC_COLORS[0] : Number(params.icon_color);
      if (!(TOPIC_COLORS as readonly number[]).includes(color)) throw bad('TOPIC_ICON_COLOR_INVALID');
      const emoji = typeof params.icon_custom_emoji_id === 'string' ? params.icon_custom_emoji_id : undefined;
      core.rateLimit(target.chat.id);
      // The topic's id is the id its creation message gets.
      const topic: TopicRecord = {
        message_thread_id: target.chat.nextMessageId,
        name,
        icon_color: color,
        ...(emoji ? { icon_custom_emoji_id: emoji } : {}),
        closed: false,
      };
      group.topics.push(topic);
      const created = { name, icon_color: color, ...(emoji ? { icon_custom_emoji_id: emoji } : {}) };
      topicService(core, target, topic, { forum_topic_created: created });
      return {
        message_thread_id: topic.message_thread_id,
        name,
        icon_color: color,
        ...(emoji ? { icon_custom_emoji_id: emoji } : {}),
      };
    },

    editForumTopic: (params) => {
      const target = core.chatForBot(params.chat_id);
      const topic = topicFor(core, target, params.message_thread_id, 'edit');
      core.rateLimit(target.chat.id);
      const name = params.name === undefined ? undefined : readTopicName(params.name);
      const emoji = params.icon_custom_emoji_id;
      if (
        (name === undefined || name === topic.name) &&
        (emoji === undefined || emoji === topic.icon_custom_emoji_id)
      )
        throw bad('TOPIC_NOT_MODIFIED');
      if (name !== undefined) topic.name = name;
      if (emoji !== undefined) {
        if (emoji) topic.icon_custom_emoji_id = emoji;
        else delete topic.icon_custom_emoji_id;
      }
      const edited = {
        ...(name !== undefined ? { name } : {}),
        ...(emoji !== undefined ? { icon_custom_emoji_id: emoji } : {}),
      };
      topicService(core, target, topic, { forum_topic_edited: edited });
      return true;
    },

    closeForumTopic: (params) => {
      const target = core.chatForBot(params.chat_id);
      const topic = topicFor(core, target, params.message_thread_id, 'close');
      core.rateLimit(target.chat.id);
      if (topic.closed) throw bad('TOPIC_NOT_MODIFIED');
      topic.closed = true;
      topicService(core, target, topic, { forum_topic_closed: {} });
      return true;
    },

    reopenForumTopic: (params) => {
      const target = core.chatForBot(params.chat_id);
      const topic = topicFor(core, target, params.message_thread_id, 'reopen');
      core.rateLimit(target.chat.id);
      if (!topic.closed) throw bad('TOPIC_NOT_MODIFIED');
      topic.closed = false;
      topicService(core, target, topic, { forum_topic_reopened: {} });
      return true;
    },

    copyMessage: (params) => {
      const { stored, content } = source(params.from_chat_id, params.message_id, 'copy');
      const target = core.chatForBot(params.chat_id, params.message_thread_id);
      const copy = { ...content };
      // A new caption replaces the old one (an empty one removes it); text has no caption.
      if (params.caption !== undefined && (copy.photo || copy.document)) {
        const { text, entities } = formatText(
          params.caption,
          params.parse_mode,
          params.caption_entities,
          'caption',
          mention,
        );
        delete copy.caption;
        delete copy.caption_entities;
        if (text) copy.caption = text;
        if (entities.length) copy.caption_entities = entities;
      }
      const markup = readMarkup(params.reply_markup);
      const reply = replyTarget(core, target.chat, params);
      core.rateLimit(target.chat.id);
      const sent = core.addMessage(target, 'bot', { ...reply, ...copy }, markup, stored.fileKey);
      return { message_id: sent.message.message_id };
    },

    forwardMessage: (params) => {
      const { from, stored, content } = source(params.from_chat_id, params.message_id, 'forward');
      const target = core.chatForBot(params.chat_id, params.message_thread_id);
      const original = stored.message as Message & { forward_origin?: MessageOrigin };
      const origin: MessageOrigin = original.forward_origin ?? {
        type: 'user',
        date: original.date,
        sender_user: original.from ?? core.telegramUser(from.user!),
      };
      core.rateLimit(target.chat.id);
      const sent = core.addMessage(
        target,
        'bot',
        { forward_origin: origin, ...content },
        undefined,
        stored.fileKey,
      );
      return sent.message;
    },
  };
}
