import type { Content } from 'pdfmake';
import { z } from 'zod';
import { defineDocumentKind } from '../documents.kinds.ts';
import { docText, section } from './common.ts';

const rowSchema = z
  .object({
    name: docText(200),
    /** A number, or a text result ("отрицательно", "не обнаружено"). */
    value: z.union([z.number().finite(), docText(100)]),
    unit: docText(40).nullish(),
    /** The reference range: low and/or high for a number, or a text ("отрицательно"). */
    low: z.number().finite().nullish(),
    high: z.number().finite().nullish(),
    reference: docText(100).nullish(),
  })
  .refine((r) => r.low == null || r.high == null || r.low <= r.high, {
    message: 'the range ends below its start',
    path: ['high'],
  });
export type LabRow = z.output<typeof rowSchema>;

/** Where a result stands against its range: below, above, or within (or no range to tell). */
export function labFlag(row: LabRow): 'low' | 'high' | null {
  if (typeof row.value !== 'number') return null;
  if (row.low != null && row.value < row.low) return 'low';
  if (row.high != null && row.value > row.high) return 'high';
  return null;
}

/** How a number is printed in the document's language: a decimal comma, as both languages write it. */
const printed = (n: number) => String(n).replace('.', ',');

const rangeText = (row: LabRow): string => {
  if (row.reference) return row.reference;
  if (row.low != null && row.high != null) return `${printed(row.low)} – ${printed(row.high)}`;
  if (row.low != null) return `≥ ${printed(row.low)}`;
  if (row.high != null) return `≤ ${printed(row.high)}`;
  return '—';
};

/** Laboratory results: a table with units and reference ranges, results out of range marked. */
export const labResultsKind = defineDocumentKind({
  key: 'lab_results',
  prefix: 'АНЛ',
  fields: z.object({
    panel: docText(200),
    sampledAt: z.iso.datetime({ offset: true }).nullish(),
    rows: z.array(rowSchema).min(1).max(200),
    comment: docText().nullish(),
  }),
  title: (text, f) => (f ? text('doc-lab-title', { panel: f.panel }) : text('doc-lab-title-upload')),
  body: (text, f) => {
    const rows: Content[][] = f.rows.map((r) => {
      const flag = labFlag(r);
      const mark = flag ? ` ${flag === 'high' ? '↑' : '↓'}` : '';
      return [
        r.name,
        {
          text: `${typeof r.value === 'number' ? printed(r.value) : r.value}${mark}`,
          bold: flag !== null,
        },
        r.unit ?? '',
        rangeText(r),
        flag ? { text: text(`doc-lab-${flag}`), bold: true } : '',
      ];
    });
    return [
      ...(f.sampledAt
        ? [{ text: text('doc-lab-sampled', { at: f.sampledAt }), margin: [0, 4, 0, 0] } as Content]
        : []),
      {
        table: {
          headerRows: 1,
          widths: ['*', 70, 55, 85, 55],
          body: [
            [
              text('doc-lab-test'),
              text('doc-lab-value'),
              text('doc-lab-unit'),
              text('doc-lab-range'),
              text('doc-lab-flag'),
            ].map((t) => ({ text: t, style: 'th' })),
            ...rows,
          ],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 8, 0, 0],
      },
      ...section(text('doc-lab-comment'), f.comment),
    ];
  },
});
