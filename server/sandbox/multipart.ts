import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BodyTooLarge } from '../../shared/body.ts';

/** A file part of a multipart upload, its bytes already on disk. */
export interface UploadedFile {
  kind: 'upload';
  name: string;
  type: string;
  /** Where its bytes were written as they arrived; whoever keeps the file moves it, else it is removed. */
  path: string;
  size: number;
}

/** A body that is not multipart/form-data as it claims (the Bot API answers 400). */
export class MultipartError extends Error {}

export interface MultipartOptions {
  /** Folder for the file parts' bytes (created when the first file arrives). */
  uploadDir: string;
  /** Text parts and part headers together may not exceed this (BodyTooLarge). */
  maxTextBytes: number;
  /** Nor may there be more file parts than this (BodyTooLarge). */
  maxFiles: number;
}

const decoder = new TextDecoder();
const CRLF = new Uint8Array([13, 10]);
const HEADER_END = new Uint8Array([13, 10, 13, 10]);
const EMPTY = new Uint8Array(0);

/**
 * Parses multipart/form-data as it streams in: text parts are kept (within `maxTextBytes`), file
 * parts are written to files in `uploadDir` as their bytes come, so memory holds a chunk or two
 * whatever the size of the upload; a failure removes the files written so far.
 *
 * Not `Request.formData()`: grammY writes headers such as
 * `content-disposition:form-data;name="x";filename=report 2026.pdf` (no space, unquoted file
 * name), which Telegram accepts but the WHATWG parser in Node and Deno rejects; and it buffers.
 */
export async function readMultipart(
  chunks: AsyncIterable<Uint8Array>,
  contentType: string,
  options: MultipartOptions,
): Promise<Map<string, string | UploadedFile>> {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new MultipartError('multipart body without a boundary');
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const partEnd = concat(CRLF, delimiter);
  const fields = new Map<string, string | UploadedFile>();
  const files: UploadedFile[] = [];

  type State = 'preamble' | 'delimiter' | 'headers' | 'content' | 'epilogue';
  let state: State = 'preamble';
  let pending: Uint8Array = EMPTY;
  let textBytes = 0;
  // The part being read: its name, and where its content goes.
  let name: string | undefined;
  let text: Uint8Array[] = [];
  let file: { record: UploadedFile; fd: number } | null = null;

  const countText = (bytes: number) => {
    textBytes += bytes;
    if (textBytes > options.maxTextBytes) throw new BodyTooLarge();
  };
  const startPart = (headers: string) => {
    const part = readHeaders(headers);
    name = part.name;
    text = [];
    if (name === undefined || part.filename === undefined) return;
    if (files.length >= options.maxFiles) throw new BodyTooLarge();
    mkdirSync(options.uploadDir, { recursive: true });
    const path = join(options.uploadDir, `.upload-${crypto.randomUUID()}`);
    const record: UploadedFile = { kind: 'upload', name: part.filename, type: part.type, path, size: 0 };
    files.push(record);
    file = { record, fd: openSync(path, 'wx') };
  };
  const write = (bytes: Uint8Array) => {
    if (!bytes.length || name === undefined) return;
    if (file) {
      for (let done = 0; done < bytes.length; ) done += writeSync(file.fd, bytes, done);
      file.record.size += bytes.length;
    } else {
      countText(bytes.length);
      text.push(bytes.slice());
    }
  };
  const endPart = () => {
    if (file) {
      closeSync(file.fd);
      if (name !== undefined) fields.set(name, file.record);
      file = null;
    } else if (name !== undefined) {
      fields.set(name, decoder.decode(concat(...text)));
    }
    text = [];
  };

  /** Consumes what it can of `pending`; at the end of the body everything must be consumed. */
  const parse = (final: boolean) => {
    for (;;) {
      if (state === 'preamble') {
        const at = indexOf(pending, delimiter, 0);
        if (at < 0) {
          if (final) throw new MultipartError('multipart body without its boundary');
          pending = pending.subarray(pending.length - partialMatch(pending, delimiter));
          return;
        }
        pending = pending.subarray(at + delimiter.length);
        state = 'delimiter';
      } else if (state === 'delimiter') {
        if (pending.length < 2 && !final) return;
        if (pending[0] === 45 && pending[1] === 45) {
          // "--" closes the body; whatever follows is ignored.
          state = 'epilogue';
          continue;
        }
        if (pending[0] === 13 && pending[1] === 10) pending = pending.subarray(2);
        state = 'headers';
      } else if (state === 'headers') {
        const at = indexOf(pending, HEADER_END, 0);
        if (at < 0) {
          if (final) throw new MultipartError('multipart part without a header end');
          if (pending.length > options.maxTextBytes - textBytes) throw new BodyTooLarge();
          return;
        }
        countText(at);
        startPart(decoder.decode(pending.subarray(0, at)));
        pending = pending.subarray(at + HEADER_END.length);
        state = 'content';
      } else if (state === 'content') {
        const at = indexOf(pending, partEnd, 0);
        if (at < 0) {
          if (final) throw new MultipartError('multipart part without an end');
          // All but an end that could be the start of the delimiter, which the next chunk may
          // complete (rarely any: so the next chunk is mostly taken as it is, not copied).
          const keep = partialMatch(pending, partEnd);
          write(pending.subarray(0, pending.length - keep));
          pending = pending.subarray(pending.length - keep);
          return;
        }
        write(pending.subarray(0, at));
        endPart();
        pending = pending.subarray(at + partEnd.length);
        state = 'delimiter';
      } else {
        pending = EMPTY;
        return;
      }
    }
  };

  let empty = true;
  try {
    for await (const chunk of chunks) {
      if (chunk.length) empty = false;
      pending = pending.length ? concat(pending, chunk) : chunk;
      parse(false);
    }
    // No body at all is no parameters, as it always was.
    if (empty) return fields;
    parse(true);
    return fields;
  } catch (error) {
    if (file) closeSync((file as { fd: number }).fd);
    removeUploads(files);
    throw error;
  }
}

