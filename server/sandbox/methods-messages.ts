import type { Message, ReplyParameters, User } from '@grammyjs/types';
import type { Handlers } from './bot-api.ts';
import type { SandboxCore, Target } from './core.ts';
import { BotApiError } from './errors.ts';
import { isInline, readMarkup, sameMarkup } from './markup.ts';
import type { AnyMarkup, ChatRecord, StoredMessage } from './store.ts';
import { formatText } from './text.ts';

const bad = (detail: string) => new BotApiError(400, `Bad Request: ${detail}`);
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a ' +
  'current content and reply markup of the message';
const ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
const DELETE_WINDOW_SECONDS = 48 * 3600;

/** The user a `tg://user?id=` link may mention: only people the bot has met. */
export function knownUser(core: SandboxCore): (id: number) => User | undefined {
  return (id) => {
    const user = core.store.users.get(id);
    return user?.started ? core.telegramUser(user) : undefined;
  };
}

/** `reply_to_message` for a message sent as a reply, with Telegram's error for a missing target. */
export function replyTarget(
  core: SandboxCore,
  chat: ChatRecord,
  params: { reply_parameters?: ReplyParameters; reply_to_message_id?: number },
): { reply_to_message?: Message } {
  const reply = typeof params.reply_parameters === 'object' ? params.reply_parameters : undefined;
  const id = reply?.message_id ?? params.reply_to_message_id;
  if (id === undefined) return {};
  const target = core.findMessage(chat, id);
  if (target) {
    const { reply_to_message: _, ...message } = target.message as Message & { reply_to_message?: unknown };
    return { reply_to_message: message as Message };
  }
  if (reply?.allow_sending_without_reply) return {};
  throw bad('message to be replied not found');
}

function editable(core: SandboxCore, params: { chat_id?: unknown; message_id?: unknown }, what: string) {
  if ((params as { inline_message_id?: unknown }).inline_message_id !== undefined)
    throw bad('MESSAGE_ID_INVALID');
  const { chat } = core.chatForBot(params.chat_id);
  const stored = core.findMessage(chat, params.message_id);
  if (!stored) throw bad(`message to ${what} not found`);
  if (stored.from !== 'bot' && what === 'edit') throw bad("message can't be edited");
  return { chat, stored };
}

function readCoordinates(latitude: unknown, longitude: unknown): { latitude: number; longitude: number } {
  const lat = Number(latitude);
  const lon = Number(longitude);
  if (!Number.isFinite(lat) || Math.abs(lat) > 90 || !Number.isFinite(lon) || Math.abs(lon) > 180)
    throw bad('wrong coordinates specified');
  return { latitude: lat, longitude: lon };
}

/**
 * Replaces what an edit changes, the inline keyboard among it (a reply keyboard stays unless
 * replaced), and records the edit, as Telegram's edit_date does.
 */
