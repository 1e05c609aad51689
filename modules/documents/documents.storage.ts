import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StoredFile } from './entities/document.entity.ts';

/**
 * Where a document's bytes live. PostgreSQL by default (one row per file, written once); an object
 * store can take over later by implementing the same three calls, the key being all a document holds.
 */
export interface FileStorage {
  put(em: EntityManager, bytes: Uint8Array): Promise<string>;
  /** The bytes, or null when the file is gone. */
  get(em: EntityManager, key: string): Promise<Uint8Array | null>;
  remove(em: EntityManager, key: string): Promise<void>;
}

export const postgresStorage: FileStorage = {
  async put(em, bytes) {
    const key = `pg:${randomUUID()}`;
    // A view of the caller's bytes, not a copy: an upload is held in memory once.
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    em.persist(em.create(StoredFile, { key, bytes: view, sizeBytes: bytes.byteLength }));
    await em.flush();
    return key;
  },
  async get(em, key) {
    // Read past the identity map: the bytes are not kept in it once returned.
    const rows = (await em
      .getConnection()
      .execute('select bytes from documents_file where key = ?', [key])) as { bytes: Buffer }[];
    return rows[0]
      ? new Uint8Array(rows[0].bytes.buffer, rows[0].bytes.byteOffset, rows[0].bytes.byteLength)
      : null;
  },
  async remove(em, key) {
    await em.nativeDelete(StoredFile, { key });
  },
};
