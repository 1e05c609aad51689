import { createHash } from 'node:crypto';
import { UploadError, type UploadedDocument, uploadDocument } from 'emhana/client';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mergeHooks, modules } from '../../server/modules.ts';
import { defineModule } from '../../shared/module.ts';
import { localDate } from '../../shared/time.ts';
import { serviceToken, startTestApp, type TestApp } from '../../tests/support/app.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { defineDocumentKind, type UploadDescription } from './index.ts';

/**
 * Staff upload files from labs and other systems: the bytes decide the type, the size is bounded
 * while the body streams, the SHA-256 is the file's; and another module adds kinds of its own.
 */

/**
 * A module that is not in the list (an insurer's) plugging in kinds of its own — through the
 * `documentKinds` hook point of its own description, with nothing of modules/documents edited: a
 * guarantee letter staff issue, and a kind that is only ever uploaded (an insurer's report).
 */
const guaranteeKind = defineDocumentKind({
  key: 'insurer_guarantee',
  prefix: 'ГП',
  fields: z.object({ service: z.string().min(1), amount: z.string().min(1) }),
  title: (_text, fields) => (fields ? `Гарантийное письмо: ${fields.service}` : 'Гарантийное письмо'),
  body: (_text, fields) => [{ text: `Страховая оплатит: ${fields.service}, ${fields.amount}` }],
});
const insurerReportKind = defineDocumentKind({
  key: 'insurer_report',
  prefix: 'СТР',
  fields: null,
  title: () => 'Отчёт страховой',
  body: () => [],
});
const insurerModule = defineModule({
  name: 'insurer',
  entities: [],
  hooks: { documentKinds: [guaranteeKind, insurerReportKind] },
});

const MB = 1024 * 1024;
let t: TestApp;
let tokens: Record<'registrar' | 'doctor' | 'operator' | 'marketer', string>;
beforeAll(async () => {
  t = await startTestApp({ DOCUMENT_MAX_UPLOAD_MB: '1' }, { hooks: mergeHooks([...modules, insurerModule]) });
  tokens = {
    registrar: await t.tokenFor('registrar'),
    doctor: await t.tokenFor('doctor'),
    operator: await t.tokenFor('operator'),
    marketer: await t.tokenFor('marketer'),
  };
});
afterAll(() => t.stop());

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
]);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** A PDF of exactly `size` bytes. */
const pdfOfSize = (size: number) => {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(PDF);
  return bytes;
};

const upload = (
  description: UploadDescription,
  file: Blob | Uint8Array<ArrayBuffer>,
  token = tokens.registrar,
): Promise<UploadedDocument> => uploadDocument({ url: t.url, token }, description, file);

