import { z } from 'zod';
import { defineDocumentKind } from '../documents.kinds.ts';
import { diagnosisLine, diagnosisSchema, docDate, docText, label, section, validUntil } from './common.ts';

/** A referral: to a specialist, for tests, or for hospitalisation (form 001-3/у's content). */
export const referralKind = defineDocumentKind({
  key: 'referral',
  prefix: 'НАП',
  fields: z.object({
    to: z.enum(['specialist', 'tests', 'hospitalisation']),
    /** To whom or where: "кардиологу", "в ГКБ №7, кардиология". */
    target: docText(300),
    /** For tests: each one to take. */
    tests: z.array(docText(200)).max(50).default([]),
    diagnosis: diagnosisSchema.nullish(),
    reason: docText(1000),
    urgency: z.enum(['planned', 'urgent']).default('planned'),
    validUntil: docDate.nullish(),
  }),
  title: (text, f) => text(`doc-referral-title-${f?.to ?? 'specialist'}`),
  body: (text, f) => [
    ...section(text('doc-referral-target'), f.target),
    ...(f.tests.length ? [label(text('doc-referral-tests')), { ol: f.tests }] : []),
    ...section(text('doc-diagnosis'), f.diagnosis ? diagnosisLine(f.diagnosis) : null),
    ...section(text('doc-referral-reason'), f.reason),
    {
      text: [
        { text: `${text('doc-referral-urgency')}: `, style: 'label' },
        { text: text(`doc-referral-urgency-${f.urgency}`), bold: f.urgency === 'urgent' },
      ],
      margin: [0, 8, 0, 0],
    },
    ...validUntil(text, f.validUntil),
  ],
});
