import { InlineKeyboard } from 'grammy';
import type { Language } from '../../../shared/localized.ts';
import { addDays, datesBetween, isoWeekday } from '../../../shared/zoned-time.ts';
import { formatDay } from '../../format.ts';

const LOCALES: Record<Language, string> = { ru: 'ru-RU', kk: 'kk-KZ' };

/** "2026-12" → "декабрь 2026 г." / "2026 ж. желтоқсан". */
export function monthTitle(month: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** "2026-12-03" → "чт, 3 декабря" / "3 желтоқсан, бс". */
export function dayTitle(date: string, language: Language): string {
  return formatDay(date, language, { weekday: true });
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

export function monthDays(month: string): string[] {
  const first = `${month}-01`;
  const last = addDays(`${shiftMonth(month, 1)}-01`, -1);
  return datesBetween(first, last);
}

/**
 * The month a calendar opens on: that of the first free day, unless that month has only this one
 * free day (the last day of a month, say) and a later month has more: then the later month, with
 * the lone day offered as its own button (`lone`), rather than a grid of dots with one number.
 */
export function openingMonth(freeDays: string[], fallback: string): { month: string; lone: string | null } {
  const firstFree = freeDays[0];
  if (!firstFree) return { month: fallback, lone: null };
  const month = firstFree.slice(0, 7);
  const later = freeDays.find((d) => d.slice(0, 7) > month);
  const inMonth = freeDays.filter((d) => d.startsWith(month)).length;
  return inMonth === 1 && later ? { month: later.slice(0, 7), lone: firstFree } : { month, lone: null };
}

/**
 * A month as Telegram-style buttons: Monday-first weeks, a day with free time is a button, any
 * other day a dot that only explains itself. Navigation to the previous/next month when allowed.
 */
export function calendarKeyboard(options: {
  month: string;
  language: Language;
  freeDays: Set<string>;
  dayData: (date: string) => string;
  monthData: (month: string) => string;
  canGoBack: boolean;
  canGoForward: boolean;
  inert: string;
}): InlineKeyboard {
  const { month, language } = options;
  const keyboard = new InlineKeyboard()
    .text(
      options.canGoBack ? '‹' : ' ',
      options.canGoBack ? options.monthData(shiftMonth(month, -1)) : options.inert,
    )
    .text(monthTitle(month, language), options.inert)
    .text(
      options.canGoForward ? '›' : ' ',
      options.canGoForward ? options.monthData(shiftMonth(month, 1)) : options.inert,
    )
    .row();
  const weekday = new Intl.DateTimeFormat(LOCALES[language], { weekday: 'short', timeZone: 'UTC' });
  for (let i = 0; i < 7; i++)
    keyboard.text(weekday.format(new Date(Date.UTC(2026, 10, 30 + i))), options.inert);
  keyboard.row();
  const days = monthDays(month);
  const cells: (string | null)[] = [...Array(isoWeekday(days[0]!) - 1).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  for (let i = 0; i < cells.length; i++) {
    const date = cells[i];
    if (date && options.freeDays.has(date))
      keyboard.text(String(Number(date.slice(8))), options.dayData(date));
    else keyboard.text(date ? '·' : ' ', options.inert);
    if (i % 7 === 6) keyboard.row();
  }
  return keyboard;
}