async function refusal(call: Promise<unknown>): Promise<UploadError> {
  const error = await call.then(
    () => expect.fail('the upload was expected to be refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UploadError);
  return error as UploadError;
}

const db = () => t.app.orm.em.fork().getConnection();
const storedFiles = async () =>
  ((await db().execute('select count(*)::int as n from documents_file')) as { n: number }[])[0]!.n;
const storedBytes = async (documentId: number) => {
  const [row] = (await db().execute(
    `select f.bytes, d.verify_code from documents_file f join documents_document d on d.file_key = f.key
      where d.id = ?`,
    [documentId],
  )) as { bytes: Buffer; verify_code: string }[];
  return { bytes: new Uint8Array(row!.bytes), verifyCode: row!.verify_code };
};

let nextTelegramId = 8_300_000;
const patient = async (language: 'ru' | 'kk' = 'ru') =>
  (await registerPatient(t.app, ++nextTelegramId, { language })).id;

describe('uploading a file', () => {
  it('keeps a PDF, a JPEG and a PNG as they came, typed by their bytes, with their SHA-256', async () => {
    const patientId = await patient('kk');
    const files = [
      { bytes: PDF, mimeType: 'application/pdf', extension: 'pdf', kind: 'lab_results' },
      { bytes: JPEG, mimeType: 'image/jpeg', extension: 'jpg', kind: 'visit_summary' },
      // Sent as a Blob claiming to be a PDF: the name and the declared type count for nothing.
      {
        bytes: new Blob([PNG], { type: 'application/pdf' }),
        mimeType: 'image/png',
        extension: 'png',
        kind: 'referral',
      },
    ] as const;
    for (const file of files) {
      const bytes = file.bytes instanceof Blob ? new Uint8Array(await file.bytes.arrayBuffer()) : file.bytes;
      const doc = await upload({ patientId, kind: file.kind, title: `ОАК ${file.extension}` }, file.bytes);
      expect(doc).toMatchObject({
        patientId,
        kind: file.kind,
        title: `ОАК ${file.extension}`,
        source: 'uploaded',
        status: 'valid',
        language: 'kk',
        mimeType: file.mimeType,
        sizeBytes: bytes.byteLength,
        sha256: sha256(bytes),
        issueDate: localDate(t.clock.now(), 'Asia/Almaty'),
      });
      expect(doc.fileName).toBe(`${doc.number}.${file.extension}`);
      // Stored byte for byte (no QR stamped on a lab's file), with a code for the verification page.
      const stored = await storedBytes(doc.id);
      expect(sha256(stored.bytes)).toBe(doc.sha256);
      expect(stored.verifyCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    }
    const listed = await t.client(tokens.doctor).documents.staff.list.query({ patientId });
    expect(listed.map((d) => d.mimeType).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
  });

  it('takes a file of exactly the limit, the lab’s date, and a kind only ever uploaded', async () => {
    const patientId = await patient();
    const doc = await upload(
      { patientId, kind: 'insurer_report', issueDate: '2026-01-15', language: 'ru' },
      pdfOfSize(MB),
    );
    expect(doc).toMatchObject({ sizeBytes: MB, issueDate: '2026-01-15', title: 'Отчёт страховой' });
    expect(doc.number).toMatch(/^СТР-2026-\d{6}$/);
  });

  it('refuses a text file named .pdf, an empty file and a date to come, and keeps nothing', async () => {
    const patientId = await patient();
    const before = await storedFiles();
    const text = new File(['Результаты: всё в норме'], 'results.pdf', { type: 'application/pdf' });
    const wrongType = await refusal(upload({ patientId, kind: 'lab_results' }, text));
    expect(wrongType).toMatchObject({ status: 400, domain: { module: 'documents', code: 'file_type' } });
    const empty = await refusal(upload({ patientId, kind: 'lab_results' }, new Uint8Array()));
    expect(empty.domain?.code).toBe('file_empty');
    const tomorrow = localDate(new Date(t.clock.now().getTime() + 86_400_000), 'Asia/Almaty');
    const future = await refusal(upload({ patientId, kind: 'lab_results', issueDate: tomorrow }, PDF));
    expect(future.domain).toMatchObject({ code: 'issue_date_future' });
    const unknown = await refusal(upload({ patientId, kind: 'horoscope' }, PDF));
    expect(unknown.domain?.code).toBe('kind_unknown');
    const noPatient = await refusal(upload({ patientId: 999_999, kind: 'lab_results' }, PDF));
    expect(noPatient).toMatchObject({ status: 404, domain: { code: 'patient_not_found' } });
    expect(await storedFiles()).toBe(before);
    expect(await t.client(tokens.registrar).documents.staff.list.query({ patientId })).toEqual([]);
  });

  it('refuses a file a byte over the limit, with the limit stated, declared or streamed, storing nothing', async () => {
    const patientId = await patient();
    const before = await storedFiles();
    const declared = await refusal(upload({ patientId, kind: 'lab_results' }, pdfOfSize(MB + 1)));
    expect(declared).toMatchObject({ status: 400, domain: { code: 'file_too_large', params: { maxMb: 1 } } });
    // Without a Content-Length (chunked), the body is cut off as it streams past the limit.
    const chunks = [pdfOfSize(MB / 2), new Uint8Array(MB / 2), new Uint8Array(1)];
    const streamed = await fetch(`${t.url}/documents/upload?patientId=${patientId}&kind=lab_results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.registrar}` },
      body: new ReadableStream({
        pull: (controller) => {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(400);
    expect(await streamed.json()).toMatchObject({
      error: { domain: { code: 'file_too_large', params: { maxMb: 1 } } },
    });
    expect(await storedFiles()).toBe(before);
    expect(await t.client(tokens.registrar).documents.staff.list.query({ patientId })).toEqual([]);
  });

  it('is for those who issue documents: not the call desk, not marketing, not without a token', async () => {
    const patientId = await patient();
    const description = { patientId, kind: 'lab_results' };
    expect((await refusal(upload(description, PDF, tokens.operator))).status).toBe(403);
    expect((await refusal(upload(description, PDF, tokens.marketer))).status).toBe(403);
    expect((await refusal(upload(description, PDF, ''))).status).toBe(401);
    expect((await refusal(upload(description, PDF, 'not-a-token'))).status).toBe(401);
    const botToken = await serviceToken(t.app, 'bot');
    expect((await refusal(upload(description, PDF, botToken))).status).toBe(403);
    expect((await upload(description, PDF, tokens.doctor)).source).toBe('uploaded');
    // The API's own body limit stays small: a megabyte of JSON is still refused there.
    const json = await fetch(`${t.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { username: 'x', password: 'y'.repeat(2 * MB) } }),
    });
    expect(json.status).toBe(413);
  });
});

describe('a kind another module plugs in', () => {
  it('is issued from its own fields with its own page, listed and numbered, documents untouched', async () => {
    const patientId = await patient();
    const registrar = t.client(tokens.registrar);
    const issued = await registrar.documents.staff.issue.mutate({
      patientId,
      kind: 'insurer_guarantee',
      fields: { service: 'Консультация терапевта', amount: '12 500 ₸' },
    });
    expect(issued).toMatchObject({
      kind: 'insurer_guarantee',
      title: 'Гарантийное письмо: Консультация терапевта',
      source: 'generated',
    });
    expect(issued.number).toMatch(/^ГП-\d{4}-\d{6}$/);
    const pdf = await getDocumentProxy((await storedBytes(issued.id)).bytes);
    expect((await extractText(pdf, { mergePages: true })).text).toContain(
      'Страховая оплатит: Консультация терапевта, 12 500 ₸',
    );
    const [listed] = await registrar.documents.staff.list.query({ patientId });
    expect(listed).toMatchObject({ id: issued.id, title: 'Гарантийное письмо: Консультация терапевта' });
  });

  it('is unknown to an app without that module', async () => {
    const plain = await startTestApp();
    try {
      const patientId = (await registerPatient(plain.app, 8_399_999)).id;
      const seen = await uploadDocument(
        { url: plain.url, token: await plain.tokenFor('registrar') },
        { patientId, kind: 'insurer_report' },
        PDF,
      ).catch((e: unknown) => e as UploadError);
      expect(seen).toMatchObject({ domain: { code: 'kind_unknown' } });
    } finally {
      await plain.stop();
    }
  });
});

describe('deleting a patient’s data', () => {
  it('keeps her documents as medical records and ends the download links made out to her Telegram', async () => {
    const telegramUserId = ++nextTelegramId;
    const patientId = (await registerPatient(t.app, telegramUserId)).id;
    const doc = await upload({ patientId, kind: 'lab_results', title: 'ОАК' }, PDF);
    await db().execute(
      `insert into documents_link (id, document_id, telegram_user_id, created_at, expires_at)
       values (gen_random_uuid(), ?, ?, now(), now() + interval '48 hours')`,
      [doc.id, telegramUserId],
    );
    const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId });
    await bot.patients.profile.deleteMyData({ confirm: true });
    const kept = await t.client(tokens.registrar).documents.staff.list.query({ patientId });
    expect(kept).toMatchObject([{ id: doc.id, status: 'valid', sha256: doc.sha256 }]);
    const links = (await db().execute('select count(*)::int as n from documents_link where document_id = ?', [
      doc.id,
    ])) as { n: number }[];
    expect(links[0]!.n).toBe(0);
  });
});
