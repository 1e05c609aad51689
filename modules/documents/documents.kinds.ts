import type { Content } from 'pdfmake';
import type { z } from 'zod';
import type { Language } from '../../shared/localized.ts';

/** Labels and phrases of a document, in its language, from locales/ (keys `doc-…`). */
export type DocText = (key: string, params?: Record<string, string | number>) => string;

/**
 * How a page writes dates and times: in the document's language and the issuing branch's zone, the
 * way Kazakhstan's forms do (dd.mm.yyyy, 24-hour HH:MM), never a raw ISO string.
 */
export interface DocFormat {
  language: Language;
  /** The branch's IANA zone (Asia/Almaty when the document has no branch). */
  timeZone: string;
  /** YYYY-MM-DD → dd.mm.yyyy. */
  date(iso: string): string;
  /** An instant (ISO with offset) → dd.mm.yyyy HH:MM on the branch's wall clock. */
  dateTime(iso: string): string;
}

/**
 * A kind of document the clinic issues: its fields (checked when staff issue one), its title in
 * lists and on the page, and the body of its PDF. The documents module brings the medical kinds;
 * another module adds its own (payments: a receipt) through the `documentKinds` hook point,
 * without this module knowing it.
 */
export interface DocumentKind<F extends z.ZodType = z.ZodType> {
  /** Stored on the document and named in the API: `referral`, `lab_results`, `receipt`. */
  key: string;
  /** Starts the document's number (`НАП-2026-000042`): short, letters only, unique per kind. */
  prefix: string;
  /**
   * Issued only by the module that brings it (payments: a receipt is proof that money came), never
   * by staff through documents.staff.issue or an upload.
   */
  moduleOnly?: boolean;
  /** The kind's own fields; null for a kind that is only ever uploaded. */
  fields: F | null;
  /** The document's title: in lists, in the chat, and at the top of the page. */
  title(text: DocText, fields: z.output<F> | null): string;
  /** The form number printed in the page's top right corner (a certificate's 075/у), if any. */
  form?(fields: z.output<F>): string | null;
  /**
   * False for a document the system issues with nobody to sign it (a receipt, made when the bank
   * confirmed): the page says so instead of keeping a signature line and a stamp's place.
   */
  signed?: boolean;
  /** The page's body between the header (clinic, patient, doctor, date) and the signature. */
  body(text: DocText, fields: z.output<F>, format: DocFormat): Content[];
}

/** Checks a kind's description, keeping the type of its fields. */
export function defineDocumentKind<F extends z.ZodType>(kind: DocumentKind<F>): DocumentKind<F> {
  return kind;
}

declare module '../../shared/trpc.ts' {
  interface ModuleHooks {
    /** Kinds of documents other modules issue (one module per kind key). */
    documentKinds: DocumentKind[];
  }
}
