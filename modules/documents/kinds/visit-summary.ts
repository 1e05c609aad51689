import { z } from 'zod';
import { defineDocumentKind } from '../documents.kinds.ts';
import { diagnosisLine, diagnosisSchema, docText, section } from './common.ts';

/** A consultation's conclusion: what the patient came with, what the doctor found and advises. */
export const visitSummaryKind = defineDocumentKind({
  key: 'visit_summary',
  prefix: 'ЗАК',
  fields: z.object({
    complaints: docText().nullish(),
    anamnesis: docText().nullish(),
    examination: docText().nullish(),
    diagnosis: diagnosisSchema,
    recommendations: docText(4000),
  }),
  title: (text) => text('doc-visit-summary-title'),
  body: (text, f) =>
    [
      section(text('doc-summary-complaints'), f.complaints),
      section(text('doc-summary-anamnesis'), f.anamnesis),
      section(text('doc-summary-examination'), f.examination),
      section(text('doc-diagnosis'), diagnosisLine(f.diagnosis)),
      section(text('doc-summary-recommendations'), f.recommendations),
    ].flat(),
});
