import type { ChatMember, Message, User } from '@grammyjs/types';
import type { SandboxCore, Target, UserContent } from './core.ts';
import { UserApiError } from './errors.ts';
import { isPresent, managesTopics, memberOf } from './members.ts';
import {
  type GroupRecord,
  type MemberRecord,
  type MemberStatus,
  randomInt,
  type UserRecord,
} from './store.ts';

/** The colours Telegram allows for a topic's icon (createForumTopic's icon_color). */
export const TOPIC_COLORS = [7322096, 16766590, 13338331, 9367192, 16749490, 16478047] as const;

/** Whether a message in this topic may be sent by this member now (closed topics: managers only). */
export function topicOpenFor(group: GroupRecord, thread: number | undefined, userId: number): boolean {
  const topic = thread === undefined ? undefined : group.topics.find((t) => t.message_thread_id === thread);
  return !topic?.closed || managesTopics(memberOf(group, userId));
}

/** A group member as getChatMember and chat_member updates show them. */
export function chatMember(user: User, member: MemberRecord | undefined): ChatMember {
  switch (member?.status) {
    case 'creator':
      return { status: 'creator', user, is_anonymous: false };
    case 'administrator':
      return {
        status: 'administrator',
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_send_welcome_messages: false,
        can_pin_messages: true,
        can_manage_topics: !!member.can_manage_topics,
      };
    case 'member':
      return { status: 'member', user };
    case 'kicked':
      return { status: 'kicked', user, until_date: 0 };
    default:
      return { status: 'left', user };
  }
}

export interface NewGroup {
  title: string;
  type: 'group' | 'supergroup';
  is_forum: boolean;
  owner: UserRecord;
}

/** A group created by a sandbox user, who is its owner. Supergroup ids look like Telegram's: -100…. */
export function createGroup(core: SandboxCore, init: NewGroup): GroupRecord {
  if (init.is_forum && init.type !== 'supergroup')
    throw new UserApiError(400, 'only a supergroup can be a forum');
  let id = 0;
  while (id === 0 || core.store.groups.has(id))
    id = init.type === 'supergroup' ? -(1e12 + randomInt(1e9, 4e9)) : -randomInt(4e9, 5e9);
  const group: GroupRecord = {
    id,
    type: init.type,
    title: init.title,
    is_forum: init.is_forum,
    members: [{ user_id: init.owner.id, status: 'creator' }],
    topics: [],
  };
  core.store.chat(id);
  core.store.saveGroup(group);
  return group;
}

/** The user of a member record: a sandbox user, or the bot. */
function memberUser(core: SandboxCore, userId: number): User {
  if (userId === core.bot.id) return core.botUser;
  return core.telegramUser(core.requireUser(userId));
}

/**
 * Adds, changes or removes a member (a sandbox user or the bot) as `actor` (default: the owner)
 * does in Telegram, with what the bot gets for it: `my_chat_member` when its own status changes,
 * `chat_member` for others when it is an administrator (and asked for them), and the
 * new_chat_members / left_chat_member service message when someone joins or leaves.
 */
export function setMember(
  core: SandboxCore,
  group: GroupRecord,
  userId: number,
  change: { status: MemberStatus; can_manage_topics?: boolean },
  actor?: UserRecord,
): MemberRecord {
  const owner = group.members.find((m) => m.status === 'creator')!;
  const by = actor ?? core.requireUser(owner.user_id);
  const user = memberUser(core, userId);
  if (userId === owner.user_id && change.status !== 'creator')
    throw new UserApiError(400, 'the owner of a group cannot be changed');
  if (change.status === 'creator' && userId !== owner.user_id)
    throw new UserApiError(400, 'a group has one owner, its creator');
  if (change.status === 'administrator' && group.type === 'group' && change.can_manage_topics)
    throw new UserApiError(400, 'only a supergroup has topics');
  const before = memberOf(group, userId);
  const old = chatMember(user, before);
  const record: MemberRecord = {
    user_id: userId,
    status: change.status,
    ...(change.status === 'administrator' ? { can_manage_topics: change.can_manage_topics ?? true } : {}),
  };
  group.members = [...group.members.filter((m) => m.user_id !== userId), record];
  core.store.saveGroup(group);
  const target: Target = { chat: core.store.chat(group.id), group };
  const chat = core.telegramChat(target);
  const updated = {
    chat,
    from: core.telegramUser(by),
    date: core.now(),
    old_chat_member: old,
    new_chat_member: chatMember(user, record),
  };
  const bot = memberOf(group, core.bot.id);
  if (userId === core.bot.id) core.updates.push({ my_chat_member: updated });
  else if (bot?.status === 'administrator') core.updates.push({ chat_member: updated });
  const joined = !isPresent(before) && isPresent(record);
  const left = isPresent(before) && !isPresent(record);
  if (joined || left) {
    const service = joined ? { new_chat_members: [user] } : { left_chat_member: user };
    const stored = core.addMessage(target, 'user', service, undefined, undefined, by);
    pushToBot(core, group, stored.message);
  }
  return record;
}

/** A group message reaches the bot if it is in the group and may read it (privacy mode). */
function pushToBot(core: SandboxCore, group: GroupRecord, message: Message, repliesToBot = false): void {
  const bot = memberOf(group, core.bot.id);
  if (!isPresent(bot)) return;
  const text = message.text ?? message.caption ?? '';
  // Privacy mode (can_read_all_group_messages is false): a bot that is not an administrator gets
  // commands, replies to its own messages and service messages only.
  const service = !message.text && !message.caption && !message.photo && !message.document;
  if (bot!.status !== 'administrator' && !text.startsWith('/') && !repliesToBot && !service) return;
  core.updates.push({ message: message as Message & { chat: never; from: User } });
}

export type MemberContent = UserContent;

/**
 * A member writes in the group (in a topic when `thread` is given): the message lands in the
 * group's chat and reaches the bot as Telegram would deliver it.
 */
export function memberSends(
  core: SandboxCore,
  group: GroupRecord,
  user: UserRecord,
  content: MemberContent & { reply_to_message_id?: number },
  options: { thread?: number; fileKey?: string } = {},
) {
  if (!isPresent(memberOf(group, user.id)))
    throw new UserApiError(403, `user ${user.id} is not a member of group ${group.id}`);
  const target: Target = { chat: core.store.chat(group.id), group };
  if (options.thread !== undefined) {
    const topic = group.is_forum && group.topics.find((t) => t.message_thread_id === options.thread);
    if (!topic) throw new UserApiError(404, `no topic ${options.thread} in group ${group.id}`);
    if (!topicOpenFor(group, topic.message_thread_id, user.id))
      throw new UserApiError(403, `topic ${options.thread} is closed`);
    target.thread = topic.message_thread_id;
  }
  const { reply_to_message_id, ...rest } = content;
  const replyTo =
    reply_to_message_id === undefined ? undefined : core.findMessage(target.chat, reply_to_message_id);
  if (reply_to_message_id !== undefined && !replyTo)
    throw new UserApiError(400, `no message ${reply_to_message_id} to reply to`);
  const body: Record<string, unknown> = { ...rest };
  if (replyTo) {
    const { reply_to_message: _, ...quoted } = replyTo.message as Message & { reply_to_message?: unknown };
    body.reply_to_message = quoted;
  }
  const stored = core.addMessage(target, 'user', body, undefined, options.fileKey, user);
  pushToBot(core, group, stored.message, replyTo?.from === 'bot');
  return stored;
}
