import type { StorageAdapter } from 'grammy';
import superjson from 'superjson';
import type { ApiFactory } from './context.ts';

/**
 * Sessions and conversation state live in PostgreSQL, reached through the API like everything
 * else the bot stores. Keys are "<namespace>:<telegram user id>", and each call acts for that
 * user, so the API can refuse a key that is not theirs. superjson keeps Dates intact.
 */
export function apiStorage<T>(namespace: string, apiFor: ApiFactory): StorageAdapter<T> {
  const userOf = (key: string) => Number(key.slice(key.lastIndexOf(':') + 1));
  const full = (key: string) => `${namespace}:${key}`;
  return {
    async read(key) {
      const stored = await apiFor(userOf(key)).botState.read.query({ key: full(key) });
      return stored == null ? undefined : (superjson.deserialize(stored as never) as T);
    },
    async write(key, value) {
      await apiFor(userOf(key)).botState.write.mutate({ key: full(key), value: superjson.serialize(value) });
    },
    async delete(key) {
      await apiFor(userOf(key)).botState.delete.mutate({ key: full(key) });
    },
  };
}
