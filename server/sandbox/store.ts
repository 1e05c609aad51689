import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
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

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'left' | 'kicked';

/** Someone's place in a group: a sandbox user, or the bot under its own id. */
export interface MemberRecord {
  user_id: number;
  status: MemberStatus;
  /** An administrator's right to create, edit, close and reopen topics. */
  can_manage_topics?: boolean;
}

/** A forum topic; its id is the message id of its forum_topic_created service message. */
export interface TopicRecord {
  message_thread_id: number;
  name: string;
  icon_color: number;
  icon_custom_emoji_id?: string;
  closed: boolean;
}

/** A group or supergroup (its messages live in the chat record of the same, negative, id). */
export interface GroupRecord {
  id: number;
  type: 'group' | 'supergroup';
  title: string;
  is_forum: boolean;
  members: MemberRecord[];
  topics: TopicRecord[];
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
  groups?: GroupRecord[];
  files: FileRecord[];
  commands: [string, BotCommand[]][];
  clockOffsetMs?: number;
}

/**
 * One change, as the journal holds it: the new state of what changed, so applying it again is
 * harmless (a crash between a compaction's snapshot and the journal's truncation replays entries
 * the snapshot already has).
 */
type Entry =
  | { user: UserRecord }
  | { chat: { id: number; instance: string } }
  | { group: GroupRecord }
  | { message: StoredMessage; chat: number }
  | { file: FileRecord }
  | { commands: string; list: BotCommand[] | null }
  | { sms: SmsRecord }
  | { clockOffsetMs: number }
  | { update: Update }
  /** Confirmed or dropped: the pending updates before this id are gone. */
  | { dropBelow: number };

/** Updates kept for a bot that never asks for them (Telegram keeps them for 24 hours). */
const MAX_PENDING = 100_000;
/** The journal is folded into the snapshot once it is this large, or larger than the snapshot. */
const COMPACT_AT_BYTES = 8 * 1024 * 1024;

/**
 * Everything the sandbox remembers. In memory by default; with a persist file (development) it is
 * kept on disk so that a restart, even after kill -9, finds what the sandbox acknowledged: every
 * change is appended to a journal (`<file>.journal`, one JSON line each) with a synchronous
 * write before the method that made it returns, so before its answer is sent; the journal is
 * folded into the JSON snapshot (`<file>`, written to a temporary file and renamed) when the
 * store is loaded, when the journal has grown, and at close. File bytes go to `<file>.files/`
 * before their record is journaled. A write that fails fails the call (500), never answers OK.
 * (Written to the operating system, not fsync'ed: a killed process loses nothing, a power cut may.)
 */
export class SandboxStore {
  readonly users = new Map<number, UserRecord>();
  readonly chats = new Map<number, ChatRecord>();
  /** Groups and supergroups by their (negative) chat id. */
  readonly groups = new Map<number, GroupRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly fileIds = new Map<string, string>();
  readonly bytes = new Map<string, Uint8Array>();
  readonly commands = new Map<string, BotCommand[]>();
  botId: number;
  token: string;
  /** The API key the SMS stand-in accepts. */
  smsKey: string;
  readonly sms: SmsRecord[] = [];
  nextUpdateId: number;
  readonly pending: Update[] = [];
  /**
   * How far the sandbox has moved the app clock ahead of real time. Kept with the chats: a
   * scenario moved to tomorrow stays there after a restart, as its chats do.
   */
  clockOffsetMs = 0;

  readonly #file?: string;
  readonly #log: Logger;
  #journal: number | undefined;
  #journalBytes = 0;
  #snapshotBytes = 0;
  #compaction: ReturnType<typeof setTimeout> | undefined;

  constructor(log: Logger, file?: string) {
    this.#log = log;
    this.#file = file;
    this.botId = randomInt(7_000_000_000, 8_000_000_000);
    this.token = `${this.botId}:AA${randomToken(33)}`;
    this.smsKey = `sbx${randomToken(37)}`;
    this.nextUpdateId = randomInt(100_000_000, 900_000_000);
    if (file) {
      this.#load(file);
      // The token it prints now is kept from the start, and the journal starts empty.
      this.#compact();
    }
  }

