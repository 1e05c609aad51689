import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { failure } from '../../tests/support/errors.ts';
import { makeIin } from '../../tests/support/iin.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { storedPdf } from '../../tests/support/pdf.ts';

/** Staff issue documents from structured data; the PDF says what was given, in the patient's language. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const fileText = (documentId: number) => storedPdf(t.app, documentId);

describe('issuing a generated document', () => {
  it('writes a Kazakh certificate whose text carries every Kazakh letter as typed', async () => {
    const profile = await registerPatient(t.app, 8_100_001, {
      firstName: 'Әсемгүл',
      lastName: 'Құрманғазиева',
      iin: makeIin('1995-06-15', 'female'),
      language: 'kk',
    });
    const doctor = t.app.caller({ kind: 'service', name: 'doctor', roles: ['doctor'] });
    const issued = await doctor.documents.staff.issue({
      patientId: profile.id,
      kind: 'certificate',
      fields: {
        form: '075/у',
        purpose: 'Жұмыс орнына ұсыну үшін',
        conclusion: 'Әзірге шектеу жоқ: ә, ғ, қ, ң, ө, ұ, ү, һ, і. Төлем 12 500 ₸.',
      },
    });
    expect(issued).toMatchObject({
      kind: 'certificate',
      language: 'kk',
      status: 'valid',
      mimeType: 'application/pdf',
    });
    expect(issued.number).toMatch(/^СПР-\d{4}-\d{6}$/);
    const { pages, text } = await fileText(issued.id);
    expect(pages).toBe(1);
    for (const letter of ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і', '₸']) expect(text).toContain(letter);
    expect(text).toContain('Құрманғазиева');
    expect(text).toContain('075/у');
  });

  it('refuses fields that do not fit the kind, with the field named, and files nothing', async () => {
    const profile = await registerPatient(t.app, 8_100_002, { firstName: 'Иван' });
    const doctor = t.app.caller({ kind: 'service', name: 'doctor', roles: ['doctor'] });
    const seen = await failure(
      doctor.documents.staff.issue({
        patientId: profile.id,
        kind: 'prescription',
        fields: { items: [] },
      }),
    );
    expect(seen.domain).toMatchObject({ code: 'fields_invalid', params: { path: 'items' } });
    expect(await doctor.documents.staff.list({ patientId: profile.id })).toEqual([]);
  });
});
