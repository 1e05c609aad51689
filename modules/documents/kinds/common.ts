import type { Content } from 'pdfmake';
import { z } from 'zod';
import type { Language } from '../../../shared/localized.ts';
import { toHhmm } from '../../../shared/time.ts';
import { utcToZoned } from '../../../shared/zoned-time.ts';
import type { DocFormat, DocText } from '../documents.kinds.ts';

/** A free text staff type into a document: trimmed, not empty, bounded. */
export const docText = (max = 2000) => z.string().trim().min(1).max(max);
/** A date printed on a document, YYYY-MM-DD. */
export const docDate = z.iso.date();

/** A diagnosis as Kazakhstan's forms carry it: the ICD-10 code when known, and the words. */
export const diagnosisSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z]\d{2}(\.\d{1,2})?$/, 'an ICD-10 code such as J06.9')
    .nullish(),
  text: docText(500),
});
export type Diagnosis = z.output<typeof diagnosisSchema>;

/** "J06.9 — Острая инфекция верхних дыхательных путей". */
export const diagnosisLine = (d: Diagnosis): string => (d.code ? `${d.code} — ${d.text}` : d.text);

/** A label above what it names (a paragraph, a list, a table). */
export const label = (text: string): Content => ({ text, style: 'label', margin: [0, 8, 0, 2] });

/** A labelled paragraph: the label bold on its own line, the text under it. */
export function section(name: string, text: string | null | undefined): Content[] {
  if (!text) return [];
  return [label(name), { text, margin: [0, 0, 0, 2] }];
}

/** "Действительно до 31.12.2026" (dd.mm.yyyy, as Kazakhstan's forms write dates). */
export const printedDate = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
};

/** Dates and times of a page in the branch's zone (DocFormat). */
export function docFormat(language: Language, timeZone: string): DocFormat {
  return {
    language,
    timeZone,
    date: printedDate,
    dateTime: (iso) => {
      const { date, minutes } = utcToZoned(Date.parse(iso), timeZone);
      return `${printedDate(date)} ${toHhmm(minutes)}`;
    },
  };
}

export const validUntil = (text: DocText, iso: string | null | undefined): Content[] =>
  iso ? [{ text: text('doc-valid-until', { date: printedDate(iso) }), margin: [0, 10, 0, 0] }] : [];
