import { DomainError, type ErrorStatus } from '../../shared/errors.ts';
import type { ModuleRoute, RouteDeps } from '../../shared/module.ts';
import { type Access, isAllowed } from '../../shared/roles.ts';
import { appRoute, routeApp } from '../../shared/routes.ts';
import { uploadInput } from './documents.schemas.ts';
import { uploadDocument } from './use-cases/upload-document.ts';

/** Where staff and internal tools upload a file: `POST /documents/upload?patientId=…&kind=…`. */
export const UPLOAD_PATH = '/documents/upload';

/** Who uploads: those who issue documents (documents.router.ts), never the call desk or marketing. */
export const UPLOAD_ACCESS: Access = { kind: 'staff', roles: ['admin', 'doctor', 'registrar'] };

const HTTP_STATUS: Record<ErrorStatus | 'METHOD_NOT_SUPPORTED', number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * An error as the API gives it (`error.data` of a tRPC error: code, domain, fields), so a client
 * maps it to the same localized message. A refused body is left unread: the connection closes.
 */
function failed(
  code: keyof typeof HTTP_STATUS,
  message: string,
  extra: { domain?: DomainError; fields?: { path: string; message: string }[] } = {},
  headers: Record<string, string> = {},
): Response {
  const domain = extra.domain
    ? { module: extra.domain.module, code: extra.domain.code, params: extra.domain.params }
    : null;
  return Response.json(
    { error: { message, code, domain, fields: extra.fields ?? null } },
    { status: HTTP_STATUS[code], headers: { 'cache-control': 'no-store', ...headers } },
  );
}

/**
 * The upload route. Its body is the file itself (any Content-Type: the bytes decide), streamed
 * within DOCUMENT_MAX_UPLOAD_MB while the server's API body limit stays small; the document's
 * description is the query string. Authenticated by a staff or service token exactly as the API
 * is, and refused before a byte of the body is read when the caller may not upload.
 */
export function uploadRoutes(deps: RouteDeps): ModuleRoute[] {
  const app = routeApp();
  app.post(UPLOAD_PATH, (c) => uploadRoute(deps, c.req.raw));
  app.all(UPLOAD_PATH, () =>
    failed('METHOD_NOT_SUPPORTED', 'Upload with POST', {}, { allow: 'POST', connection: 'close' }),
  );
  // Nothing else is under the upload's path (the server's own answer to an unknown path).
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return [appRoute(UPLOAD_PATH, app, { bodyLimit: deps.settings.documents.maxUploadBytes })];
}

async function uploadRoute(deps: RouteDeps, req: Request): Promise<Response> {
  const close = { connection: 'close' };
  const caller = await deps.callerOf(req);
  const verdict = caller === 'unauthorized' ? 'unauthorized' : isAllowed(UPLOAD_ACCESS, caller);
  if (verdict === 'unauthorized') return failed('UNAUTHORIZED', 'A valid token is required', {}, close);
  if (verdict === 'forbidden' || caller === 'unauthorized')
    return failed('FORBIDDEN', 'This caller may not do this', {}, close);
  const input = uploadInput.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!input.success) {
    const fields = input.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    return failed('BAD_REQUEST', 'The upload’s description is not valid', { fields }, close);
  }
  const ctx = {
    em: deps.em(),
    clock: deps.clock,
    caller,
    settings: deps.settings,
    hooks: deps.hooks,
  };
  try {
    return Response.json(await uploadDocument(ctx, input.data, req), {
      status: 201,
      headers: { 'cache-control': 'no-store' },
    });
  } catch (error) {
    if (error instanceof DomainError) return failed(error.status, error.message, { domain: error }, close);
    throw error;
  }
}
