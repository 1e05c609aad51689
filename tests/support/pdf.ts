import { extractText, getDocumentProxy } from 'unpdf';
import type { App } from '../../server/app.ts';

/**
 * An issued document's stored PDF as a reader sees it: its text (pages merged, as extracted),
 * its page count and its size. Read straight from the file store, so a test sees what a
 * download would carry.
 */
export async function storedPdf(app: App, documentId: number) {
  const [row] = (await app.orm.em
    .fork()
    .getConnection()
    .execute(
      'select f.bytes from documents_file f join documents_document d on d.file_key = f.key where d.id = ?',
      [documentId],
    )) as { bytes: Buffer }[];
  if (!row) throw new Error(`document ${documentId} has no stored file`);
  const pdf = await getDocumentProxy(new Uint8Array(row.bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return { pages: pdf.numPages, text, kb: row.bytes.byteLength / 1024 };
}
