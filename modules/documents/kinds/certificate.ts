import type { Content } from 'pdfmake';
import { z } from 'zod';
import { defineDocumentKind } from '../documents.kinds.ts';
import {
  diagnosisLine,
  diagnosisSchema,
  docDate,
  docText,
  printedDate,
  section,
  validUntil,
} from './common.ts';

/**
 * A medical certificate with its form number (075/у for work or study, 086/у for university
 * applicants, 027/у an extract from the record, 095/у a student's sick note, or any other the clinic
 * issues) and what it is for ("для предоставления по месту работы").
 */
export const certificateKind = defineDocumentKind({
  key: 'certificate',
  prefix: 'СПР',
  fields: z.object({
    form: z
      .string()
      .trim()
      .regex(/^\d{3}(-\d)?\/у$/, 'a form number such as 075/у'),
    purpose: docText(300),
    conclusion: docText(2000),
    diagnosis: diagnosisSchema.nullish(),
    /** A period the certificate speaks of (a sick note's days off). */
    period: z
      .object({ from: docDate, to: docDate })
      .refine((p) => p.to >= p.from, { message: 'the period ends before it starts', path: ['to'] })
      .nullish(),
    validUntil: docDate.nullish(),
  }),
  title: (text, f) => text('doc-certificate-title', { form: f?.form ?? '' }),
  form: (f) => f.form,
  body: (text, f) =>
    [
      // What the certificate is for, framed: the first thing an employer or a school looks for.
      {
        table: {
          widths: ['*'],
          body: [
            [
              {
                text: [
                  { text: `${text('doc-certificate-purpose')}: `, bold: true },
                  { text: f.purpose, bold: true },
                ],
                fontSize: 11,
                margin: [6, 4, 6, 4],
              },
            ],
          ],
        },
        margin: [0, 8, 0, 4],
      } as Content,
      section(text('doc-diagnosis'), f.diagnosis ? diagnosisLine(f.diagnosis) : null),
      section(
        text('doc-certificate-period'),
        f.period
          ? text('doc-period', { from: printedDate(f.period.from), to: printedDate(f.period.to) })
          : null,
      ),
      section(text('doc-certificate-conclusion'), f.conclusion),
      validUntil(text, f.validUntil),
    ].flat(),
});
