import type { Language } from './localized.ts';

/**
 * 1 200 000 tiyn → "12 000 ₸" (tiyn shown only when there are some). The space before ₸ is a
 * no-break one, like the digit groups' (U+00A0), so a line never ends in a number with its ₸ on the next.
 */
export function formatTiyn(tiyn: number, language: Language): string {
  const tenge = tiyn / 100;
  const digits = new Intl.NumberFormat(language === 'kk' ? 'kk-KZ' : 'ru-RU', {
    minimumFractionDigits: Number.isInteger(tenge) ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(tenge);
  return `${digits}\u00a0₸`;
}
