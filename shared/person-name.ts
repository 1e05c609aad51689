import { TEXT_LIMITS } from './text-limits.ts';

/**
 * Names as people write them in Kazakhstan: Cyrillic (with Kazakh letters) or Latin words joined
 * by spaces, hyphens or apostrophes, up to 60 characters. Capitalisation is normalised
 * ("АХМЕТОВА" and "ахметова" both become "Ахметова").
 */
const NAME = /^[\p{Script=Cyrillic}\p{Script=Latin}]+(?:[ '’-][\p{Script=Cyrillic}\p{Script=Latin}]+)*$/u;

export function normalizePersonName(input: string): string | null {
  const cleaned = input.trim().replace(/\s+/g, ' ');
  if (cleaned.length < 1 || cleaned.length > TEXT_LIMITS.personName || !NAME.test(cleaned)) return null;
  return cleaned
    .split(/([ '’-])/)
    .map((part) =>
      part.length > 1
        ? part[0]!.toLocaleUpperCase('ru') + part.slice(1).toLocaleLowerCase('ru')
        : part.toLocaleUpperCase('ru'),
    )
    .join('');
}

/** Latin letters that look like Cyrillic ones (after lower-casing), as people mix them on phones. */
const LOOK_ALIKES: Record<string, string> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  i: 'и',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
};

/** Kazakh letters and ё as they are often typed on a Russian keyboard. */
const PLAIN: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ё: 'е',
};

/**
 * A name reduced to what a person surely meant, for comparing names typed by different people:
 * case, spaces, hyphens and apostrophes ignored, Latin look-alikes read as Cyrillic, Kazakh
 * letters and ё read as their Russian-keyboard twins (Нұрлан = Нурлан, Әлия = Алия).
 */
export function nameKey(name: string): string {
  return [...name.toLocaleLowerCase('ru').replace(/[\s'’`-]+/g, '')]
    .map((ch) => LOOK_ALIKES[ch] ?? ch)
    .map((ch) => PLAIN[ch] ?? ch)
    .join('');
}

export const sameName = (a: string, b: string): boolean => nameKey(a) === nameKey(b);
