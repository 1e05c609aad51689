import type { Language } from '../shared/localized.ts';
import { utcToZoned } from '../shared/zoned-time.ts';

/** Escapes text that goes into an HTML-formatted message (names are typed by people). */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const LOCALES: Record<Language, string> = { ru: 'ru-RU', kk: 'kk-KZ' };

/** 17.05.1990 in both languages (the format people in Kazakhstan write dates in). */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/** "3 декабря" / "3 желтоқсан" for a calendar date ("2026-12-03"); with the weekday "чт, 3 декабря" / "3 желтоқсан, бс". */
export function formatDay(date: string, language: Language, options: { weekday?: boolean } = {}): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    weekday: options.weekday ? 'short' : undefined,
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** "09:30" on the 24-hour clock in the given zone (built by hand: no locale's default can turn it to 12-hour). */
export function formatTime(at: Date, timeZone: string): string {
  const { minutes } = utcToZoned(at.getTime(), timeZone);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * How an instant reads in a message, in the branch's zone and the reader's language:
 * - `datetime` "3 декабря, 19:05" / "3 желтоқсан, 19:05" (the default: no year, no zeros, as people say it);
 * - `day` adds the weekday: "чт, 3 декабря, 19:05" / "3 желтоқсан, бс, 19:05" (cards, lists, buttons);
 * - `date` "3 декабря" and `time` "19:05", to place inside a sentence ("начался в 19:05, 3 декабря").
 * Visits are at most weeks away, so the year would only be noise. Every date a patient or the staff
 * reads in a sentence goes through here, so they all read alike.
 */
export type WhenStyle = 'datetime' | 'day' | 'date' | 'time';

export function formatWhen(
  at: Date,
  timeZone: string,
  language: Language,
  style: WhenStyle = 'datetime',
): string {
  const time = formatTime(at, timeZone);
  if (style === 'time') return time;
  const date = formatDay(utcToZoned(at.getTime(), timeZone).date, language, { weekday: style === 'day' });
  return style === 'date' ? date : `${date}, ${time}`;
}

/** One formatter for the bot, the console and the documents (shared/person-name.ts). */
export { fullName } from '../shared/person-name.ts';
