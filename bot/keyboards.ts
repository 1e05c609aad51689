import { InlineKeyboard, Keyboard } from 'grammy';
import type { ButtonCodec } from '../shared/buttons.ts';
import type { Language } from '../shared/localized.ts';
import type { BaseContext } from './context.ts';

/** The main menu as a persistent reply keyboard, in the user's language. */
export function mainMenu(ctx: BaseContext): Keyboard {
  return new Keyboard()
    .text(ctx.t('menu-book'))
    .text(ctx.t('menu-appointments'))
    .row()
    .text(ctx.t('menu-documents'))
    .text(ctx.t('menu-payments'))
    .row()
    .text(ctx.t('menu-profile'))
    .text(ctx.t('menu-family'))
    .row()
    .text(ctx.t('menu-language'))
    .text(ctx.t('menu-help'))
    .resized()
    .persistent();
}

/** Language buttons; the one Telegram suggests comes first with a check mark. */
export function languageKeyboard(
  ctx: BaseContext,
  codec: ButtonCodec<{ language: Language }>,
  suggested: Language,
): InlineKeyboard {
  const order: Language[] = suggested === 'kk' ? ['kk', 'ru'] : ['ru', 'kk'];
  const keyboard = new InlineKeyboard();
  for (const language of order) {
    const label = ctx.t(`lang-name-${language}`);
    keyboard.text(language === suggested ? `✓ ${label}` : label, codec.data({ language }));
  }
  return keyboard;
}

export const removeKeyboard = { remove_keyboard: true } as const;
