import type { Language } from '../shared/localized.ts';

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

export function formatDateTime(at: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

export function fullName(p: {
  lastName: string | null;
  firstName: string | null;
  middleName?: string | null;
}): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}
