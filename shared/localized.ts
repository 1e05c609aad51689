import { z } from 'zod';

export const LANGUAGES = ['ru', 'kk'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text the clinic writes in both languages. Kazakh is a first language here, never optional. */
export interface Localized {
  ru: string;
  kk: string;
}

export const localizedSchema = (max = 200) =>
  z.object({
    ru: z.string().trim().min(1, 'the Russian text is required').max(max),
    kk: z.string().trim().min(1, 'the Kazakh text is required').max(max),
  });

export function pick(text: Localized, language: Language): string {
  return text[language];
}
