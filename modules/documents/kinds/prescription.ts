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
      table: {
        headerRows: 1,
        widths: [16, '*', 70, '*', 50],
        body: [
          ['№', text('doc-rx-drug'), text('doc-rx-dose'), text('doc-rx-frequency'), text('doc-rx-days')].map(
            (t) => ({ text: t, style: 'th' }),
          ),
          ...f.items.map((item, i) => [
            String(i + 1),
            item.notes ? { text: [item.drug, { text: `\n${item.notes}`, style: 'note' }] } : item.drug,
            item.dose,
            item.frequency,
            item.durationDays ? String(item.durationDays) : '—',
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    ...validUntil(text, f.validUntil),
  ],
});
