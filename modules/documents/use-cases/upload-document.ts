import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { BodyTooLarge, bodyChunks } from '../../../shared/body.ts';
import { localDate } from '../../../shared/time.ts';
import { patientLanguage } from '../../patients/index.ts';
import { type DocumentsCtx, kindOf } from '../documents.context.ts';
import { documentErrors } from '../documents.errors.ts';
import { fileTypeOf } from '../documents.files.ts';
import type { uploadInput } from '../documents.schemas.ts';
import { type DocumentView, documentView } from '../documents.views.ts';
import { docText, fileDocument, newVerifyCode, nextNumber, resolveSubject } from './issue-document.ts';

/** A request or a response: a body to read, and the headers that may declare its length. */
interface Upload {
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
}

/** The upload limit in whole megabytes, as staff are told it. */
const maxMbOf = (ctx: Pick<DocumentsCtx, 'settings'>) =>
  Math.floor(ctx.settings.documents.maxUploadBytes / (1024 * 1024));

/**
 * Reads an uploaded file once, hashing it as it arrives: with a declared length the chunks go
 * straight into one buffer of that size; without one (chunked) into a buffer that doubles, never
 * past the limit. A body over the limit stops being read at the limit (a declared length over it
 * before a byte is read): file_too_large, and nothing is kept.
 */
export async function readUpload(
  ctx: Pick<DocumentsCtx, 'settings'>,
  upload: Upload,
): Promise<{ bytes: Uint8Array; sha256: string }> {
  const maxBytes = ctx.settings.documents.maxUploadBytes;
  const declared = Number(upload.headers.get('content-length') ?? Number.NaN);
  const hash = createHash('sha256');
  let buffer = new Uint8Array(
    Number.isSafeInteger(declared) && declared >= 0 && declared <= maxBytes
      ? declared
      : Math.min(maxBytes, 256 * 1024),
  );
  let size = 0;
  try {
    for await (const chunk of bodyChunks(upload, maxBytes)) {
      hash.update(chunk);
      if (size + chunk.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(
          Math.min(maxBytes, Math.max(buffer.byteLength * 2, size + chunk.byteLength)),
        );
        grown.set(buffer.subarray(0, size));
        buffer = grown;
      }
      buffer.set(chunk, size);
      size += chunk.byteLength;
    }
  } catch (error) {
    if (error instanceof BodyTooLarge) throw documentErrors('file_too_large', { maxMb: maxMbOf(ctx) });
    throw error;
  }
  if (size === 0) throw documentErrors('file_empty');
  return { bytes: buffer.subarray(0, size), sha256: hash.digest('hex') };
}

/**
 * Staff upload a file from a lab or another system as a patient's document: PDF, JPEG or PNG,
 * known by its bytes; numbered in its kind like a generated one, with a verification code (the
 * public page shows its SHA-256; nothing is stamped on the file, which stays as the lab sent it),
 * stored once and announced. Who, which visit and which doctor are checked before a byte is read,
 * so a mistake costs the clinic no 10 MB transfer.
 */
export async function uploadDocument(
  ctx: DocumentsCtx,
  input: z.output<typeof uploadInput>,
  upload: Upload,
): Promise<DocumentView> {
  const kind = kindOf(ctx.hooks, input.kind);
  if (kind.moduleOnly) throw documentErrors('kind_unknown', { kind: kind.key });
  const { patient, doctor, branch } = await resolveSubject(ctx, input);
  const timeZone = branch?.timeZone ?? 'Asia/Almaty';
  const today = localDate(ctx.clock.now(), timeZone);
  const issueDate = input.issueDate ?? today;
  if (issueDate > today) throw documentErrors('issue_date_future', { today });
  const language = input.language ?? (await patientLanguage(ctx.em, patient.id));

  const { bytes, sha256 } = await readUpload(ctx, upload);
  const type = fileTypeOf(bytes);
  if (!type) throw documentErrors('file_type');

  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const number = await nextNumber(em, kind.prefix, Number(issueDate.slice(0, 4)));
    const document = await fileDocument(tx, {
      number,
      verifyCode: newVerifyCode(),
      kind,
      subject: { ...input, doctorId: doctor?.id ?? null, branchId: branch?.id ?? null },
      issueDate,
      language,
      source: 'uploaded',
      fields: null,
      title: input.title ?? null,
      bytes,
      // Named by its number: the name it came with may carry anything, a patient's name included.
      fileName: `${number}.${type.extension}`,
      mimeType: type.mimeType,
      timeZone,
      sha256,
    });
    const title = input.title ?? kind.title(docText(ctx, language), null);
    return documentView(document, title, doctor && { id: doctor.id, fullName: doctor.fullName });
  });
}