function applyEdit(
  core: SandboxCore,
  chat: ChatRecord,
  stored: StoredMessage,
  changes: Record<string, unknown> & { reply_markup: AnyMarkup | undefined },
) {
  const message = stored.message as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete message[key];
    else message[key] = value;
  }
  message.edit_date = core.now();
  stored.edited = true;
  stored.markup = changes.reply_markup ?? (isInline(stored.markup) ? undefined : stored.markup);
  core.touch(chat, stored);
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** Sending, editing and deleting messages, locations and venues, and chat actions. */
export function messageMethods(core: SandboxCore): Handlers {
  const mention = knownUser(core);
  const send = (target: Target, content: Record<string, unknown>, markup: unknown) => {
    const checked = readMarkup(markup);
    core.rateLimit(target.chat.id);
    return core.addMessage(target, 'bot', content, checked);
  };

  return {
    sendMessage: (params) => {
      const target = core.chatForBot(params.chat_id, params.message_thread_id);
      const { chat } = target;
      const { text, entities } = formatText(params.text, params.parse_mode, params.entities, 'text', mention);
      const content = { ...replyTarget(core, chat, params), text, ...(entities.length ? { entities } : {}) };
      return send(target, content, params.reply_markup).message as Message.TextMessage;
    },

    editMessageText: (params) => {
      const { chat, stored } = editable(core, params, 'edit');
      if (stored.message.text === undefined) throw bad('there is no text in the message to edit');
      const { text, entities } = formatText(params.text, params.parse_mode, params.entities, 'text', mention);
      const markup = readMarkup(params.reply_markup, true);
      const current = isInline(stored.markup) ? stored.markup : undefined;
      if (
        text === stored.message.text &&
        sameJson(entities, stored.message.entities) &&
        sameMarkup(current, markup)
      )
        throw bad(NOT_MODIFIED);
      applyEdit(core, chat, stored, {
        text,
        entities: entities.length ? entities : undefined,
        reply_markup: markup,
      });
      return stored.message as Message.TextMessage & { edit_date: number };
    },

    editMessageCaption: (params) => {
      const { chat, stored } = editable(core, params, 'edit');
      if (!stored.message.document && !stored.message.photo)
        throw bad('there is no caption in the message to edit');
      const { text, entities } = formatText(
        params.caption,
        params.parse_mode,
        params.caption_entities,
        'caption',
        mention,
      );
      const markup = readMarkup(params.reply_markup, true);
      const current = isInline(stored.markup) ? stored.markup : undefined;
      const same =
        text === (stored.message.caption ?? '') && sameJson(entities, stored.message.caption_entities);
      if (same && sameMarkup(current, markup)) throw bad(NOT_MODIFIED);
      applyEdit(core, chat, stored, {
        caption: text || undefined,
        caption_entities: entities.length ? entities : undefined,
        reply_markup: markup,
      });
      return stored.message as Message.CaptionableMessage & { edit_date: number };
    },

    editMessageReplyMarkup: (params) => {
      const { chat, stored } = editable(core, params, 'edit');
      const markup = readMarkup(params.reply_markup, true);
      const current = isInline(stored.markup) ? stored.markup : undefined;
      if (sameMarkup(current, markup)) throw bad(NOT_MODIFIED);
      applyEdit(core, chat, stored, { reply_markup: markup });
      return stored.message as Message & { edit_date: number };
    },

    deleteMessage: (params) => {
      const { chat, stored } = editable(core, params, 'delete');
      if (core.now() - stored.message.date > DELETE_WINDOW_SECONDS)
        throw bad("message can't be deleted for everyone");
      stored.deleted = true;
      core.touch(chat, stored);
      return true;
    },

    deleteMessages: (params) => {
      const ids = Array.isArray(params.message_ids) ? params.message_ids : [];
      if (ids.length < 1 || ids.length > 100) throw bad('Too many messages to delete');
      const { chat } = core.chatForBot(params.chat_id);
      const found = ids.map((id) => core.findMessage(chat, id)).filter((m) => m !== undefined);
      if (!found.length) throw bad('message to delete not found');
      for (const stored of found) {
        stored.deleted = true;
        core.touch(chat, stored);
      }
      return true;
    },

    sendChatAction: (params) => {
      core.chatForBot(params.chat_id);
      if (!ACTIONS.has(params.action)) throw bad('wrong parameter action in request');
      return true;
    },

    sendLocation: (params) => {
      const target = core.chatForBot(params.chat_id, params.message_thread_id);
      const { chat } = target;
      const location = readCoordinates(params.latitude, params.longitude);
      if (params.horizontal_accuracy !== undefined)
        Object.assign(location, { horizontal_accuracy: Number(params.horizontal_accuracy) });
      const content = { ...replyTarget(core, chat, params), location };
      return send(target, content, params.reply_markup).message as Message.LocationMessage;
    },

    sendVenue: (params) => {
      const target = core.chatForBot(params.chat_id, params.message_thread_id);
      const { chat } = target;
      const location = readCoordinates(params.latitude, params.longitude);
      const title = typeof params.title === 'string' ? params.title.trim() : '';
      const address = typeof params.address === 'string' ? params.address.trim() : '';
      if (!title) throw bad('venue title is empty');
      if (!address) throw bad('venue address is empty');
      const extra = Object.fromEntries(
        (['foursquare_id', 'foursquare_type', 'google_place_id', 'google_place_type'] as const)
          .filter((key) => typeof params[key] === 'string')
          .map((key) => [key, params[key]]),
      );
      const venue = { location, title, address, ...extra };
      const content = { ...replyTarget(core, chat, params), location, venue };
      return send(target, content, params.reply_markup).message as Message.VenueMessage;
    },

    sendContact: (params) => {
      const target = core.chatForBot(params.chat_id, params.message_thread_id);
      const { chat } = target;
      if (!params.phone_number || !params.first_name)
        throw bad('contact phone number or first name is empty');
      const contact = {
        phone_number: String(params.phone_number),
        first_name: String(params.first_name),
        ...(params.last_name ? { last_name: String(params.last_name) } : {}),
      };
      const content = { ...replyTarget(core, chat, params), contact };
      return send(target, content, params.reply_markup).message as Message.ContactMessage;
    },
  };
}
