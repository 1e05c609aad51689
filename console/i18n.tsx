import { FluentBundle, FluentNumber, FluentResource, type FluentVariable } from '@fluent/bundle';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import kkErrors from '../locales/kk/errors.ftl?raw';
import ruErrors from '../locales/ru/errors.ftl?raw';

/**
 * Russian and Kazakh, from the same Fluent files as the bot: console.ftl for the console's own
 * words, errors.ftl for the API's domain errors (shared with the bot, so a new error code is
 * translated once). Both languages are in the bundle: a few kilobytes, and switching is instant.
 */
export const LANGUAGES = ['ru', 'kk'] as const;
export type Language = (typeof LANGUAGES)[number];

function bundle(language: Language, ...sources: string[]): FluentBundle {
  const b = new FluentBundle(language === 'kk' ? 'kk-KZ' : 'ru-RU', { useIsolating: false });
  for (const source of sources) b.addResource(new FluentResource(source));
  return b;
}

// console.ftl and one console-<page>.ftl per page that has many words of its own (so that pages
// written side by side do not all edit one file). A lazily loaded page keeps its words in
// console-<page>.lazy.ftl and adds them with addStrings when its chunk arrives (see below).
// (Vite reads the options where they stand: they must be written out in each call.)
const ruConsole = Object.values(
  import.meta.glob<string>(['../locales/ru/console*.ftl', '!**/*.lazy.ftl'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
);
const kkConsole = Object.values(
  import.meta.glob<string>(['../locales/kk/console*.ftl', '!**/*.lazy.ftl'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
);

const bundles: Record<Language, FluentBundle> = {
  // The console's files last: where they word an error for staff, their message wins over errors.ftl's.
  ru: bundle('ru', ruErrors, ...ruConsole),
  kk: bundle('kk', kkErrors, ...kkConsole),
};

/**
 * The words of a page loaded lazily (console-<page>.lazy.ftl), added by its chunk as it loads, so
 * they stay out of the console's first load like the page's code. Messages are looked up at each
 * call, so a translator made before sees them too.
 */
export function addStrings(sources: Record<Language, string>): void {
  for (const language of LANGUAGES) bundles[language].addResource(new FluentResource(sources[language]));
}

export type Args = Record<string, FluentVariable>;

/**
 * The locale that writes the console's digits (numbers, sums, dates) in both languages. Kazakh
 * writes them as Russian does ("12 000,5", "01.12.2026, 16:45"), but browsers' Kazakh data is
 * patchy: Chromium says it supports kk-KZ, then writes "12,000" and "2026-12-01" (or "M12").
 */
export const DIGITS_LOCALE = 'ru-RU';

/** A number argument of a message, written with DIGITS_LOCALE whatever the bundle's language. */
class Digits extends FluentNumber {
  override toString(): string {
    return new Intl.NumberFormat(DIGITS_LOCALE, this.opts).format(this.value);
  }
}

const withDigits = (args: Args | undefined): Args | undefined =>
  args &&
  Object.fromEntries(
    Object.entries(args).map(([name, value]) => [
      name,
      typeof value === 'number' ? new Digits(value) : value,
    ]),
  );

export interface Translator {
  language: Language;
  /** The message, or the key itself when there is none (the parity test keeps that from happening). */
  t(key: string, args?: Args): string;
  has(key: string): boolean;
  /** A date and time as this language writes them. */
  dateTime(value: Date): string;
}

function translator(language: Language): Translator {
  const b = bundles[language];
  // Digits only, the same in both languages (see DIGITS_LOCALE): browsers' Kazakh dates are patchy.
  const format = new Intl.DateTimeFormat(DIGITS_LOCALE, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return {
    language,
    t(key, args) {
      const message = b.getMessage(key);
      return message?.value ? b.formatPattern(message.value, withDigits(args)) : key;
    },
    has: (key) => b.hasMessage(key),
    dateTime: (value) => format.format(value),
  };
}

const STORED = 'emhana.console.language';

/** The language chosen before on this browser, else the browser's own if it is Kazakh, else Russian. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED);
  if (stored === 'ru' || stored === 'kk') return stored;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('kk')) ? 'kk' : 'ru';
}

const I18nContext = createContext<{ tr: Translator; setLanguage(language: Language): void } | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
    localStorage.setItem(STORED, language);
  }, [language]);
  const value = useMemo(() => ({ tr: translator(language), setLanguage }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The translator of the chosen language. */
export const useT = () => useI18n().tr;