  /** The private chat with this user, created (and recorded) on first use. */
  chat(id: number): ChatRecord {
    const chat = this.chats.get(id);
    if (chat) return chat;
    this.#record({ chat: { id, instance: String(randomInt(1e17, 9e17)) } });
    return this.chats.get(id)!;
  }

  /** Records a new or changed group (its members and topics with it). */
  saveGroup(group: GroupRecord): void {
    this.#record({ group });
  }

  /** Records a new or changed user. */
  saveUser(user: UserRecord): void {
    this.#record({ user });
  }

  /**
   * Records a message's latest state, new, edited or deleted: the chat's next message id and
   * change counter follow it (its `seq` is the chat's counter at this change).
   */
  saveMessage(chat: ChatRecord, stored: StoredMessage): void {
    this.#record({ message: stored, chat: chat.id });
  }

  setCommands(key: string, list: BotCommand[] | null): void {
    this.#record({ commands: key, list });
  }

  addSms(record: SmsRecord): void {
    this.#record({ sms: record });
  }

  /** Records where the app clock now is, ahead of real time (it only moves forward). */
  setClockOffset(ms: number): void {
    if (ms > this.clockOffsetMs) this.#record({ clockOffsetMs: ms });
  }

  /** Queues an update for the bot; its update_id must be `nextUpdateId`. */
  pushUpdate(update: Update): void {
    this.#record({ update });
  }

  /** Drops the pending updates before this id (confirmed by the bot, delivered, or dropped). */
  dropUpdatesBelow(updateId: number): void {
    const first = this.pending[0];
    if (first && first.update_id < updateId) this.#record({ dropBelow: updateId });
  }

  /**
   * Where uploads are written as they arrive: next to the stored files in persist mode (keeping
   * one is then a rename), else the system's temporary folder.
   */
  get uploadDir(): string {
    return this.#file ? `${this.#file}.files` : tmpdir();
  }

  /**
   * Keeps a file: in persist mode its bytes go to disk (an upload's file is moved there) before
   * its record is journaled, and are read again for each download, so memory does not grow with
   * the files; otherwise they are kept in memory.
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
    this.#record({ file: record });
  }

  fileBytes(key: string): Uint8Array | undefined {
    if (!this.#file || !this.files.has(key)) return this.bytes.get(key);
    try {
      return new Uint8Array(readFileSync(`${this.#file}.files/${key}`));
    } catch {
      return undefined;
    }
  }

  /** Folds the journal into the snapshot (persist mode); a change after this opens it again. */
  close(): void {
    if (!this.#file) return;
    this.#compact();
    if (this.#journal !== undefined) closeSync(this.#journal);
    this.#journal = undefined;
  }

  /** Journals a change (persist mode), then applies it: what is applied is on disk. */
  #record(entry: Entry): void {
    if (this.#file) {
      const line = `${JSON.stringify(entry)}\n`;
      this.#journal ??= openSync(`${this.#file}.journal`, 'a');
      this.#journalBytes += writeSync(this.#journal, line);
      if (this.#journalBytes > Math.max(COMPACT_AT_BYTES, this.#snapshotBytes) && !this.#compaction) {
        // Soon, not in the middle of the call that made the change.
        this.#compaction = setTimeout(() => this.#compact(), 0);
        this.#compaction.unref?.();
      }
    }
    this.#apply(entry);
  }

  /** A change, made in memory; the same live and when the journal is replayed. */
  #apply(entry: Entry): void {
    if ('user' in entry) {
      this.users.set(entry.user.id, entry.user);
    } else if ('message' in entry) {
      const { message: stored } = entry;
      const chat = this.chats.get(entry.chat);
      if (!chat) return;
      const id = stored.message.message_id;
      chat.messages[id - 1] = stored;
      chat.nextMessageId = Math.max(chat.nextMessageId, id + 1);
      chat.seq = Math.max(chat.seq, stored.seq);
    } else if ('group' in entry) {
      this.groups.set(entry.group.id, entry.group);
    } else if ('chat' in entry) {
      const { id, instance } = entry.chat;
      if (!this.chats.has(id)) this.chats.set(id, { id, instance, nextMessageId: 1, seq: 0, messages: [] });
    } else if ('file' in entry) {
      this.files.set(entry.file.key, entry.file);
      this.fileIds.set(entry.file.file_id, entry.file.key);
    } else if ('commands' in entry) {
      if (entry.list) this.commands.set(entry.commands, entry.list);
      else this.commands.delete(entry.commands);
    } else if ('sms' in entry) {
      if (entry.sms.id > (this.sms.at(-1)?.id ?? 0)) this.sms.push(entry.sms);
    } else if ('clockOffsetMs' in entry) {
      this.clockOffsetMs = Math.max(this.clockOffsetMs, entry.clockOffsetMs);
    } else if ('update' in entry) {
      if (entry.update.update_id < this.nextUpdateId) return;
      this.pending.push(entry.update);
      if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
      this.nextUpdateId = entry.update.update_id + 1;
    } else {
      const kept = this.pending.findIndex((u) => u.update_id >= entry.dropBelow);
      this.pending.splice(0, kept === -1 ? this.pending.length : kept);
    }
  }

