import { describe, expect, it } from 'vitest';
import { fileTypeOf } from './documents.files.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('the type of an uploaded file', () => {
  it('is read from its first bytes', () => {
    expect(fileTypeOf(text('%PDF-1.4\n…'))).toEqual({ mimeType: 'application/pdf', extension: 'pdf' });
    expect(fileTypeOf(bytes(0xff, 0xd8, 0xff, 0xdb, 0x00))).toEqual({
      mimeType: 'image/jpeg',
      extension: 'jpg',
    });
    expect(fileTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00))).toEqual({
      mimeType: 'image/png',
      extension: 'png',
    });
  });

  it('is nothing it may be for anything else, however it is named', () => {
    for (const other of [
      text('Результаты анализов.pdf'),
      text('<html><body>502 Bad Gateway</body></html>'),
      // A Word file (a ZIP), a GIF, a PDF signature that does not start the file.
      bytes(0x50, 0x4b, 0x03, 0x04, 0x14),
      text('GIF89a…'),
      text(' %PDF-1.7'),
      // A signature with nothing after it is no file.
      text('%PDF-'),
      bytes(0xff, 0xd8),
      new Uint8Array(),
    ])
      expect(fileTypeOf(other)).toBeNull();
  });
});
