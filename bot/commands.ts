import type { Language } from '../shared/localized.ts';
import type { BaseContext } from './context.ts';

/** The `/` menu, in its order; each command's description is the locale key `cmd-<command>`. */
export const MENU_COMMANDS = [
  'start',
  'menu',
  'book',
  'appointments',
  'profile',
  'family',
  'language',
  'help',
  'cancel',
] as const;

type Translate = (language: Language, key: string) => string;

export const menuCommands = (t: Translate, language: Language) =>
  MENU_COMMANDS.map((command) => ({ command, description: t(language, `cmd-${command}`) }));

/**
 * Gives this chat a menu in the language the update is now served in (call it after the locale
 * was renegotiated). The global menus follow the Telegram client's language, which need not be
 * the one chosen in the bot; a chat-scoped menu wins over them in Telegram, so the menu changes
 * at once, whatever the client's language.
 */
export async function setChatMenu(ctx: BaseContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const commands = MENU_COMMANDS.map((command) => ({ command, description: ctx.t(`cmd-${command}`) }));
  try {
    await ctx.api.setMyCommands(commands, { scope: { type: 'chat', chat_id: chatId } });
  } catch {
    // The menu is a convenience: the language is already saved and every reply already uses it,
    // so a failed menu update must not turn the switch into an error. The next switch retries.
  }
}
