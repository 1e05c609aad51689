import type { Content, TableCell } from 'pdfmake';
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
    /**
     * The laboratory's own mark for a result a range cannot judge (a text result: "обнаружено"
     * where the reference is "не обнаружено"); a number is judged against low/high.
     */
    abnormal: z.boolean().nullish(),
  })
  .refine((r) => r.low == null || r.high == null || r.low <= r.high, {
    message: 'the range ends below its start',
    path: ['high'],
  });
export type LabRow = z.output<typeof rowSchema>;

/** Where a result stands against its range: below, above, off (a text result), or within. */
export function labFlag(row: LabRow): 'low' | 'high' | 'abnormal' | null {
  if (typeof row.value === 'number') {
    if (row.low != null && row.value < row.low) return 'low';
    if (row.high != null && row.value > row.high) return 'high';
  }
  return row.abnormal ? 'abnormal' : null;
}

/** The sign beside a marked result: the direction when there is one. */
const SIGN = { low: '↓', high: '↑', abnormal: '!' } as const;

/** How a number is printed in the document's language: a decimal comma, as both languages write it. */
const printed = (n: number) => String(n).replace('.', ',');

const rangeText = (row: LabRow): string => {
  if (row.reference) return row.reference;
  if (row.low != null && row.high != null) return `${printed(row.low)} – ${printed(row.high)}`;
  if (row.low != null) return `≥ ${printed(row.low)}`;
  if (row.high != null) return `≤ ${printed(row.high)}`;
  return '—';
};

/**
 * Laboratory results: when and what was sampled, a table with units and reference ranges, every
 * result out of range in bold on a shaded row with an arrow and words (a photocopy keeps all
 * three), how many there are, and the legend under the table.
 */
export const labResultsKind = defineDocumentKind({
  key: 'lab_results',
  prefix: 'АНЛ',
  fields: z.object({
    panel: docText(200),
    /** What was examined ("венозная кровь", "моча"). */
    material: docText(100).nullish(),
    sampledAt: z.iso.datetime({ offset: true }).nullish(),
    rows: z.array(rowSchema).min(1).max(200),
    comment: docText().nullish(),
  }),
  title: (text, f) => (f ? text('doc-lab-title', { panel: f.panel }) : text('doc-lab-title-upload')),
  body: (text, f, format) => {
    const flags = f.rows.map(labFlag);
    const marked = flags.filter((flag) => flag !== null).length;
    const rows: TableCell[][] = f.rows.map((r, i) => {
      const flag = flags[i]!;
      const fillColor = flag ? '#e6e6e6' : undefined;
      const value = typeof r.value === 'number' ? printed(r.value) : r.value;
      return [
        { text: r.name, bold: flag !== null, fillColor },
        { text: flag ? `${value} ${SIGN[flag]}` : value, bold: flag !== null, fillColor },
        { text: r.unit ?? '', fillColor },
        { text: rangeText(r), fillColor },
        { text: flag ? text(`doc-lab-${flag}`) : '', bold: true, fillColor },
      ];
    });
    return [
      ...(f.material ? [{ text: text('doc-lab-material', { material: f.material }) } as Content] : []),
      ...(f.sampledAt
        ? [{ text: text('doc-lab-sampled', { at: format.dateTime(f.sampledAt) }) } as Content]
        : []),
      {
        text: marked
          ? text('doc-lab-marked', { count: marked, total: f.rows.length })
          : text('doc-lab-none-marked'),
        bold: marked > 0,
        margin: [0, 4, 0, 0],
      },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: ['*', 78, 48, 82, 78],
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
        margin: [0, 6, 0, 0],
      },
      { text: text('doc-lab-legend'), style: 'note', margin: [0, 3, 0, 0] },
      ...section(text('doc-lab-comment'), f.comment),
    ];
  },
});
