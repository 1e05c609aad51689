import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  Chat,
  Contact,
  Document,
  Location,
  Message,
  MessageEntity,
  PhotoSize,
  User,
  UserFromGetMe,
} from '@grammyjs/types';
import type { AdjustableClock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/log.ts';
import { groupTarget, readChatId, type Target, topicFields } from './chat-target.ts';
import { BotApiError, blockedByUser, chatNotFound, tooManyRequests, UserApiError } from './errors.ts';
import { Faults } from './faults.ts';
import { RateLimiter, type SandboxLimits } from './limits.ts';
import { isInline } from './markup.ts';
import { Notifier } from './notifier.ts';
import {
  type AnyMarkup,
  type ChatRecord,
  randomInt,
  SandboxStore,
  type StoredMessage,
  type UserRecord,
} from './store.ts';
import { UpdateHub } from './updates.ts';

export type { Target };

export interface CoreOptions {
  clock: AdjustableClock;
  log: Logger;
  limits: SandboxLimits;
  bot: { username: string; firstName: string };
  persistFile?: string;
  /** Runs a method a webhook answered with (Telegram's "webhook reply"). */
  onWebhookReply(method: string, params: Record<string, unknown>): Promise<void>;
}

export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
  url?: string;
}

interface CallbackRecord {
  userId: number;
  answered: boolean;
  answer?: CallbackAnswer;
}

export type UserContent =
  | { text: string; entities?: MessageEntity[] }
  | { photo: PhotoSize[]; caption?: string; caption_entities?: MessageEntity[] }
  | { document: Document; caption?: string; caption_entities?: MessageEntity[] }
  | { contact: Contact }
  | { location: Location };

const CALLBACK_WAIT_MS = 10_000;
const MAX_CALLBACKS = 5_000;

/** The sandbox's state and the operations both sides share: the bot's API and the simulated users. */
/** When the Bot API request being handled arrived (flood control counts it then). */
export const requestArrival = new AsyncLocalStorage<number>();

export class SandboxCore {
  readonly store: SandboxStore;
  readonly clock: AdjustableClock;
  readonly log: Logger;
  readonly limiter: RateLimiter;
  readonly faults = new Faults();
  /** Bot API calls and the errors answered, by method and code (benchmarks read them). */
  readonly stats = { calls: {} as Record<string, number>, errors: {} as Record<string, number> };
  readonly updates: UpdateHub;
  /** Keyed by chat id: wakes the chat view's long polls. */
  readonly chatChanges = new Notifier<number>();
  /** Keyed by recipient digits: wakes the SMS inbox's long polls. */
  readonly smsArrived = new Notifier<string>();
  readonly #answers = new Notifier<string>();
  readonly #callbacks = new Map<string, CallbackRecord>();
  readonly bot: UserFromGetMe;
  readonly closing = new AbortController();
  readonly #stopClockKeeping: () => void;

