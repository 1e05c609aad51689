import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { ModulePorts } from '../shared/module.ts';
import type { TelegramBudget } from '../shared/telegram-budget.ts';

/** The port as the notifications module declares it: the server implements it, knowing no module. */
type Messenger = ModulePorts['messenger'];
type SendOutcome = Awaited<ReturnType<Messenger['send']>>;
type EditOutcome = Awaited<ReturnType<Messenger['edit']>>;
type Message = Parameters<Messenger['send']>[1];

const inlineKeyboard = (message: Message) =>
  message.buttons
    ? {
        inline_keyboard: message.buttons.map((row) =>
          // Each button has exactly one action (ButtonAction; queueNotice refuses one without).
          row.map((b) =>
            b.data !== undefined ? { text: b.text, callback_data: b.data } : { text: b.text, url: b.url },
          ),
        ),
      }
    : undefined;

/** The one call a message makes: a text, or a photo or document with the text as its caption. */
async function call(api: Api, chatId: number, message: Message): Promise<{ message_id: number }> {
  const reply_markup = inlineKeyboard(message);
  const media = message.media;
  if (!media)
    return api.sendMessage(chatId, message.text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup,
    });
  const file = media.file
    ? new InputFile(media.file.bytes, media.file.filename)
    : (media.fileId ?? media.url!);
  const options = { caption: message.text, parse_mode: 'HTML' as const, reply_markup };
  return media.type === 'photo'
    ? api.sendPhoto(chatId, file, options)
    : api.sendDocument(chatId, file, options);
}

/** Telegram's words for an edit that can never succeed, whatever is retried (Bad Request). */
const NO_TEXT = 'there is no text in the message to edit';
const NOT_MODIFIED = 'message is not modified';

/**
 * Edits a message into this one: its text, or, when it has none (a photo, a file), its caption.
 * Without buttons the reply markup is left out, which removes an inline keyboard (Telegram's rule).
 */
async function editCall(api: Api, chatId: number, messageId: number, message: Message): Promise<void> {
  const reply_markup = inlineKeyboard(message);
  try {
    await api.editMessageText(chatId, messageId, message.text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup,
    });
  } catch (error) {
    if (!(error instanceof GrammyError && error.description.includes(NO_TEXT))) throw error;
    await api.editMessageCaption(chatId, messageId, {
      caption: message.text,
      parse_mode: 'HTML',
      reply_markup,
    });
  }
}

/** What a Bot API failure means for the delivery queue. */
function failure(error: unknown): Extract<SendOutcome, { ok: false }> {
  if (error instanceof GrammyError) {
    if (error.error_code === 403) return { ok: false, kind: 'blocked', description: error.description };
    if (error.error_code === 429) {
      return {
        ok: false,
        kind: 'rate_limited',
        retryAfterSeconds: error.parameters.retry_after,
        description: error.description,
      };
    }
    if (error.error_code >= 500) return { ok: false, kind: 'transient', description: error.description };
    return { ok: false, kind: 'rejected', description: error.description };
  }
  if (error instanceof HttpError)
    return { ok: false, kind: 'transient', description: 'Telegram could not be reached' };
  throw error;
}

/**
 * The map pin after a message, in its own turn of the chat's budget. Best effort: the message went,
 * and sending it again for a pin's sake would send it twice.
 */
async function sendVenue(api: Api, budget: TelegramBudget, chatId: number, message: Message): Promise<void> {
  const venue = message.venue;
  if (!venue) return;
  try {
    const go = await budget.take(chatId, 'care');
    await go();
    await api.sendVenue(chatId, venue.latitude, venue.longitude, venue.title, venue.address);
  } catch {
    // The pin is a convenience; the message itself is sent and recorded.
  }
}

/**
 * The delivery queue's way to Telegram: turns through the process's shared budget (the bot's
 * replies go first), and the Bot API without auto-retry, because the queue decides itself what a
 * 429, a 5xx, a timeout or a 403 means for a message.
 */
export function telegramMessenger(
  token: string,
  apiRoot: string | undefined,
  budget: TelegramBudget,
): Messenger {
  const api = new Api(token, { apiRoot, timeoutSeconds: 20 });
  return {
    turn: (chatId, priority) => budget.take(chatId, priority),
    async send(chatId, message): Promise<SendOutcome> {
      try {
        const sent = await call(api, chatId, message);
        await sendVenue(api, budget, chatId, message);
        return { ok: true, messageId: sent.message_id };
      } catch (error) {
        return failure(error);
      }
    },
    async edit(chatId, messageId, message): Promise<EditOutcome> {
      try {
        await editCall(api, chatId, messageId, message);
        return { ok: true, messageId };
      } catch (error) {
        const outcome = failure(error);
        if (outcome.kind !== 'rejected') return outcome;
        // It already reads so: an earlier edit went through and its answer was lost.
        if (outcome.description.includes(NOT_MODIFIED)) return { ok: true, messageId };
        // Gone, too old, another's: a new message says it instead.
        return { ok: false, kind: 'not_editable', description: outcome.description };
      }
    },
  };
}

type StaffForum = ModulePorts['staffForum'];

/** A caption Telegram takes (1024 characters); a text (4096). */
const CAPTION_MAX = 1024;
const TEXT_MAX = 4096;

/**
 * The support relay's way into the staff group's forum: topics, copies of a patient's messages,
 * and texts into a topic. Turns come from the same budget as the bot's replies and the delivery
 * queue (the group is one chat to Telegram, whatever its topics). No auto-retry: the relay decides
 * what a failure means (it keeps the message and tries again later).
 */
export function telegramStaffForum(
  token: string,
  apiRoot: string | undefined,
  budget: TelegramBudget,
): StaffForum {
  const api = new Api(token, { apiRoot, timeoutSeconds: 20 });
  return {
    turn: (chatId, priority) => budget.take(chatId, priority),
    async createTopic(chatId, name) {
      try {
        const topic = await api.createForumTopic(chatId, name.slice(0, 128));
        return { ok: true, threadId: topic.message_thread_id };
      } catch (error) {
        return failure(error);
      }
    },
    async copy(chatId, threadId, from) {
      try {
        const copied = await api.copyMessage(chatId, from.chatId, from.messageId, {
          message_thread_id: threadId,
        });
        return { ok: true, messageId: copied.message_id };
      } catch (error) {
        return failure(error);
      }
    },
    async send(chatId, threadId, message) {
      try {
        const options = { message_thread_id: threadId };
        const sent = !message.media
          ? await api.sendMessage(chatId, message.text.slice(0, TEXT_MAX), {
              ...options,
              link_preview_options: { is_disabled: true },
            })
          : message.media.type === 'photo'
            ? await api.sendPhoto(chatId, message.media.fileId, {
                ...options,
                caption: message.text.slice(0, CAPTION_MAX),
              })
            : await api.sendDocument(chatId, message.media.fileId, {
                ...options,
                caption: message.text.slice(0, CAPTION_MAX),
              });
        return { ok: true, messageId: sent.message_id };
      } catch (error) {
        return failure(error);
      }
    },
  };
}
