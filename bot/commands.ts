import type { I18n } from '@grammyjs/i18n';
import type { Middleware } from 'grammy';
import type { BaseContext, BotContext } from './context.ts';

/** The `/` menu, in its order; each command's description is the locale key `cmd-<command>`. */
export const MENU_COMMANDS = [
  'start',
  'menu',
  'book',
  'appointments',
  'documents',
  'payments',
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
 * Keeps each private chat's `/` menu in the patient's language. Telegram's global menus follow the
 * language of the client, which need not be the one chosen in the bot; a menu scoped to the chat
 * wins over them. After each update, when the language the chat's menu was last set in (kept in
 * the session) is not the patient's, the chat gets its menu: so a switch at registration or in the
 * profile changes the menu at once, and a patient who chose before chats had menus of their own
 * gets one with their next message. One Bot API call per change, not per update.
 */
export function chatMenuFollowsLanguage(i18n: I18n<BaseContext>): Middleware<BotContext> {
  return async (ctx, next) => {
    await next();
    const language = ctx.account?.language;
    const chatId = ctx.chat?.type === 'private' ? ctx.chat.id : undefined;
    // A deleted account leaves no session: nothing to remember the menu in, nothing to keep.
    if (!language || chatId === undefined || !ctx.session || ctx.session.menuLanguage === language) return;
    try {
      const commands = menuCommands((key) => i18n.t(language, key));
      await ctx.api.setMyCommands(commands, { scope: { type: 'chat', chat_id: chatId } });
      ctx.session.menuLanguage = language;
    } catch {
      // The menu is a convenience: the language is saved and every reply already uses it, so a
      // failed menu update must not fail the update. The next update tries again.
    }
  };
}
