/**
 * Names as people write them in Kazakhstan: Cyrillic (with Kazakh letters) or Latin words joined
 * by spaces, hyphens or apostrophes, up to 60 characters. Capitalisation is normalised
 * ("АХМЕТОВА" and "ахметова" both become "Ахметова").
 */
const NAME = /^[\p{Script=Cyrillic}\p{Script=Latin}]+(?:[ '’-][\p{Script=Cyrillic}\p{Script=Latin}]+)*$/u;

export function normalizePersonName(input: string): string | null {
  const cleaned = input.trim().replace(/\s+/g, ' ');
  if (cleaned.length < 1 || cleaned.length > 60 || !NAME.test(cleaned)) return null;
  return cleaned
    .split(/([ '’-])/)
    .map((part) =>
      part.length > 1
        ? part[0]!.toLocaleUpperCase('ru') + part.slice(1).toLocaleLowerCase('ru')
        : part.toLocaleUpperCase('ru'),
    )
    .join('');
}