/** An upload's bytes, read from its file. */
export function uploadBytes(file: UploadedFile): Uint8Array {
  return new Uint8Array(readFileSync(file.path));
}

/** Removes the files of uploads nobody kept (a file already moved away is no error). */
export function removeUploads(files: Iterable<UploadedFile>): void {
  for (const file of files) rmSync(file.path, { force: true });
}

function readHeaders(text: string): { name?: string; filename?: string; type: string } {
  let name: string | undefined;
  let filename: string | undefined;
  let type = 'application/octet-stream';
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-type') type = value;
    if (key !== 'content-disposition') continue;
    name = /(?:^|;)\s*name=(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i
      .exec(value)
      ?.slice(1)
      .find((v) => v !== undefined);
    const file = /(?:^|;)\s*filename=(.*)$/i.exec(value)?.[1];
    if (file !== undefined) {
      // Quoted per RFC 7578 (browsers, undici), or the raw rest of the line (grammY).
      const quoted = /^"((?:[^"\\]|\\.)*)"\s*(?:;.*)?$/.exec(file);
      filename = quoted ? quoted[1]!.replace(/%22/g, '"').replace(/\\(.)/g, '$1') : file.trim();
    }
  }
  return { name, filename, type };
}

/** The length of the longest end of `haystack` that `needle` starts with (short of all of it). */
function partialMatch(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let length = Math.min(haystack.length, needle.length - 1); length > 0; length--) {
    const from = haystack.length - length;
    if (haystack[from] !== needle[0]) continue;
    for (let j = 1; j < length; j++) if (haystack[from + j] !== needle[j]) continue outer;
    return length;
  }
  return 0;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (
    let i = haystack.indexOf(first!, from);
    i !== -1 && i <= last;
    i = haystack.indexOf(first!, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
