import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import type { Language } from '../shared/localized.ts';
import type { BaseContext } from './context.ts';

export const LOCALES_DIR = fileURLToPath(new URL('../locales', import.meta.url));

/**
 * Language of every update: the patient's saved choice, then Telegram's language_code (kk → kk),
 * then Russian. The saved choice comes from the API on each update, so a change made anywhere
 * applies to the very next message.
 */
export function languageOf(ctx: {
  account?: { language: Language | null } | undefined;
  from?: { language_code?: string };
}): Language {
  return ctx.account?.language ?? (ctx.from?.language_code?.startsWith('kk') ? 'kk' : 'ru');
}

export function createI18n(directory = LOCALES_DIR): I18n<BaseContext> {
  return new I18n<BaseContext>({
    defaultLocale: 'ru',
    directory,
    // No Unicode isolation marks around variables: they would show up in copied text and tests.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => languageOf(ctx),
  });
}
