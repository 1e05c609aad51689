import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import type { DocumentView, UploadDescription } from '../modules/documents/index.ts';
import type { AppRouter } from './router.ts';

export type { AppRouter };

/** Calls one HTTP request may batch; the server refuses a bigger batch whole (server/http.ts). */
export const MAX_BATCH_SIZE = 10;
export type EmhanaClient = TRPCClient<AppRouter>;

export interface EmhanaClientOptions {
  /** Base URL of the Emhana server, e.g. http://localhost:3000 */
  url: string;
  /** A staff login token or a service token from `npm run token`. */
  token?: string;
  /** The Telegram user a bot token acts for. */
  telegramUserId?: number;
  fetch?: typeof fetch;
}

/**
 * The typed client for internal tools: `import { createEmhanaClient } from 'emhana/client'`.
 * Every procedure, input and result is typed from the server's router.
 */
export function createEmhanaClient(options: EmhanaClientOptions): EmhanaClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.url.replace(/\/$/, '')}/trpc`,
        transformer: superjson,
        maxItems: MAX_BATCH_SIZE,
        fetch: options.fetch,
        headers: () => ({
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.telegramUserId ? { 'x-telegram-user-id': String(options.telegramUserId) } : {}),
        }),
      }),
    ],
  });
}

/** A refused upload: the HTTP status and what the API would say (`error.data` of a tRPC error). */
export class UploadError extends Error {
  readonly status: number;
  readonly code: string;
  readonly domain: { module: string; code: string; params: Record<string, unknown> } | null;
  readonly fields: { path: string; message: string }[] | null;

  constructor(status: number, body: Partial<Omit<UploadError, 'status'>> & { message?: string }) {
    super(body.message ?? `upload refused (${status})`);
    this.name = 'UploadError';
    this.status = status;
    this.code = body.code ?? 'INTERNAL_SERVER_ERROR';
    this.domain = body.domain ?? null;
    this.fields = body.fields ?? null;
  }
}

/** An uploaded document as the server answers it (JSON: its dates as ISO strings). */
export type UploadedDocument = Omit<DocumentView, 'revokedAt'> & { revokedAt: string | null };

/**
 * Uploads a file from a lab or another system as a patient's document (PDF, JPEG or PNG, within
 * DOCUMENT_MAX_UPLOAD_MB). Not a tRPC call: the file is the request's body, streamed, and its
 * description the query string (POST /documents/upload). Refused: an UploadError.
 */
export async function uploadDocument(
  options: Omit<EmhanaClientOptions, 'telegramUserId'>,
  description: UploadDescription,
  file: Blob | Uint8Array<ArrayBuffer>,
): Promise<UploadedDocument> {
  const url = new URL(`${options.url.replace(/\/$/, '')}/documents/upload`);
  for (const [key, value] of Object.entries(description))
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  const response = await (options.fetch ?? fetch)(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: file,
  });
  const body = (await response.json().catch(() => ({}))) as { error?: object };
  if (!response.ok) throw new UploadError(response.status, (body.error ?? {}) as Partial<UploadError>);
  return body as UploadedDocument;
}
