import type { Message, MessageEntity } from '@grammyjs/types';
import type { SandboxCore } from './core.ts';
import { isInline } from './markup.ts';
import { userFileUrl } from './methods-files.ts';
import type { ChatRecord, StoredMessage } from './store.ts';

export interface ViewButton {
  text: string;
  data?: string;
  url?: string;
}

export interface ViewKeyButton {
  text: string;
  request_contact?: boolean;
  request_location?: boolean;
}

/** One message as a person sees it; the user-side chat API's contract. */
export interface ChatViewMessage {
  message_id: number;
  from: 'bot' | 'user';
  /** ISO time by the app clock. */
  date: string;
  text?: string;
  entities?: MessageEntity[];
  buttons?: ViewButton[][];
  keyboard?: ViewKeyButton[][];
  keyboard_options?: { one_time?: boolean; resize?: boolean; placeholder?: string; persistent?: boolean };
  keyboard_removed?: true;
  document?: { file_name: string; url: string; mime_type?: string; file_size: number };
  photo?: { url: string; width: number; height: number };
  location?: { latitude: number; longitude: number };
  venue?: { title: string; address: string };
  contact?: { phone_number: string; first_name: string; last_name?: string; user_id?: number };
  /** In a group: who wrote it (the bot or a member). */
  sender?: { id: number; name: string; is_bot: boolean };
  /** In a forum: the topic it belongs to (none: the General topic). */
  thread_id?: number;
  /** A service message, described (a topic created, closed…; a member joined or left). */
  service?: string;
  /** A forwarded message: whose it was. */
  forwarded_from?: string;
  edited?: true;
  deleted?: true;
  /** The chat's change counter at this message's latest change. */
  seq: number;
}

export interface ActiveKeyboard {
  message_id: number;
  rows: ViewKeyButton[][];
  one_time: boolean;
  /** A one-time keyboard the user has already used: Telegram folds it away (it can be reopened). */
  collapsed: boolean;
  placeholder?: string;
}

export function viewMessage(core: SandboxCore, stored: StoredMessage): ChatViewMessage {
  const m = stored.message;
  const view: ChatViewMessage = {
    message_id: m.message_id,
    from: stored.from,
    date: new Date(m.date * 1000).toISOString(),
    seq: stored.seq,
  };
  const text = m.text ?? m.caption;
  if (text !== undefined) view.text = text;
  const entities = m.entities ?? m.caption_entities;
  if (entities?.length) view.entities = entities;
  const markup = stored.markup;
  if (isInline(markup)) {
    view.buttons = markup.inline_keyboard.map((row) =>
      row.map((b) => ({
        text: b.text,
        ...('callback_data' in b ? { data: b.callback_data } : {}),
        ...('url' in b ? { url: b.url } : {}),
      })),
    );
  } else if (markup && 'keyboard' in markup) {
    view.keyboard = markup.keyboard.map((row) =>
      row.map((b) =>
        typeof b === 'string'
          ? { text: b }
          : {
              text: b.text,
              ...('request_contact' in b && b.request_contact ? { request_contact: true } : {}),
              ...('request_location' in b && b.request_location ? { request_location: true } : {}),
            },
      ),
    );
    view.keyboard_options = {
      ...(markup.one_time_keyboard ? { one_time: true } : {}),
      ...(markup.resize_keyboard ? { resize: true } : {}),
      ...(markup.is_persistent ? { persistent: true } : {}),
      ...(markup.input_field_placeholder ? { placeholder: markup.input_field_placeholder } : {}),
    };
  } else if (markup && 'remove_keyboard' in markup) {
    view.keyboard_removed = true;
  }
  const record = stored.fileKey ? core.store.files.get(stored.fileKey) : undefined;
  if (m.document && record)
    view.document = {
      file_name: m.document.file_name ?? record.file_path.split('/').pop()!,
      url: userFileUrl(record),
      ...(m.document.mime_type ? { mime_type: m.document.mime_type } : {}),
      file_size: record.size,
    };
  if (m.photo && record)
    view.photo = { url: userFileUrl(record), width: record.width ?? 0, height: record.height ?? 0 };
  if (m.location) view.location = { latitude: m.location.latitude, longitude: m.location.longitude };
  if (m.venue) view.venue = { title: m.venue.title, address: m.venue.address };
  if (m.contact) {
    const { phone_number, first_name, last_name, user_id } = m.contact;
    view.contact = {
      phone_number,
      first_name,
      ...(last_name ? { last_name } : {}),
      ...(user_id ? { user_id } : {}),
    };
  }
  if (m.chat.type !== 'private' && m.from)
    view.sender = { id: m.from.id, name: fullName(m.from), is_bot: m.from.is_bot };
  if (m.message_thread_id !== undefined && m.is_topic_message) view.thread_id = m.message_thread_id;
  const service = describeService(m);
  if (service) view.service = service;
  const origin = m.forward_origin;
  if (origin?.type === 'user') view.forwarded_from = fullName(origin.sender_user);
  if (stored.edited) view.edited = true;
  if (stored.deleted) view.deleted = true;
  return view;
}

const fullName = (user: { first_name: string; last_name?: string }) =>
  user.last_name ? `${user.first_name} ${user.last_name}` : user.first_name;

function describeService(m: Message): string | undefined {
  if (m.forum_topic_created) return `topic created: ${m.forum_topic_created.name}`;
  if (m.forum_topic_edited)
    return `topic renamed${m.forum_topic_edited.name ? `: ${m.forum_topic_edited.name}` : ''}`;
  if (m.forum_topic_closed) return 'topic closed';
  if (m.forum_topic_reopened) return 'topic reopened';
  if (m.new_chat_members) return `joined: ${m.new_chat_members.map(fullName).join(', ')}`;
  if (m.left_chat_member) return `left: ${fullName(m.left_chat_member)}`;
  return undefined;
}

/** The reply keyboard the user's client shows now: the latest one sent, unless removed since. */
export function activeKeyboard(core: SandboxCore, chat: ChatRecord): ActiveKeyboard | null {
  let userWroteAfter = false;
  for (let i = chat.messages.length - 1; i >= 0; i--) {
    const stored = chat.messages[i]!;
    if (stored.from === 'user') {
      userWroteAfter = true;
      continue;
    }
    const markup = stored.markup;
    if (!markup || isInline(markup)) continue;
    if ('remove_keyboard' in markup) return null;
    if (!('keyboard' in markup)) continue;
    const view = viewMessage(core, stored);
    const oneTime = markup.one_time_keyboard === true;
    return {
      message_id: stored.message.message_id,
      rows: view.keyboard ?? [],
      one_time: oneTime,
      collapsed: oneTime && userWroteAfter,
      ...(markup.input_field_placeholder ? { placeholder: markup.input_field_placeholder } : {}),
    };
  }
  return null;
}

/**
 * Messages after `after` (by id), plus older ones changed after `since` (by the chat's change
 * counter): what a client that has seen up to those points needs to catch up.
 */
export function chatSlice(
  core: SandboxCore,
  chat: ChatRecord | undefined,
  after: number,
  since: number,
  thread?: number,
) {
  const messages: ChatViewMessage[] = [];
  for (const stored of chat?.messages ?? []) {
    const id = stored.message.message_id;
    if (thread !== undefined && (stored.message.message_thread_id ?? 0) !== thread) continue;
    if (id > after ? !stored.deleted : stored.seq > since && (stored.edited || stored.deleted))
      messages.push(viewMessage(core, stored));
  }
  return messages;
}
