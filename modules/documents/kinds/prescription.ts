import { z } from 'zod';
import { defineDocumentKind } from '../documents.kinds.ts';
import { diagnosisLine, diagnosisSchema, docDate, docText, label, section, validUntil } from './common.ts';

/** A prescription: each medicine with its dose, how often and how long. */
export const prescriptionKind = defineDocumentKind({
  key: 'prescription',
  prefix: 'РЕЦ',
  fields: z.object({
    items: z
      .array(
        z.object({
          /** International non-proprietary name first, as Kazakhstan's rules ask. */
          drug: docText(200),
          dose: docText(100),
          frequency: docText(200),
          durationDays: z.number().int().min(1).max(365).nullish(),
          notes: docText(300).nullish(),
        }),
      )
      .min(1)
      .max(20),
    diagnosis: diagnosisSchema.nullish(),
    validUntil: docDate.nullish(),
  }),
  title: (text) => text('doc-prescription-title'),
  body: (text, f) => [
    ...section(text('doc-diagnosis'), f.diagnosis ? diagnosisLine(f.diagnosis) : null),
    label(text('doc-prescription-items')),
    {
      // One row per medicine, never split across pages; the header repeats on the next page.
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [18, '*', 62, 150, 36],
        body: [
          ['№', text('doc-rx-drug'), text('doc-rx-dose'), text('doc-rx-frequency'), text('doc-rx-days')].map(
            (t) => ({ text: t, style: 'th' }),
          ),
          ...f.items.map((item, i) => [
            `${i + 1}.`,
            {
              text: [
                { text: item.drug, bold: true },
                ...(item.notes ? [{ text: `\n${item.notes}`, style: 'note' }] : []),
              ],
            },
            item.dose,
            item.frequency,
            { text: item.durationDays ? String(item.durationDays) : '—', alignment: 'center' as const },
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    ...validUntil(text, f.validUntil),
  ],
});