  constructor(options: CoreOptions) {
    this.clock = options.clock;
    this.log = options.log;
    this.store = new SandboxStore(options.log, options.persistFile);
    this.limiter = new RateLimiter(options.limits);
    this.updates = new UpdateHub(this.store, options.clock, options.log, options.onWebhookReply);
    // The app clock goes back to where the sandbox last had it (a restart must not undo "tomorrow"
    // while the chats it made survive), and every move from now on is kept with them.
    const behind = this.store.clockOffsetMs - options.clock.offsetMs;
    if (behind > 0) options.clock.advance(behind);
    this.#stopClockKeeping = options.clock.onAdvance((offsetMs) => this.store.setClockOffset(offsetMs));
    this.bot = {
      id: this.store.botId,
      is_bot: true,
      first_name: options.bot.firstName,
      username: options.bot.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
  }

  /** Unix seconds by the app clock, as every Telegram date. */
  now(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  get botUser(): User {
    return { id: this.bot.id, is_bot: true, first_name: this.bot.first_name, username: this.bot.username };
  }

  telegramUser(user: UserRecord): User {
    return {
      id: user.id,
      is_bot: false,
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
      ...(user.language_code ? { language_code: user.language_code } : {}),
    };
  }

  privateChat(user: UserRecord): Chat.PrivateChat {
    return {
      id: user.id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
    };
  }

  createUser(input: Omit<UserRecord, 'id' | 'blocked' | 'started'> & { id?: number }): UserRecord {
    let id = input.id;
    if (id !== undefined && this.store.users.has(id))
      throw new UserApiError(409, `user ${id} already exists`);
    while (id === undefined || this.store.users.has(id)) id = randomInt(1_000_000_000, 2_000_000_000);
    // Every Telegram account has a phone: a +7 701 number from the id unless one is given.
    // Kept as Telegram shows it to bots: the plus and the digits.
    let phone = input.phone_number === undefined ? undefined : `+${input.phone_number.replace(/\D/g, '')}`;
    if (phone !== undefined && this.userByPhone(phone))
      throw new UserApiError(409, `another user has the phone ${phone}`);
    for (let n = id; phone === undefined || this.userByPhone(phone); n++)
      phone = `+7701${String(n % 10_000_000).padStart(7, '0')}`;
    const user: UserRecord = { ...input, phone_number: phone, id, blocked: false, started: false };
    this.store.saveUser(user);
    return user;
  }

  /** The user whose own phone this is (digits compared), if any. */
  userByPhone(phone: string): UserRecord | undefined {
    const digits = phone.replace(/\D/g, '');
    return [...this.store.users.values()].find((u) => u.phone_number?.replace(/\D/g, '') === digits);
  }

  requireUser(id: number): UserRecord {
    const user = this.store.users.get(id);
    if (!user) throw new UserApiError(404, `no sandbox user ${id}`);
    return user;
  }

  /**
   * The chat a bot method addresses, with Telegram's 400/403 answers: a private chat (the user
   * must have started the bot and not blocked it) or a group the bot is in; `thread` is the
   * method's message_thread_id, which must name an open topic of a forum (or be absent).
   */
  chatForBot(chatId: unknown, thread?: unknown): Target {
    const id = readChatId(chatId);
    if (id < 0) return groupTarget(this.store, this.bot.id, id, thread);
    const user = this.store.users.get(id);
    if (!user) throw chatNotFound();
    if (user.blocked) throw blockedByUser();
    if (!user.started) throw new BotApiError(403, "Forbidden: bot can't initiate conversation with a user");
    if (thread !== undefined && thread !== null && thread !== '' && Number(thread) !== 0)
      throw new BotApiError(400, 'Bad Request: message thread not found');
    return { chat: this.store.chat(id), user };
  }

  /**
   * A chat the bot may read (copy or forward from): a private chat that exists, even if the user
   * blocked the bot since, or a group the bot is in.
   */
  chatToRead(chatId: unknown): Target {
    const id = readChatId(chatId);
    if (id < 0) return groupTarget(this.store, this.bot.id, id, undefined);
    const user = this.store.users.get(id);
    const chat = this.store.chats.get(id);
    if (!user || !chat) throw chatNotFound();
    return { chat, user };
  }

  /** How a message shows its chat: the private chat with the user, or the group. */
  telegramChat(target: Target): Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat {
    if (target.user) return this.privateChat(target.user);
    const group = target.group!;
    if (group.type === 'group') return { id: group.id, type: 'group', title: group.title };
    return {
      id: group.id,
      type: 'supergroup',
      title: group.title,
      ...(group.is_forum ? { is_forum: true } : {}),
    };
  }

  findMessage(chat: ChatRecord, messageId: unknown): StoredMessage | undefined {
    const id = Number(messageId);
    const stored = Number.isInteger(id) ? chat.messages[id - 1] : undefined;
    return stored && !stored.deleted && stored.message.message_id === id ? stored : undefined;
  }

  /** Throws 429 when Telegram's flood control would; call after validation, before sending. */
  rateLimit(chatId: number): void {
    const wait = this.limiter.take(chatId, requestArrival.getStore());
    if (wait !== null) throw tooManyRequests(wait);
  }

  /**
   * Adds a message to a chat: from the bot, or from a user (the private chat's user unless
   * `sender` names a group member). In a topic it carries message_thread_id, is_topic_message and,
   * unless it replies to something else, the topic's creation message as reply_to_message (as
   * Telegram delivers topic messages to bots).
   */
  addMessage(
    target: Target,
    from: 'bot' | 'user',
    content: Record<string, unknown>,
    markup?: AnyMarkup,
    fileKey?: string,
    sender?: UserRecord,
  ): StoredMessage {
    const chat = target.chat;
    const person = sender ?? target.user;
    if (from === 'user' && !person) throw new Error('a user message needs its sender');
    const topic = target.thread === undefined ? {} : topicFields(target, content);
    const message = {
      message_id: chat.nextMessageId,
      from: from === 'bot' ? this.botUser : this.telegramUser(person!),
      chat: this.telegramChat(target),
      date: this.now(),
      ...topic,
      ...content,
      ...(isInline(markup) ? { reply_markup: markup } : {}),
    } as Message;
    const stored: StoredMessage = { message, from, seq: 0, ...(markup ? { markup } : {}), fileKey };
    this.touch(chat, stored);
    return stored;
  }

  /**
   * Records a change in the chat (a new, edited or deleted message, changed before this call) and
   * wakes its watchers.
   */
  touch(chat: ChatRecord, stored: StoredMessage): void {
    stored.seq = chat.seq + 1;
    this.store.saveMessage(chat, stored);
    this.chatChanges.notify(chat.id);
  }

  /** A person writes to the bot: the message lands in the chat and becomes the bot's update. */
  userSends(user: UserRecord, content: UserContent, fileKey?: string): StoredMessage {
    if (user.blocked) this.setBlocked(user, false);
    if (!user.started) {
      user.started = true;
      this.store.saveUser(user);
    }
    const stored = this.addMessage(
      { chat: this.store.chat(user.id), user },
      'user',
      content,
      undefined,
      fileKey,
    );
    this.updates.push({ message: stored.message as Message & { chat: Chat.PrivateChat; from: User } });
    return stored;
  }

  /** A person presses an inline button: a callback query, then up to 10 s for the bot's answer. */
  async pressButton(
    user: UserRecord,
    messageId: number,
    data: string,
    signal: AbortSignal,
  ): Promise<{ answered: boolean; answer?: CallbackAnswer }> {
    const chat = this.store.chats.get(user.id);
    const stored = chat ? this.findMessage(chat, messageId) : undefined;
    if (!chat || !stored || stored.from !== 'bot')
      throw new UserApiError(400, `no bot message ${messageId} in this chat`);
    const buttons = isInline(stored.markup) ? stored.markup.inline_keyboard.flat() : [];
    if (!buttons.some((b) => 'callback_data' in b && b.callback_data === data))
      throw new UserApiError(400, `message ${messageId} has no button with this callback data`);
    const id = `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
    const record: CallbackRecord = { userId: user.id, answered: false };
    this.#callbacks.set(id, record);
    if (this.#callbacks.size > MAX_CALLBACKS) this.#callbacks.delete(this.#callbacks.keys().next().value!);
    this.updates.push({
      callback_query: {
        id,
        from: this.telegramUser(user),
        message: stored.message,
        chat_instance: chat.instance,
        data,
      },
    });
    const deadline = performance.now() + CALLBACK_WAIT_MS;
    while (!record.answered && !signal.aborted && !this.#answers.closed) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      await this.#answers.wait(id, left, signal);
    }
    return record.answered ? { answered: true, answer: record.answer } : { answered: false };
  }

  answerCallback(id: unknown, answer: CallbackAnswer): void {
    const key = typeof id === 'string' ? id : '';
    const record = this.#callbacks.get(key);
    if (!record || record.answered)
      throw new BotApiError(
        400,
        'Bad Request: query is too old and response timeout expired or query ID is invalid',
      );
    record.answered = true;
    const clean: CallbackAnswer = {};
    if (answer.text) clean.text = String(answer.text);
    if (answer.show_alert) clean.show_alert = true;
    if (answer.url) clean.url = String(answer.url);
    if (Object.keys(clean).length) record.answer = clean;
    this.#answers.notify(key);
  }

  /** Blocking or unblocking the bot, with the my_chat_member update Telegram sends for it. */
  setBlocked(user: UserRecord, blocked: boolean): void {
    if (user.blocked === blocked) return;
    user.blocked = blocked;
    this.store.saveUser(user);
    const member = { status: 'member' as const, user: this.botUser };
    const kicked = { status: 'kicked' as const, user: this.botUser, until_date: 0 };
    this.updates.push({
      my_chat_member: {
        chat: this.privateChat(user),
        from: this.telegramUser(user),
        date: this.now(),
        old_chat_member: blocked ? member : kicked,
        new_chat_member: blocked ? kicked : member,
      },
    });
    const chat = this.store.chats.get(user.id);
    if (chat) this.chatChanges.notify(chat.id);
  }

  close(): void {
    this.#stopClockKeeping();
    this.closing.abort();
    this.updates.close();
    this.chatChanges.close();
    this.smsArrived.close();
    this.#answers.close();
    this.store.close();
  }
}
