import {
  type ActiveKeyboard,
  buttonsNow,
  type ChatViewMessage,
  chatDump,
  chatLine,
  type FaultRequest,
} from '../../server/sandbox/index.ts';

/** One message of a chat as the sandbox user sees it (the user-side API's view). */
export type ChatMessage = ChatViewMessage;
export type { ActiveKeyboard };

/** A text message the sandbox's SMS stand-in accepted. */
export interface SmsMessage {
  id: number;
  recipient: string;
  text: string;
  at: string;
}

/** A text to find (substring), a pattern, or any test on the whole message. */
export type Match = string | RegExp | ((message: ChatMessage) => boolean);

export interface NewSandboxUser {
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  /** The user's own phone, which "share my contact" sends (default: a +7 701 number from the id). */
  phone_number?: string;
  id?: number;
}

export type TapResult =
  | {
      kind: 'callback';
      message_id: number;
      answered: boolean;
      answer?: { text?: string; show_alert?: boolean };
    }
  | { kind: 'reply'; message_id: number }
  | { kind: 'url'; url: string };

const DEFAULT_TIMEOUT_MS = 10_000;
const QUIET_MS = 700;

/** The sandbox's user side over HTTP: create people, move the clock, inject faults. */
export class SandboxClient {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** A new simulated Telegram user (ids are random in [1e9, 2e9)). */
  async user(init: NewSandboxUser): Promise<SandboxUser> {
    const { id, user } = await this.request<{ id: number; user: { phone_number: string } }>(
      'POST',
      '/sandbox/api/users',
      init,
    );
    return new SandboxUser(this, id, init, user.phone_number);
  }

  /** The bot's Telegram user id (to add it to groups). */
  async botId(): Promise<number> {
    return (await this.request<{ bot: { id: number } }>('GET', '/sandbox/api/bot')).bot.id;
  }

  /**
   * A supergroup with topics (a staff group): `owner` creates it, `members` join, and the bot is
   * added as an administrator who may manage topics (unless told otherwise).
   */
  async forumGroup(init: {
    title: string;
    owner: SandboxUser;
    members?: SandboxUser[];
    bot?: 'admin' | 'member' | 'none';
    canManageTopics?: boolean;
  }): Promise<SandboxGroup> {
    const { id } = await this.request<{ id: number }>('POST', '/sandbox/api/groups', {
      title: init.title,
      owner_id: init.owner.id,
      type: 'supergroup',
      is_forum: true,
    });
    const group = new SandboxGroup(this, id, init.title);
    for (const member of init.members ?? []) await group.setMember(member.id, 'member');
    const bot = init.bot ?? 'admin';
    if (bot !== 'none')
      await group.setMember(await this.botId(), bot === 'admin' ? 'administrator' : 'member', {
        can_manage_topics: init.canManageTopics ?? true,
      });
    return group;
  }

  /** Moves the app clock forward; returns the new "now". */
  async advanceClock(minutes: number): Promise<Date> {
    const { now } = await this.request<{ now: string }>('POST', '/sandbox/api/clock', {
      advance_minutes: minutes,
    });
    return new Date(now);
  }

  async clock(): Promise<{ now: Date; offsetMinutes: number }> {
    const { now, offset_minutes } = await this.request<{ now: string; offset_minutes: number }>(
      'GET',
      '/sandbox/api/clock',
    );
    return { now: new Date(now), offsetMinutes: offset_minutes };
  }

  /** SMS the sandbox's Mobizon stand-in took for this phone, newer than `after`, waiting up to `wait` s. */
  async sms(phone: string, options: { after?: number; wait?: number } = {}): Promise<SmsMessage[]> {
    const query = `phone=${encodeURIComponent(phone)}&after=${options.after ?? 0}&wait=${options.wait ?? 0}`;
    return (await this.request<{ messages: SmsMessage[] }>('GET', `/sandbox/api/sms?${query}`)).messages;
  }

  /** The newest one-time code sent to this phone, waiting for it (up to 10 s) if none came yet. */
  async codeSentTo(phone: string, after = 0): Promise<{ code: string; id: number }> {
    const messages = await this.sms(phone, { after, wait: 10 });
    const last = messages.at(-1);
    const code = last?.text.match(/\b(\d{6})\b/)?.[1];
    if (!last || !code) throw new Error(`no code reached ${phone} within 10 s`);
    return { code, id: last.id };
  }

  /** The next `count` calls of a Bot API method fail with 429, 500 or a hang. */
  async fault(fault: FaultRequest): Promise<void> {
    await this.request('POST', '/sandbox/api/faults', fault);
  }

