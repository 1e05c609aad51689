import type { BotCommand, MenuButton } from '@grammyjs/types';
import type { Handlers } from './bot-api.ts';
import type { SandboxCore } from './core.ts';
import { BotApiError } from './errors.ts';
import type { UserRecord } from './store.ts';

const bad = (detail: string) => new BotApiError(400, `Bad Request: ${detail}`);

function scopeKey(scope: unknown): string {
  if (scope === undefined || scope === null) return 'default';
  const s = (typeof scope === 'string' ? safeJson(scope) : scope) as Partial<Record<string, unknown>> | null;
  const type = s?.type;
  if (typeof type !== 'string') throw bad("can't parse BotCommandScope");
  if (type === 'chat' || type === 'chat_administrators') return `${type}:${s!.chat_id}`;
  if (type === 'chat_member') return `${type}:${s!.chat_id}:${s!.user_id}`;
  if (['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators'].includes(type))
    return type;
  throw bad('wrong BotCommandScope type specified');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function language(code: unknown): string {
  if (code === undefined || code === null || code === '') return '';
  if (typeof code !== 'string' || !/^[a-z]{2}$/.test(code)) throw bad('invalid language code specified');
  return code;
}

function readCommands(value: unknown): BotCommand[] {
  if (!Array.isArray(value)) throw bad("can't parse commands JSON object");
  if (value.length > 100) throw bad('too many commands specified');
  return value.map((item: unknown) => {
    const { command, description } = (item ?? {}) as Partial<BotCommand>;
    const name = typeof command === 'string' ? command.replace(/^\//, '') : '';
    if (!/^[a-z0-9_]{1,32}$/.test(name)) throw bad('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || !description.trim() || description.length > 256)
      throw bad('BOT_COMMAND_DESCRIPTION_INVALID');
    return { command: name, description };
  });
}

/** The command list a user's client shows, by Telegram's order of scopes and languages. */
export function commandsFor(core: SandboxCore, user: UserRecord): BotCommand[] {
  const lang = (user.language_code ?? '').slice(0, 2).toLowerCase();
  const scopes = [`chat:${user.id}`, 'all_private_chats', 'default'];
  for (const scope of scopes) {
    const list = core.store.commands.get(`${scope}|${lang}`) ?? core.store.commands.get(`${scope}|`);
    if (list) return list;
  }
  return [];
}

/** getMe, updates and webhooks, commands, callback answers and the bot's own profile texts. */
export function botMethods(core: SandboxCore): Handlers {
  const texts = new Map<string, string>();
  const textKey = (kind: string, code: unknown) => `${kind}|${language(code)}`;
  const textFor = (kind: string, code: unknown) =>
    texts.get(textKey(kind, code)) ?? texts.get(textKey(kind, '')) ?? '';
  let menuButton: MenuButton = { type: 'commands' };

  return {
    getMe: () => core.bot,
    logOut: () => true,
    close: () => true,
    getUpdates: (params, ctx) => core.updates.getUpdates(params, ctx.signal),
    setWebhook: (params) => core.updates.setWebhook(params),
    deleteWebhook: (params) => core.updates.deleteWebhook(params ?? {}),
    getWebhookInfo: () => core.updates.info(),

    setMyCommands: (params) => {
      const key = `${scopeKey(params.scope)}|${language(params.language_code)}`;
      core.store.setCommands(key, readCommands(params.commands));
      return true;
    },
    getMyCommands: (params) =>
      core.store.commands.get(`${scopeKey(params.scope)}|${language(params.language_code)}`) ?? [],
    deleteMyCommands: (params) => {
      core.store.setCommands(`${scopeKey(params.scope)}|${language(params.language_code)}`, null);
      return true;
    },

    answerCallbackQuery: (params) => {
      if (params.text !== undefined && String(params.text).length > 200) throw bad('MESSAGE_TOO_LONG');
      core.answerCallback(params.callback_query_id, params);
      return true;
    },

    setMyName: (params) => {
      texts.set(textKey('name', params.language_code), params.name ?? '');
      return true;
    },
    getMyName: (params) => ({ name: textFor('name', params.language_code) || core.bot.first_name }),
    setMyDescription: (params) => {
      texts.set(textKey('description', params.language_code), params.description ?? '');
      return true;
    },
    getMyDescription: (params) => ({ description: textFor('description', params.language_code) }),
    setMyShortDescription: (params) => {
      texts.set(textKey('short', params.language_code), params.short_description ?? '');
      return true;
    },
    getMyShortDescription: (params) => ({ short_description: textFor('short', params.language_code) }),
    setChatMenuButton: (params) => {
      menuButton = params.menu_button ?? { type: 'default' };
      return true;
    },
    getChatMenuButton: () => menuButton,
  };
}
