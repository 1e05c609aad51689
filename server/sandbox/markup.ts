import type { InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton } from '@grammyjs/types';
import { BotApiError } from './errors.ts';
import { checkedLink } from './html.ts';
import type { AnyMarkup } from './store.ts';

const bad = (detail: string) => new BotApiError(400, `Bad Request: ${detail}`);
const encoder = new TextEncoder();

const INLINE_ACTIONS = [
  'callback_data',
  'url',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
  'disabled',
] as const;

/*
 * Telegram turns a keyboard into its own objects and back, so fields it does not know never come
 * back to the bot or reach the user's client. Libraries do send such fields: Telegraf's buttons
 * carry `hide`, for one. The sandbox keeps only the fields below, as Telegram would.
 */
const BUTTON_LOOKS = ['text', 'icon_custom_emoji_id', 'style'] as const;
const INLINE_FIELDS = [...BUTTON_LOOKS, ...INLINE_ACTIONS];
const REPLY_BUTTON_FIELDS = [
  ...BUTTON_LOOKS,
  'request_contact',
  'request_location',
  'request_poll',
  'request_users',
  'request_chat',
  'request_managed_bot',
  'web_app',
] as const;
const REPLY_KEYBOARD_FIELDS = [
  'is_persistent',
  'resize_keyboard',
  'one_time_keyboard',
  'input_field_placeholder',
  'selective',
] as const;
const FORCE_REPLY_FIELDS = ['input_field_placeholder', 'selective'] as const;

/** The given fields of an object that are present, in the order given. */
function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (record[key] !== undefined && record[key] !== null) picked[key] = record[key];
  return picked;
}

/**
 * Checks reply_markup the way Telegram does before anything is sent: structure, callback_data of
 * 1–64 bytes, valid button URLs, text-only buttons refused in inline keyboards. `inlineOnly` is for
 * edits, which can only carry an inline keyboard.
 */
export function readMarkup(value: unknown, inlineOnly = false): AnyMarkup | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let markup = value;
  if (typeof markup === 'string') {
    try {
      markup = JSON.parse(markup);
    } catch {
      throw bad("can't parse reply keyboard markup JSON object");
    }
  }
  if (typeof markup !== 'object' || markup === null || Array.isArray(markup))
    throw bad("can't parse reply keyboard markup JSON object");
  const record = markup as Record<string, unknown>;
  if ('inline_keyboard' in record) return { inline_keyboard: readInline(record.inline_keyboard) };
  if (inlineOnly) throw bad('inline keyboard expected');
  if ('keyboard' in record) {
    const rows = readRows(record.keyboard, 'keyboard', 'ReplyKeyboardMarkup');
    const keyboard = rows.map((row) => row.map(readReplyButton));
    return { keyboard, ...pick(record, REPLY_KEYBOARD_FIELDS) } as AnyMarkup;
  }
  if (record.remove_keyboard === true) return { remove_keyboard: true, ...pickSelective(record) };
  if (record.force_reply === true)
    return { force_reply: true, ...pick(record, FORCE_REPLY_FIELDS) } as AnyMarkup;
  throw bad("can't parse reply keyboard markup JSON object");
}

function readRows(value: unknown, field: string, type: string): unknown[][] {
  if (!Array.isArray(value) || !value.every(Array.isArray))
    throw bad(`field "${field}" of the ${type} must be an Array of Arrays`);
  return value as unknown[][];
}

function readInline(value: unknown): InlineKeyboardButton[][] {
  const rows = readRows(value, 'inline_keyboard', 'InlineKeyboardMarkup');
  return rows.map((row) =>
    row.map((button) => {
      const fail = (detail: string) => bad(`can't parse inline keyboard button: ${detail}`);
      if (typeof button !== 'object' || button === null) throw fail('InlineKeyboardButton must be an Object');
      const b = pick(button as Record<string, unknown>, INLINE_FIELDS);
      if (typeof b.text !== 'string') throw fail('Field "text" must be of type String');
      const actions = INLINE_ACTIONS.filter((key) => b[key] !== undefined);
      if (actions.length === 0) throw fail('Text buttons are unallowed in the inline keyboard');
      if (b.callback_data !== undefined) {
        const data = b.callback_data;
        const size = typeof data === 'string' ? encoder.encode(data).length : 0;
        if (size < 1 || size > 64) throw bad('BUTTON_DATA_INVALID');
      }
      if (b.url !== undefined && (typeof b.url !== 'string' || !checkedLink(b.url)))
        throw bad('BUTTON_URL_INVALID');
      return b as unknown as InlineKeyboardButton;
    }),
  );
}

function readReplyButton(button: unknown): KeyboardButton {
  if (typeof button === 'string') return button;
  if (
    typeof button !== 'object' ||
    button === null ||
    typeof (button as { text?: unknown }).text !== 'string'
  )
    throw bad('can\'t parse keyboard button: Field "text" must be of type String');
  return pick(button as Record<string, unknown>, REPLY_BUTTON_FIELDS) as unknown as KeyboardButton;
}

function pickSelective(record: Record<string, unknown>): { selective?: boolean } {
  return record.selective === true ? { selective: true } : {};
}

export function isInline(markup: AnyMarkup | undefined): markup is InlineKeyboardMarkup {
  return markup !== undefined && 'inline_keyboard' in markup;
}

/** Markup equality for "message is not modified" (key order of the JSON does not matter). */
export function sameMarkup(a: AnyMarkup | undefined, b: AnyMarkup | undefined): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