  /** Writes the whole state as the snapshot, then empties the journal it now contains. */
  #compact(): void {
    const file = this.#file!;
    clearTimeout(this.#compaction);
    this.#compaction = undefined;
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
      groups: [...this.groups.values()],
      files: [...this.files.values()],
      commands: [...this.commands],
      clockOffsetMs: this.clockOffsetMs,
    };
    try {
      const text = JSON.stringify(snapshot);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
      this.#snapshotBytes = text.length;
      // The journal's entries are in the snapshot now.
      this.#journal ??= openSync(`${file}.journal`, 'a');
      ftruncateSync(this.#journal, 0);
      this.#journalBytes = 0;
    } catch (error) {
      // The journal still holds every change; the next compaction tries again.
      this.#log.warn({ err: error }, 'sandbox: could not save its state');
    }
  }

  #load(file: string): void {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // No snapshot yet: a new sandbox (a journal alone is replayed onto it).
    }
    if (text !== undefined) {
      try {
        const snapshot = JSON.parse(text) as Snapshot;
        if (snapshot.version !== 1) throw new Error(`unknown version ${snapshot.version}`);
        this.botId = snapshot.botId;
        this.token = snapshot.token;
        if (snapshot.smsKey) this.smsKey = snapshot.smsKey;
        for (const record of snapshot.sms ?? []) this.sms.push(record);
        this.nextUpdateId = snapshot.nextUpdateId;
        for (const update of snapshot.pending) this.pending.push(update);
        for (const user of snapshot.users) this.users.set(user.id, user);
        for (const chat of snapshot.chats) this.chats.set(chat.id, chat);
        for (const group of snapshot.groups ?? []) this.groups.set(group.id, group);
        for (const record of snapshot.files) {
          this.files.set(record.key, record);
          this.fileIds.set(record.file_id, record.key);
        }
        for (const [key, list] of snapshot.commands) this.commands.set(key, list);
        this.clockOffsetMs = snapshot.clockOffsetMs ?? 0;
      } catch (error) {
        this.#log.warn({ err: error }, 'sandbox: ignoring an unreadable state file');
        return;
      }
    }
    this.#replay(`${file}.journal`);
    // Uploads a killed process was still receiving.
    try {
      for (const name of readdirSync(`${file}.files`))
        if (name.startsWith('.upload-')) rmSync(`${file}.files/${name}`, { force: true });
    } catch {
      // No files yet.
    }
  }

  #replay(path: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    const lines = text.split('\n');
    // What follows the last newline is a line a killed process did not finish: never acknowledged.
    lines.pop();
    let skipped = 0;
    for (const line of lines) {
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch {
        skipped++;
        continue;
      }
      this.#apply(entry);
    }
    if (skipped) this.#log.warn({ skipped }, 'sandbox: skipped unreadable lines of its journal');
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
