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

/** Kazakh letters as they are often typed on a Russian keyboard (Нұрлан → Нурлан). */
const KAZAKH_ON_RUSSIAN_KEYBOARD: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
};

/** Kazakh letters and ё as they are often typed on a Russian keyboard. */
const PLAIN: Record<string, string> = { ...KAZAKH_ON_RUSSIAN_KEYBOARD, ё: 'е' };

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

/**
 * The search skeleton (see searchWords). Every spelling of a sound is folded to one Cyrillic
 * letter or pair, so the Kazakh, Russian and Latin spellings of a name meet:
 * - Kazakh letters → the Russian-keyboard letter people type for them (Нұрлан = Нурлан);
 * - й, ы, і, и → и and я → иа, ю → иу: Latin spellings do not tell them apart (Aliya, Aliia and
 *   Алия all become «алиа» once repeats are collapsed; Aidar = Aydar = Айдар);
 * - ё, э → е; щ → ш; ь, ъ dropped (Latin spellings drop them: Tatyana = Татьяна);
 * - дж → ж (Джанар = Жанар = Janar = Zhanar).
 * A small explicit table rather than a transliteration library: the libraries each implement one
 * standard (ICAO, GOST, the Kazakh Latin alphabet) in one direction, and a receptionist types
 * whichever she knows, so what is needed is the equivalence between them, which is this.
 */
const CYRILLIC_SKELETON: Record<string, string> = {
  ...KAZAKH_ON_RUSSIAN_KEYBOARD,
  й: 'и',
  ы: 'и',
  ё: 'е',
  э: 'е',
  я: 'иа',
  ю: 'иу',
  щ: 'ш',
  ь: '',
  ъ: '',
};

/**
 * Latin spellings read into the skeleton, longest first: passports (ICAO: ZH, KH, TS, CH, SH,
 * SHCH, IA, IU), the Russian habit (YA, YU, YE, YO), the Kazakh Latin alphabet of 2021 (J = ж,
 * Q = қ, H = х, and ä ö ü ū ğ ş ç ñ ı, see LATIN_MARKED) and English (J, DJ for дж).
 */
const LATIN_PAIRS: [string, string][] = [
  ['shch', 'ш'],
  ['dzh', 'ж'],
  ['sch', 'ш'],
  ['zh', 'ж'],
  ['dj', 'ж'],
  ['kh', 'х'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['ts', 'ц'],
  ['gh', 'г'],
  ['ph', 'ф'],
  ['ye', 'е'],
  ['yo', 'е'],
  ['ya', 'иа'],
  ['yu', 'иу'],
];
const LATIN_SINGLE: Record<string, string> = {
  a: 'а',
  b: 'б',
  c: 'к',
  d: 'д',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'х',
  i: 'и',
  j: 'ж',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  q: 'к',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  v: 'в',
  w: 'в',
  x: 'кс',
  y: 'и',
  z: 'з',
};
/** Marked Latin letters whose mark changes the sound; the other marks are simply dropped (ä → a). */
const LATIN_MARKED: Record<string, string> = { ş: 'sh', ç: 'ch', ı: 'i' };

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN_LOOK_ALIKES_ONLY = /^[abcehikmoptxy]+$/;

function cyrillicSkeleton(word: string): string {
  const plain = [...word].map((ch) => LOOK_ALIKES[ch] ?? ch).join('');
  return [...plain.replaceAll('дж', 'ж')].map((ch) => CYRILLIC_SKELETON[ch] ?? ch).join('');
}

function latinSkeleton(word: string): string {
  const plain = [...word]
    .map((ch) => LATIN_MARKED[ch] ?? ch)
    .join('')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  let out = '';
  for (let i = 0; i < plain.length; ) {
    const pair = LATIN_PAIRS.find(([latin]) => plain.startsWith(latin, i));
    if (pair) {
      out += pair[1];
      i += pair[0].length;
    } else {
      out += LATIN_SINGLE[plain[i]!] ?? plain[i];
      i += 1;
    }
  }
  return out;
}

/** Doubled letters are spelt either way (Assel = Асель, Arkadiy = Аркадий): one is kept. */
const single = (s: string) => s.replace(/(.)\1+/gu, '$1');

/**
 * Words of a name: split at spaces and hyphens (Абенова-Сейткали), apostrophes and anything else
 * that is not a letter dropped (so a typed % or _ never reaches a LIKE pattern).
 */
const wordsOf = (text: string): string[] =>
  text
    .toLocaleLowerCase('ru')
    .split(/[\s\-‐‑–—]+/)
    .map((w) => w.replace(/[^\p{L}\p{M}]/gu, ''))
    .filter(Boolean);

/**
 * Every reading of a typed word in the search skeleton: a word with any Cyrillic letter is
 * Cyrillic (its Latin letters are look-alikes typed by mistake: KOPOЛEB); a Latin word is a
 * transliteration (Abenov, Zhanar), and when it has only look-alike letters (AXMETOB) it may also
 * be Cyrillic typed on the wrong keyboard, so both readings are given.
 */
export function searchReadings(word: string): string[] {
  const [lower] = wordsOf(word);
  if (!lower) return [];
  if (CYRILLIC.test(lower)) return [single(cyrillicSkeleton(lower))];
  const readings = [single(latinSkeleton(lower))];
  if (LATIN_LOOK_ALIKES_ONLY.test(lower)) readings.push(single(cyrillicSkeleton(lower)));
  return [...new Set(readings)];
}

/** The words of a typed or stored name, each in its first search reading (see searchReadings). */
export const searchWords = (text: string): string[] =>
  wordsOf(text)
    .map((w) => searchReadings(w)[0] ?? '')
    .filter(Boolean);

/**
 * What staff search a patient by: the skeleton words of the last, first and middle names, joined
 * by single spaces («Абенова-Сейтқали Жанар» → «абенова сеиткали жанар»). Stored on the patient
 * and matched word by word, so the same function must fold the stored name and the query.
 */
export const searchNameOf = (parts: readonly (string | null | undefined)[]): string =>
  parts.flatMap((part) => searchWords(part ?? '')).join(' ');

/** A person's name as written in Kazakhstan: surname, given name, patronymic (when there is one). */
export const fullName = (p: {
  lastName: string | null;
  firstName: string | null;
  middleName?: string | null;
}): string => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
