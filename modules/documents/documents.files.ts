import type { Document } from './entities/document.entity.ts';

/** A file type staff may upload, known by how its bytes begin. */
export interface FileType {
  mimeType: Document['mimeType'];
  extension: 'pdf' | 'jpg' | 'png';
}

/**
 * The three types a clinic receives from labs and other systems, by their signatures: `%PDF-`,
 * JPEG's start-of-image marker followed by another marker (FF D8 FF), and PNG's fixed eight bytes.
 * Three fixed prefixes need no sniffing library: anything else — a text file named `.pdf`, an
 * HTML error page a lab system saved, a Word file — starts otherwise and is refused.
 */
const SIGNATURES: readonly (FileType & { magic: readonly number[] })[] = [
  { mimeType: 'application/pdf', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mimeType: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { mimeType: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** What the bytes are, by their first bytes alone (never by a name); null for anything else. */
export function fileTypeOf(bytes: Uint8Array): FileType | null {
  const hit = SIGNATURES.find(
    ({ magic }) => bytes.byteLength > magic.length && magic.every((byte, i) => bytes[i] === byte),
  );
  return hit ? { mimeType: hit.mimeType, extension: hit.extension } : null;
}