  async clearFaults(): Promise<void> {
    await this.request('DELETE', '/sandbox/api/faults');
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const form = body instanceof FormData;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined || form ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      signal,
    });
    const data = (await response.json().catch(() => ({}))) as { ok?: boolean; error?: string };
    if (!response.ok)
      throw new Error(
        `sandbox ${method} ${path} failed: ${response.status} ${data.error ?? response.statusText}`,
      );
    return data as T;
  }
}

/**
 * One simulated person in a private chat with the bot. Every bot message is consumed once:
 * `expectMessage` waits (long poll, no sleeps) for the next bot message that matches, skipping
 * and consuming the ones before it; `expectEdit` does the same for edits.
 */
export class SandboxUser {
  readonly id: number;
  readonly profile: NewSandboxUser;
  readonly phone: string;
  /** Every message of the chat seen so far, oldest first, in its latest state. */
  readonly messages: ChatMessage[] = [];
  /** The reply keyboard the user's client shows now, if any. */
  replyKeyboard: ActiveKeyboard | null = null;
  readonly #client: SandboxClient;
  #lastId = 0;
  #editSeq = 0;
  #consumed = 0;
  readonly #edits: ChatMessage[] = [];

  constructor(client: SandboxClient, id: number, profile: NewSandboxUser, phone: string) {
    this.#client = client;
    this.id = id;
    this.profile = profile;
    this.phone = phone;
  }

  get botMessages(): ChatMessage[] {
    return this.messages.filter((m) => m.from === 'bot' && !m.deleted);
  }

  get lastBotMessage(): ChatMessage | undefined {
    return this.botMessages.at(-1);
  }

  async send(text: string): Promise<number> {
    return this.#post({ text });
  }

  /** Shares a contact: their own by default, someone else's with another `user_id`. */
  async shareContact(
    phone = this.phone,
    contact: { user_id?: number; first_name?: string; last_name?: string } = {},
  ): Promise<number> {
    return this.#post({ contact: { phone_number: phone, ...contact } });
  }

  async sendLocation(latitude: number, longitude: number): Promise<number> {
    return this.#post({ location: { latitude, longitude } });
  }

  /** Sends the bot a photo (JPEG or PNG bytes), with a caption if given. */
  async sendPhoto(bytes: Uint8Array, options: { caption?: string; fileName?: string } = {}): Promise<number> {
    const form = fileForm('photo', bytes, options.fileName ?? 'photo.jpg', undefined, options.caption);
    return (
      await this.#client.request<{ message_id: number }>('POST', `/sandbox/api/users/${this.id}/files`, form)
    ).message_id;
  }

  /** Sends the bot a document (a file with its name and type), with a caption if given. */
  async sendDocument(
    bytes: Uint8Array,
    fileName: string,
    options: { caption?: string; mimeType?: string } = {},
  ): Promise<number> {
    const form = fileForm('document', bytes, fileName, options.mimeType, options.caption);
    return (
      await this.#client.request<{ message_id: number }>('POST', `/sandbox/api/users/${this.id}/files`, form)
    ).message_id;
  }

  /**
   * Presses the button with this text (exact) or matching this pattern on the newest bot message
   * that has one, waiting (long poll) for it to arrive: an inline button sends a callback query
   * and returns the bot's answer; a button of the current reply keyboard sends its text, or the
   * contact/location it asks for.
   */
  async tap(label: string | RegExp, options: { phone?: string; timeout?: number } = {}): Promise<TapResult> {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    const is = (text: string) => (typeof label === 'string' ? text === label : label.test(text));
    await this.sync(0);
    for (;;) {
      const found = this.#findButton(is);
      if (found?.key) {
        const { key } = found;
        const sent = key.request_contact
          ? await this.shareContact(options.phone ?? this.phone)
          : key.request_location
            ? await this.sendLocation(43.238949, 76.889709)
            : await this.send(key.text);
        return { kind: 'reply', message_id: sent };
      }
      if (found?.inline) {
        const { inline, message } = found;
        if (inline.data === undefined && inline.url !== undefined) return { kind: 'url', url: inline.url };
        if (inline.data === undefined)
          throw new Error(`button ${show(label)} is neither a callback nor a URL button`);
        const result = await this.#client.request<{
          answered: boolean;
          answer?: { text?: string; show_alert?: boolean };
        }>('POST', `/sandbox/api/users/${this.id}/callbacks`, {
          message_id: message.message_id,
          data: inline.data,
        });
        return {
          kind: 'callback',
          message_id: message.message_id,
          answered: result.answered,
          answer: result.answer,
        };
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.sync(Math.min(left, 10_000) / 1000);
    }
    const removed = this.botMessages.some((m) => m.keyboard?.flat().some((b) => is(b.text)));
    throw new Error(
      `No button ${show(label)} to tap within ${timeout} ms` +
        `${removed ? ' (a reply keyboard had it, but it is no longer shown)' : ''}.\n` +
        `Buttons now:\n${buttonsNow(this.botMessages, this.replyKeyboard)}\n\nThe chat (newest last):\n${this.dump()}`,
    );
  }

