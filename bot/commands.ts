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

/** The menu with each command described by `t` (which translates into the menu's language). */
export const menuCommands = (t: (key: string) => string) =>
  MENU_COMMANDS.map((command) => ({ command, description: t(`cmd-${command}`) }));

/**
 * Gives this chat a menu in the language the update is now served in (call it after the locale
 * was renegotiated). The global menus follow the Telegram client's language, which need not be
 * the one chosen in the bot; a chat-scoped menu wins over them in Telegram, so the menu changes
 * at once, whatever the client's language.
 */
export async function setChatMenu(ctx: BaseContext): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  try {
    await ctx.api.setMyCommands(
      menuCommands((key) => ctx.t(key)),
      { scope: { type: 'chat', chat_id: chatId } },
    );
  } catch {
    // The menu is a convenience: the language is already saved and every reply already uses it,
    // so a failed menu update must not turn the switch into an error. The next switch retries.
  }
}
