import type { Language } from './localized.ts';

/**
 * Whose digits each language's sums are written with. Kazakh writes them as Russian does
 * ("12 000,5"), and Russian's data is the one every runtime has in full: Chromium says it supports
 * kk-KZ, then writes "12,000" (the console formats sums with this too).
 */
const DIGITS: Record<Language, string> = { ru: 'ru-RU', kk: 'ru-RU' };

/**
 * 1 200 000 tiyn → "12 000 ₸" (tiyn shown only when there are some). The space before ₸ is a
 * no-break one, like the digit groups' (U+00A0), so a line never ends in a number with its ₸ on the next.
 */
export function formatTiyn(tiyn: number, language: Language): string {
  const tenge = tiyn / 100;
  const digits = new Intl.NumberFormat(DIGITS[language], {
    minimumFractionDigits: Number.isInteger(tenge) ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(tenge);
  return `${digits}\u00a0₸`;
}