  /**
   * Presses the first inline button, on the newest bot message that has one, whose callback data
   * matches: for choices whose labels vary (a calendar's days, a day's times).
   */
  async tapData(pattern: RegExp): Promise<{ text: string; data: string; answer?: { text?: string } }> {
    await this.sync(0);
    for (const message of [...this.botMessages].reverse()) {
      const button = message.buttons?.flat().find((b) => b.data !== undefined && pattern.test(b.data));
      if (!button?.data) continue;
      const result = await this.#client.request<{ answer?: { text?: string } }>(
        'POST',
        `/sandbox/api/users/${this.id}/callbacks`,
        { message_id: message.message_id, data: button.data },
      );
      return { text: button.text, data: button.data, answer: result.answer };
    }
    throw new Error(`No button with data ${pattern} to tap.\n\nThe chat (newest last):\n${this.dump()}`);
  }

  /** The newest place a button with this label is: an inline keyboard, or the reply keyboard shown. */
  #findButton(is: (text: string) => boolean) {
    const keyboard = this.replyKeyboard;
    for (const message of [...this.botMessages].reverse()) {
      const key =
        keyboard && keyboard.message_id >= message.message_id
          ? keyboard.rows.flat().find((b) => is(b.text))
          : undefined;
      if (key) return { key };
      const inline = message.buttons?.flat().find((b) => is(b.text));
      if (inline) return { inline, message };
    }
    return null;
  }

  /**
   * Waits for new bot messages matching each of these, in whatever order they arrive (messages the
   * platform queues for one chat are not ordered), consuming up to the last of them.
   */
  async expectMessages(all: Match[], options: { timeout?: number } = {}): Promise<ChatMessage[]> {
    const deadline = Date.now() + (options.timeout ?? DEFAULT_TIMEOUT_MS);
    for (;;) {
      const fresh = this.botMessages.filter((m) => m.message_id > this.#consumed);
      const found = all.map((match) => fresh.find((m) => matches(m, match)));
      if (found.every(Boolean)) {
        this.#consumed = Math.max(...found.map((m) => m!.message_id));
        return found as ChatMessage[];
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `Expected new bot messages matching ${all.map(show).join(', ')}, but only these came.\n` +
            `The chat (newest last):\n${this.dump()}`,
        );
      await this.sync(Math.min(left, 10_000) / 1000);
    }
  }

  /** Waits for the next bot message that matches (by default any), consuming it and those before it. */
  async expectMessage(match?: Match, options: { timeout?: number } = {}): Promise<ChatMessage> {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this.botMessages.find((m) => m.message_id > this.#consumed && matches(m, match));
      if (found) {
        this.#consumed = found.message_id;
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.sync(Math.min(left, 10_000) / 1000);
    }
    throw new Error(
      `Expected a new bot message ${match === undefined ? '' : `matching ${show(match)} `}` +
        `within ${timeout} ms, ` +
        `but none came.\nThe chat (newest last):\n${this.dump()}`,
    );
  }

  /** Waits until a bot message is edited so that it matches; returns it in its edited state. */
  async expectEdit(match?: Match, options: { timeout?: number } = {}): Promise<ChatMessage> {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    for (;;) {
      const index = this.#edits.findIndex((m) => matches(m, match));
      if (index >= 0) {
        const found = this.#edits[index]!;
        this.#edits.splice(0, index + 1);
        return this.messages.find((m) => m.message_id === found.message_id) ?? found;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.sync(Math.min(left, 10_000) / 1000);
    }
    throw new Error(
      `Expected a bot message to be edited ${match === undefined ? '' : `to match ${show(match)} `}within ` +
        `${timeout} ms, but none was.\nThe chat (newest last):\n${this.dump()}`,
    );
  }

  /** Asserts that no new bot message arrives within `ms` (the one bounded wait worth having). */
  async expectNoMessage(ms = QUIET_MS): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      const fresh = (await this.sync(left / 1000)).filter((m) => m.from === 'bot');
      if (fresh.length)
        throw new Error(
          `Expected no new bot message for ${ms} ms, but got:\n${fresh.map(chatLine).join('\n')}\n\n` +
            `The chat (newest last):\n${this.dump()}`,
        );
    }
  }

  async block(): Promise<void> {
    await this.#client.request('POST', `/sandbox/api/users/${this.id}/block`);
  }

  async unblock(): Promise<void> {
    await this.#client.request('POST', `/sandbox/api/users/${this.id}/unblock`);
  }

  /** The `/` menu this user's Telegram client shows now (by Telegram's order of scopes and languages). */
  async commands(): Promise<{ command: string; description: string }[]> {
    const path = `/sandbox/api/users/${this.id}/commands`;
    return (await this.#client.request<{ commands: { command: string; description: string }[] }>('GET', path))
      .commands;
  }

  /** The bytes of a document or photo the bot sent. */
  async download(message: ChatMessage): Promise<Uint8Array> {
    const url = message.document?.url ?? message.photo?.url;
    if (!url) throw new Error(`message #${message.message_id} has no file`);
    const response = await fetch(new URL(url, this.#client.baseUrl));
    if (!response.ok) throw new Error(`download of ${url} failed: ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Fetches what changed (waiting up to `waitSeconds` for something); returns messages seen first now. */
  async sync(waitSeconds = 0): Promise<ChatMessage[]> {
    const wait = Math.max(0, waitSeconds).toFixed(3);
    const query = `after=${this.#lastId}&edits_after=${this.#editSeq}&wait=${wait}`;
    const data = await this.#client.request<{
      messages: ChatMessage[];
      edit_seq: number;
      reply_keyboard: ActiveKeyboard | null;
    }>('GET', `/sandbox/api/users/${this.id}/chat?${query}`);
    this.#editSeq = Math.max(this.#editSeq, data.edit_seq);
    this.replyKeyboard = data.reply_keyboard;
    const fresh: ChatMessage[] = [];
    for (const message of data.messages) {
      const index = this.messages.findIndex((m) => m.message_id === message.message_id);
      if (index >= 0) this.messages[index] = message;
      else if (!message.deleted) {
        this.messages.push(message);
        this.messages.sort((a, b) => a.message_id - b.message_id);
        fresh.push(message);
      }
      this.#lastId = Math.max(this.#lastId, message.message_id);
      if (message.from === 'bot' && message.edited && !message.deleted) this.#edits.push(message);
    }
    return fresh;
  }

  /** The chat as text, for failure messages. */
  dump(limit = 15): string {
    return chatDump(this.messages, this.replyKeyboard, limit);
  }

  async #post(body: unknown): Promise<number> {
    const { message_id } = await this.#client.request<{ message_id: number }>(
      'POST',
      `/sandbox/api/users/${this.id}/messages`,
      body,
    );
    return message_id;
  }
}

/** A forum topic as the group shows it. */
export interface SandboxTopic {
  message_thread_id: number;
  name: string;
  icon_color: number;
  closed: boolean;
}

/**
 * A group (a supergroup with topics) seen by its members: they write in it and read it. Bot
 * messages are consumed once per topic: `expectMessage` waits (long poll) for the next bot message
 * in that topic that matches.
 */
export class SandboxGroup {
  readonly id: number;
  readonly title: string;
  /** Every message of the group seen so far, oldest first, in its latest state. */
  readonly messages: ChatMessage[] = [];
  readonly #client: SandboxClient;
  readonly #consumed = new Map<number, number>();
  #lastId = 0;
  #editSeq = 0;
  #topics: SandboxTopic[] = [];

  constructor(client: SandboxClient, id: number, title: string) {
    this.#client = client;
    this.id = id;
    this.title = title;
  }

  /** Adds, changes or removes a member (a user, or the bot by its id) as the owner does. */
  async setMember(
    userId: number,
    status: 'member' | 'administrator' | 'left' | 'kicked',
    rights: { can_manage_topics?: boolean } = {},
  ): Promise<void> {
    await this.#client.request('POST', `/sandbox/api/groups/${this.id}/members`, {
      user_id: userId,
      status,
      ...rights,
    });
  }

  /** A member writes in the group: in a topic (its message_thread_id), or in General. */
  async write(member: SandboxUser, text: string, options: { topic?: number; replyTo?: number } = {}) {
    const { message_id } = await this.#client.request<{ message_id: number }>(
      'POST',
      `/sandbox/api/groups/${this.id}/messages`,
      {
        from: member.id,
        text,
        ...(options.topic !== undefined ? { message_thread_id: options.topic } : {}),
        ...(options.replyTo !== undefined ? { reply_to_message_id: options.replyTo } : {}),
      },
    );
    return message_id;
  }

  /** A member sends a photo or a document into the group (a topic, or General). */
  async sendFile(
    member: SandboxUser,
    kind: 'photo' | 'document',
    bytes: Uint8Array,
    options: { fileName?: string; mimeType?: string; caption?: string; topic?: number } = {},
  ): Promise<number> {
    const form = fileForm(kind, bytes, options.fileName ?? `${kind}.jpg`, options.mimeType, options.caption);
    form.set('from', String(member.id));
    if (options.topic !== undefined) form.set('message_thread_id', String(options.topic));
    const path = `/sandbox/api/groups/${this.id}/files`;
    return (await this.#client.request<{ message_id: number }>('POST', path, form)).message_id;
  }

  /** The group's topics now. */
  async topics(): Promise<SandboxTopic[]> {
    await this.sync(0);
    return this.#topics;
  }

  /** Waits for a topic whose name matches (the bot creates them); returns it. */
  async expectTopic(name: string | RegExp, options: { timeout?: number } = {}): Promise<SandboxTopic> {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    const is = (text: string) => (typeof name === 'string' ? text.includes(name) : name.test(text));
    for (;;) {
      const found = this.#topics.find((t) => is(t.name));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.sync(Math.min(left, 10_000) / 1000);
    }
    throw new Error(
      `Expected a topic named ${show(name)} in ${this.title} within ${timeout} ms; topics: ` +
        `${this.#topics.map((t) => JSON.stringify(t.name)).join(', ') || 'none'}`,
    );
  }

  /** The messages of a topic (0: General) seen so far, service messages included. */
  async topicMessages(topic: number): Promise<ChatMessage[]> {
    await this.sync(0);
    return this.messages.filter((m) => (m.thread_id ?? 0) === topic && !m.deleted);
  }

  /** Waits for the next bot message in this topic that matches, consuming it and those before it. */
  async expectMessage(
    topic: number,
    match?: Match,
    options: { timeout?: number } = {},
  ): Promise<ChatMessage> {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    for (;;) {
      const consumed = this.#consumed.get(topic) ?? 0;
      const found = this.messages.find(
        (m) =>
          m.message_id > consumed &&
          (m.thread_id ?? 0) === topic &&
          m.from === 'bot' &&
          !m.service &&
          !m.deleted &&
          matches(m, match),
      );
      if (found) {
        this.#consumed.set(topic, found.message_id);
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.sync(Math.min(left, 10_000) / 1000);
    }
    throw new Error(
      `Expected a new bot message in topic ${topic} of ${this.title} ` +
        `${match === undefined ? '' : `matching ${show(match)} `}within ${timeout} ms, but none came.\n` +
        `The topic (newest last):\n${chatDump(
          this.messages.filter((m) => (m.thread_id ?? 0) === topic),
          null,
          15,
        )}`,
    );
  }

  /** Fetches what changed (waiting up to `waitSeconds` for something); returns messages seen first now. */
  async sync(waitSeconds = 0): Promise<ChatMessage[]> {
    const wait = Math.max(0, waitSeconds).toFixed(3);
    const query = `after=${this.#lastId}&edits_after=${this.#editSeq}&wait=${wait}`;
    const data = await this.#client.request<{
      messages: ChatMessage[];
      edit_seq: number;
      group: { topics: SandboxTopic[] };
    }>('GET', `/sandbox/api/groups/${this.id}/chat?${query}`);
    this.#editSeq = Math.max(this.#editSeq, data.edit_seq);
    this.#topics = data.group.topics;
    const fresh: ChatMessage[] = [];
    for (const message of data.messages) {
      const index = this.messages.findIndex((m) => m.message_id === message.message_id);
      if (index >= 0) this.messages[index] = message;
      else if (!message.deleted) {
        this.messages.push(message);
        fresh.push(message);
      }
      this.#lastId = Math.max(this.#lastId, message.message_id);
    }
    this.messages.sort((a, b) => a.message_id - b.message_id);
    return fresh;
  }
}

function fileForm(
  kind: 'photo' | 'document',
  bytes: Uint8Array,
  fileName: string,
  mimeType: string | undefined,
  caption: string | undefined,
): FormData {
  const form = new FormData();
  form.set(kind, new Blob([bytes as Uint8Array<ArrayBuffer>], mimeType ? { type: mimeType } : {}), fileName);
  if (caption !== undefined) form.set('caption', caption);
  return form;
}

function matches(message: ChatMessage, match: Match | undefined): boolean {
  if (match === undefined) return true;
  if (typeof match === 'function') return match(message);
  const text = message.text ?? '';
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

function show(match: Match | RegExp): string {
  return typeof match === 'function'
    ? 'the given test'
    : typeof match === 'string'
      ? JSON.stringify(match)
      : String(match);
}
