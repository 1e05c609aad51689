import { formatTiyn } from '../../shared/money.ts';
import type { Translator } from '../i18n.tsx';

/** A sum in tiyn as this language writes it ("12 000 ₸"), the bot's own formatting. */
export const money = (tr: Translator, tiyn: number) => formatTiyn(tiyn, tr.language);

/** What a staff member types in tenge ("12000", "12 000,50") → tiyn; null when it is not a sum. */
export function tiynOf(text: string): number | null {
  const normalized = text.replace(/[\s\u00a0₸]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(normalized)) return null;
  return Math.round(Number(normalized) * 100);
}

/** Tiyn → the tenge a form field shows ("12000", "12000.5"). */
export const tengeText = (tiyn: number) => String(tiyn / 100);
