import type { I18n } from '@grammyjs/i18n';
import { TRPCClientError } from '@trpc/client';
import { GrammyError, HttpError } from 'grammy';
import type { DomainCode, DomainFailure } from '../server/router.ts';
import type { Logger } from '../shared/log.ts';
import type { BaseContext } from './context.ts';
import { languageOf } from './i18n.ts';

/** The API's typed errors: `module` and `code` are checked by the compiler against the server's tables. */
export type { DomainCode, DomainFailure };

/** Whether a failure is one of these codes (a code the server does not have fails to compile). */
export function isFailure(failure: DomainFailure | null, ...codes: DomainCode[]): failure is DomainFailure {
  return failure !== null && (codes as string[]).includes(failure.code);
}

/** The API's typed error behind a failed call, if it was one. */
export function domainFailure(error: unknown): DomainFailure | null {
  if (error instanceof TRPCClientError) {
    const domain = (error.data as { domain?: DomainFailure | null } | undefined)?.domain;
    return domain ?? null;
  }
  if (error && typeof error === 'object' && 'domain' in error)
    return (error as { domain: DomainFailure }).domain;
  return null;
}

/** The localized message for a domain error: err-<module>-<code>, with its params. */
export function errorMessage(ctx: { t: Translate }, failure: DomainFailure): string {
  const key = `err-${failure.module}-${failure.code}`;
  const text = ctx.t(key, failure.params as Record<string, string>);
  return text === key ? ctx.t('err-unknown') : text;
}

type Translate = (key: string, params?: Record<string, string>) => string;

/**
 * Runs a step that may fail with a domain error the user can fix (a wrong IIN): tells them what
 * is wrong, in their language, and returns null; other errors go on to the error boundary.
 */
export async function orExplain<T>(
  ctx: BaseContext,
  step: () => Promise<T>,
  extra?: object,
): Promise<T | null> {
  try {
    return await step();
  } catch (error) {
    const failure = domainFailure(error);
    if (!failure) throw error;
    await ctx.reply(errorMessage(ctx, failure), extra);
    return null;
  }
}

export const isBlockedByUser = (error: unknown) => error instanceof GrammyError && error.error_code === 403;

/**
 * The last line of defence: log without personal data (no text, no names, no numbers beyond ids)
 * and answer in the user's language, so nobody is left with silence.
 */
export async function handleBotError(
  ctx: BaseContext,
  error: unknown,
  i18n: I18n<BaseContext>,
  log: Logger,
): Promise<void> {
  const where = { updateId: ctx.update.update_id };
  if (isBlockedByUser(error)) {
    log.info(where, 'user blocked the bot');
    await ctx.emhana?.patients.setBlocked.mutate({ blocked: true }).catch(() => {});
    return;
  }
  const failure = domainFailure(error);
  if (error instanceof GrammyError)
    log.warn({ ...where, method: error.method, code: error.error_code }, 'Telegram refused a call');
  else if (error instanceof HttpError) log.warn(where, 'Telegram could not be reached');
  else if (failure)
    log.info({ ...where, module: failure.module, code: failure.code }, 'domain error reached the boundary');
  else log.error({ ...where, err: error }, 'update failed');
  try {
    // The failure may have come before the update had its language (the API was unreachable):
    // translate with the language we can still tell.
    const language = languageOf(ctx);
    const t = (key: string, params?: Record<string, string>) => i18n.t(language, key, params);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => {});
    await ctx.reply(failure ? errorMessage({ t }, failure) : t('error-generic'));
  } catch (replyError) {
    log.warn({ ...where, err: replyError }, 'could not tell the user about the error');
  }
}
