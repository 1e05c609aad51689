import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';

export const DOCUMENT_STATUSES = ['valid', 'revoked'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/**
 * A document the clinic issued to a patient (a dependant included): generated from structured data
 * by its kind's template, or uploaded from a lab or another system. The patient, visit and doctor
 * are other modules' rows, held by id (foreign keys, see index.ts). The file itself is in storage
 * (see documents.storage.ts) under `fileKey`; its SHA-256 is kept here so anyone can check a copy.
 */
export const DocumentSchema = defineEntity({
  name: 'Document',
  tableName: 'documents_document',
  properties: {
    id: p.integer().primary(),
    /** Unique in the clinic, printed on the document: the kind's prefix, the year, a counter. */
    number: p.string().length(40).unique(),
    /** The kind's key (documents.kinds.ts); kinds from other modules are plain keys too. */
    kind: p.string().length(40),
    patientId: p.integer(),
    appointmentId: p.integer().nullable(),
    doctorId: p.integer().nullable(),
    branchId: p.integer().nullable(),
    /** The calendar date it was issued, in the branch's zone. */
    issueDate: p.date(),
    language: p.enum(['ru', 'kk'] as const),
    source: p.enum(['generated', 'uploaded'] as const),
    /** The kind's own fields as staff gave them (a generated document is rebuilt from nothing else). */
    fields: p.json<Record<string, unknown>>().nullable(),
    /** What staff called an uploaded file ("ОАК от 12.03"); a generated one is named by its kind. */
    title: p.string().length(200).nullable(),
    status: p.enum(DOCUMENT_STATUSES).default('valid'),
    revokedAt: p.datetime().nullable(),
    revokedBy: p.string().length(100).nullable(),
    revokeReason: p.text().nullable(),
    /** The short code of the public verification page (/verify/<code>), unguessable. */
    verifyCode: p.string().length(16).unique(),
    fileKey: p.string().length(100),
    fileName: p.string().length(200),
    mimeType: p.enum(['application/pdf', 'image/jpeg', 'image/png'] as const),
    sizeBytes: p.integer(),
    sha256: p.string().length(64),
    issuedBy: p.string().length(100),
    createdAt: p.datetime().onCreate(appNow),
  },
  indexes: [{ properties: ['patientId', 'issueDate'] }],
});

export class Document extends DocumentSchema.class {}
DocumentSchema.setClass(Document);

/**
 * File bytes in PostgreSQL, the default storage: one row per file, written once, never updated.
 * Kept apart from Document so a list of documents never reads a byte of them.
 */
export const StoredFileSchema = defineEntity({
  name: 'StoredFile',
  tableName: 'documents_file',
  properties: {
    key: p.string().length(100).primary(),
    bytes: p.blob().lazy(),
    sizeBytes: p.integer(),
    createdAt: p.datetime().onCreate(appNow),
  },
});

export class StoredFile extends StoredFileSchema.class {}
StoredFileSchema.setClass(StoredFile);

/** The last number given per prefix and year: numbers come from here, never from a count. */
export const DocumentCounterSchema = defineEntity({
  name: 'DocumentCounter',
  tableName: 'documents_counter',
  properties: {
    prefix: p.string().length(10).primary(),
    year: p.integer().primary(),
    last: p.integer(),
  },
});

export class DocumentCounter extends DocumentCounterSchema.class {}
DocumentCounterSchema.setClass(DocumentCounter);

/**
 * A download link given to one Telegram account for one document (the patient chose not to receive
 * medical documents in the chat). The link's signed token names this row; the row says who may
 * use it and until when, so a link can be ended early and expired ones are cleaned up.
 */
export const DocumentLinkSchema = defineEntity({
  name: 'DocumentLink',
  tableName: 'documents_link',
  properties: {
    id: p.uuid().primary(),
    document: () => p.manyToOne(Document).deleteRule('cascade'),
    telegramUserId: p.bigint('number'),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    /** The last time the file was downloaded through it. */
    downloadedAt: p.datetime().nullable(),
    /**
     * The one-time code the bot sent to this account to prove the opener is its owner (a link can
     * be forwarded or seen over a shoulder): its SHA-256 with the link's id, null once used or
     * voided. See use-cases/link-access.ts for the limits.
     */
    codeHash: p.string().length(64).nullable(),
    codeSentAt: p.datetime().nullable(),
    /** Wrong tries of the current code. */
    codeAttempts: p.integer().default(0),
    /** Codes sent through this link in its whole life. */
    codesSent: p.integer().default(0),
  },
  indexes: [{ properties: ['expiresAt'] }],
});

export class DocumentLink extends DocumentLinkSchema.class {}
DocumentLinkSchema.setClass(DocumentLink);
