import { TRPCClientError } from '@trpc/client';
import type { DomainFailure } from '../server/router.ts';
import type { Args, Translator } from './i18n.tsx';

/**
 * What went wrong, in the staff member's language. A domain error has its message by module and
 * code: console.ftl may word it for staff (console-err-<module>-<code>), else errors.ftl's (the
 * bot's) serves; other refusals by their tRPC code; anything else the generic message.
 */
export function errorText(tr: Translator, error: unknown): string {
  if (!(error instanceof TRPCClientError)) return tr.t('console-error-generic');
  const data = error.data as
    | { code?: string; domain?: DomainFailure | null; fields?: { path: string }[] | null }
    | undefined;
  if (!data) return tr.t('console-error-network');
  if (data.domain) {
    const { module, code, params } = data.domain;
    for (const key of [`console-err-${module}-${code}`, `err-${module}-${code}`])
      if (tr.has(key)) return tr.t(key, params as Args);
    return tr.t('console-error-generic');
  }
  if (data.fields?.length) {
    const fields = data.fields.map(({ path }) =>
      tr.has(`console-field-${path}`) ? tr.t(`console-field-${path}`) : path,
    );
    return tr.t('console-error-invalid', { fields: [...new Set(fields)].join(', ') });
  }
  const byCode: Record<string, string> = {
    UNAUTHORIZED: 'console-error-unauthorized',
    FORBIDDEN: 'console-error-forbidden',
    NOT_FOUND: 'console-error-not-found',
    TOO_MANY_REQUESTS: 'console-error-too-many',
    BAD_REQUEST: 'console-error-invalid-generic',
  };
  return tr.t(byCode[data.code ?? ''] ?? 'console-error-generic');
}
