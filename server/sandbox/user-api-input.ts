import type { Env, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { BodyTooLarge, readLimitedText } from '../../shared/body.ts';
import { UserApiError } from './errors.ts';
import { BODY_LIMITS } from './limits.ts';
import { MAX_TEXT } from './text.ts';

/* Reading the user API's input: JSON bodies and queries checked by zod schemas. */

export const MAX_WAIT_SECONDS = 60;

export const fail = (status: number, message: string) => new UserApiError(status, message);

/** The value as the schema reads it, or its first problem as the answer (400 unless told). */
export function check<S extends z.ZodType>(schema: S, value: unknown, status = 400): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fail(status, result.error.issues[0]!.message);
  return result.data;
}

/** A JSON object, whatever the content type (an empty body is `{}`), read within the limit. */
async function readJson(req: Request): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readLimitedText(req, BODY_LIMITS.userApi);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw fail(413, 'request body too large');
    throw error;
  }
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail(400, 'request body must be JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw fail(400, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * Checks the JSON body or the query with a zod schema before the handler, which reads the result
 * with `c.req.valid(target)`. Not Hono's own validator (nor @hono/zod-validator, built on it):
 * that one skips a body not declared application/json, and the user API has always read JSON
 * whatever the content type (curl, scripts and tests post it as text/plain); its query target
 * also turns a repeated parameter into an array, where the first one has always counted.
 */
export function valid<T extends 'json' | 'query', S extends z.ZodType, E extends Env = Env>(
  target: T,
  schema: S,
): MiddlewareHandler<E, string, { out: { [K in T]: z.output<S> } }> {
  return async (c, next) => {
    const value = target === 'json' ? await readJson(c.req.raw) : c.req.query();
    c.req.addValidatedData(target, check(schema, value) as object);
    await next();
  };
}

export const TEXT = 'text must be a non-empty string';
export const messageText = z
  .string({ error: TEXT })
  .trim()
  .min(1, TEXT)
  .refine((text) => [...text].length <= MAX_TEXT, `text is longer than ${MAX_TEXT} characters`);

/** A number query parameter from 0 to `max`; absent or empty is not given. */
export function queryNumber(name: string, max: number, integer: boolean) {
  const error = `${name} must be a number from 0 to ${max}`;
  const number = z.coerce.number({ error }).min(0, error).max(max, error);
  return z.preprocess(
    (value) => (value === '' ? undefined : value),
    (integer ? number.int(error) : number).optional(),
  );
}

export const afterAndWait = {
  after: queryNumber('after', Number.MAX_SAFE_INTEGER, true).transform((after) => after ?? 0),
  wait: queryNumber('wait', MAX_WAIT_SECONDS, false).transform((wait) => wait ?? 0),
};
export const chatQuery = z.object({
  ...afterAndWait,
  edits_after: queryNumber('edits_after', Number.MAX_SAFE_INTEGER, true),
});
export const smsQuery = z.object(afterAndWait);
