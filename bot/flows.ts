import type { Conversation } from '@grammyjs/conversations';
import superjson from 'superjson';
import type { BaseContext, BotContext } from './context.ts';
import { type DomainFailure, domainFailure } from './errors.ts';

export type Flow = Conversation<BotContext, BaseContext>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: DomainFailure };

/**
 * An API call inside a conversation. Conversations replay their code on every update, so the
 * call runs once and its result is stored (through superjson, so Dates survive); a domain error
 * comes back as a value the flow can answer, anything else crashes the flow into the boundary.
 */
export function callApi<T>(conversation: Flow, task: () => Promise<T>): Promise<ApiResult<T>> {
  return conversation.external({
    task: async (): Promise<ApiResult<T>> => {
      try {
        return { ok: true, value: await task() };
      } catch (error) {
        const failure = domainFailure(error);
        if (!failure) throw error;
        return { ok: false, failure };
      }
    },
    beforeStore: (result) => superjson.serialize(result),
    afterLoad: (stored) => superjson.deserialize<ApiResult<T>>(stored),
  });
}
