/** A file part of a multipart upload. */
export interface UploadedFile {
  kind: 'upload';
  name: string;
  type: string;
  bytes: Uint8Array;
}

const decoder = new TextDecoder();
const CRLF = new Uint8Array([13, 10]);

/**
 * Parses multipart/form-data. `Request.formData()` is not enough: grammY writes headers such as
 * `content-disposition:form-data;name="x";filename=report 2026.pdf` (no space, unquoted file
 * name), which Telegram accepts but the WHATWG parser in Node and Deno rejects.
 */
export function parseMultipart(body: Uint8Array, contentType: string): Map<string, string | UploadedFile> {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const fields = new Map<string, string | UploadedFile>();
  let pos = indexOf(body, delimiter, 0);
  if (pos < 0) throw new Error('multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 45 && body[pos + 1] === 45) break; // "--" closes the body
    if (body[pos] === 13 && body[pos + 1] === 10) pos += 2;
    const headerEnd = indexOf(body, new Uint8Array([13, 10, 13, 10]), pos);
    if (headerEnd < 0) throw new Error('multipart part without a header end');
    const headers = decoder.decode(body.subarray(pos, headerEnd));
    const contentStart = headerEnd + 4;
    const next = indexOf(body, concat(CRLF, delimiter), contentStart);
    if (next < 0) throw new Error('multipart part without an end');
    const content = body.subarray(contentStart, next);
    const part = readHeaders(headers);
    if (part.name !== undefined) {
      fields.set(
        part.name,
        part.filename !== undefined
          ? { kind: 'upload', name: part.filename, type: part.type, bytes: content.slice() }
          : decoder.decode(content),
      );
    }
    pos = next + 2;
  }
  return fields;
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

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
