import { TRPCClientError } from '@trpc/client';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

export interface ErrorSeen {
  code: string;
  domain: { module: string; code: string; params: Record<string, unknown> } | null;
  fields: { path: string; message: string }[] | null;
  message: string;
}

/** Awaits a call that must fail and returns what a client sees of the failure. */
export async function failure(call: Promise<unknown>): Promise<ErrorSeen> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const data = error.data as { code: string; domain?: ErrorSeen['domain']; fields?: ErrorSeen['fields'] };
      return {
        code: data.code,
        domain: data.domain ?? null,
        fields: data.fields ?? null,
        message: error.message,
      };
    }
    if (error instanceof TRPCError) {
      const cause = error.cause as
        | { module?: string; code?: string; params?: Record<string, unknown> }
        | undefined;
      const domain = cause?.module
        ? { module: cause.module, code: cause.code!, params: cause.params ?? {} }
        : null;
      return { code: error.code, domain, fields: null, message: error.message };
    }
    throw error;
  }
  expect.fail('the call was expected to fail but succeeded');
}

/** The failing field paths of a BAD_REQUEST. */
export async function badFields(call: Promise<unknown>): Promise<string[]> {
  const seen = await failure(call);
  expect(seen.code).toBe('BAD_REQUEST');
  return (seen.fields ?? []).map((f) => f.path);
}
