import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import type {
  BotCommand,
  ForceReply,
  InlineKeyboardMarkup,
  Message,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  Update,
} from '@grammyjs/types';
import type { Logger } from '../../shared/log.ts';
import { type UploadedFile, uploadBytes } from './multipart.ts';

export type AnyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export interface UserRecord {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  /** The user's own phone, as Telegram knows it: what "share my contact" sends. */
  phone_number?: string;
  blocked: boolean;
  /** Whether the user ever wrote to the bot; until then the bot cannot start a conversation. */
  started: boolean;
}

export interface StoredMessage {
  /** The message as the bot sees it (Message.reply_markup only ever holds an inline keyboard). */
  message: Message;
  from: 'bot' | 'user';
  /** The reply_markup as sent, including reply keyboards, which Message objects never show. */
  markup?: AnyMarkup;
  /** The chat's change counter at this message's latest change (sent, edited or deleted). */
  seq: number;
  edited?: boolean;
  deleted?: boolean;
  /** The file behind a document or photo. */
  fileKey?: string;
}

export interface ChatRecord {
  id: number;
  /** Telegram's chat_instance of callback queries: stable per chat. */
  instance: string;
  nextMessageId: number;
  seq: number;
  messages: StoredMessage[];
}

export interface FileRecord {
  /** Opaque key of the user-side download URL. */
  key: string;
  file_id: string;
  file_unique_id: string;
  file_path: string;
  kind: 'document' | 'photo';
  file_name?: string;
  mime_type?: string;
  size: number;
  width?: number;
  height?: number;
}

/** A text message the SMS stand-in accepted (see sms.ts). */
export interface SmsRecord {
  id: number;
  /** Digits of the international number, as Mobizon's `recipient` takes it. */
  recipient: string;
  text: string;
  from?: string;
  at: string;
}

interface Snapshot {
  version: 1;
  botId: number;
  token: string;
  smsKey?: string;
  sms?: SmsRecord[];
  nextUpdateId: number;
  pending: Update[];
  users: UserRecord[];
  chats: ChatRecord[];
  files: FileRecord[];
  commands: [string, BotCommand[]][];
}

/**
 * Everything the sandbox remembers. In memory by default; with a persist file (development) it is
 * saved as JSON shortly after each change and file bytes go to a folder next to it, so a restart
 * keeps the chats a developer was working with.
 */
export class SandboxStore {
  readonly users = new Map<number, UserRecord>();
  readonly chats = new Map<number, ChatRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly fileIds = new Map<string, string>();
  readonly bytes = new Map<string, Uint8Array>();
  readonly commands = new Map<string, BotCommand[]>();
  botId: number;
  token: string;
  /** The API key the SMS stand-in accepts. */
  smsKey: string;
  sms: SmsRecord[] = [];
  nextUpdateId: number;
  pending: Update[] = [];

  readonly #file?: string;
  readonly #log: Logger;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(log: Logger, file?: string) {
    this.#log = log;
    this.#file = file;
    this.botId = randomInt(7_000_000_000, 8_000_000_000);
    this.token = `${this.botId}:AA${randomToken(33)}`;
    this.smsKey = `sbx${randomToken(37)}`;
    this.nextUpdateId = randomInt(100_000_000, 900_000_000);
    if (file) this.#load(file);
  }

  chat(id: number): ChatRecord {
    let chat = this.chats.get(id);
    if (!chat) {
      chat = { id, instance: String(randomInt(1e17, 9e17)), nextMessageId: 1, seq: 0, messages: [] };
      this.chats.set(id, chat);
    }
    return chat;
  }

  /**
   * Where uploads are written as they arrive: next to the stored files in persist mode (keeping
   * one is then a rename), else the system's temporary folder.
   */
  get uploadDir(): string {
    return this.#file ? `${this.#file}.files` : tmpdir();
  }

  /**
   * Keeps a file's bytes: in persist mode on disk only (an upload's file is moved there), read
   * again for each download, so memory does not grow with the files; else in memory.
   */
  addFile(record: FileRecord, content: Uint8Array | UploadedFile): void {
    if (this.#file) {
      const path = `${this.#file}.files/${record.key}`;
      mkdirSync(`${this.#file}.files`, { recursive: true });
      if (content instanceof Uint8Array) writeFileSync(path, content);
      else renameSync(content.path, path);
    } else {
      this.bytes.set(record.key, content instanceof Uint8Array ? content : uploadBytes(content));
    }
    this.files.set(record.key, record);
    this.fileIds.set(record.file_id, record.key);
    this.changed();
  }

  fileBytes(key: string): Uint8Array | undefined {
    if (!this.#file || !this.files.has(key)) return this.bytes.get(key);
    try {
      return new Uint8Array(readFileSync(`${this.#file}.files/${key}`));
    } catch {
      return undefined;
    }
  }

  /** Schedules a save (persist mode only); many changes in a burst make one write. */
  changed(): void {
    if (!this.#file || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, 200);
  }

  flush(): void {
    if (!this.#file) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const snapshot: Snapshot = {
      version: 1,
      botId: this.botId,
      token: this.token,
      smsKey: this.smsKey,
      sms: this.sms,
      nextUpdateId: this.nextUpdateId,
      pending: this.pending,
      users: [...this.users.values()],
      chats: [...this.chats.values()],
      files: [...this.files.values()],
      commands: [...this.commands],
    };
    try {
      mkdirSync(dirname(this.#file), { recursive: true });
      writeFileSync(`${this.#file}.tmp`, JSON.stringify(snapshot));
      renameSync(`${this.#file}.tmp`, this.#file);
    } catch (error) {
      this.#log.warn({ err: error }, 'sandbox: could not save its state');
    }
  }

  #load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    try {
      const snapshot = JSON.parse(text) as Snapshot;
      if (snapshot.version !== 1) throw new Error(`unknown version ${snapshot.version}`);
      this.botId = snapshot.botId;
      this.token = snapshot.token;
      if (snapshot.smsKey) this.smsKey = snapshot.smsKey;
      this.sms = snapshot.sms ?? [];
      this.nextUpdateId = snapshot.nextUpdateId;
      this.pending = snapshot.pending;
      for (const user of snapshot.users) this.users.set(user.id, user);
      for (const chat of snapshot.chats) this.chats.set(chat.id, chat);
      for (const record of snapshot.files) {
        this.files.set(record.key, record);
        this.fileIds.set(record.file_id, record.key);
      }
      for (const [key, list] of snapshot.commands) this.commands.set(key, list);
    } catch (error) {
      this.#log.warn({ err: error }, 'sandbox: ignoring an unreadable state file');
    }
  }
}

export function randomInt(min: number, max: number): number {
  const [a, b] = crypto.getRandomValues(new Uint32Array(2));
  return min + Math.floor(((a! * 2 ** 21 + (b! >>> 11)) / 2 ** 53) * (max - min));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function randomToken(length: number): string {
  return [...crypto.getRandomValues(new Uint8Array(length))].map((b) => ALPHABET[b & 63]).join('');
}
