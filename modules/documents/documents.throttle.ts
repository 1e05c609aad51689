import type { EntityManager } from '@mikro-orm/postgresql';
import { PageThrottle } from './entities/throttle.entity.ts';

/**
 * How often one client address may use the public pages of documents. Verification codes have
 * 50 random bits and download codes are bound to one link, so guessing is hopeless anyway; these
 * limits keep it so (and keep a scraper from hammering the database) while an HR office checking
 * a stack of certificates from one address is never stopped.
 */
export const PAGE_LIMITS = {
  /** Verification lookups (found or not) per address per window. */
  verify: { limit: 30, windowMs: 15 * 60_000 },
  /** Download-code checks per address per window, across all links. */
  code: { limit: 20, windowMs: 15 * 60_000 },
} as const;

export type PageLimit = (typeof PAGE_LIMITS)[keyof typeof PAGE_LIMITS];

/**
 * Counts one hit of `key` in its fixed window, atomically (one statement: parallel requests from
 * one address cannot slip past the limit). Null: go ahead; otherwise when the window ends.
 */
export async function hitThrottle(
  em: EntityManager,
  key: string,
  { limit, windowMs }: PageLimit,
  now: Date,
): Promise<Date | null> {
  const windowStartedBefore = new Date(now.getTime() - windowMs);
  const [row] = (await em.execute(
    `insert into documents_throttle (key, hits, window_start) values (?, 1, ?)
     on conflict (key) do update set
       hits = case when documents_throttle.window_start <= ? then 1 else documents_throttle.hits + 1 end,
       window_start = case when documents_throttle.window_start <= ? then excluded.window_start
                      else documents_throttle.window_start end
     returning hits, window_start`,
    [key.slice(0, 200), now, windowStartedBefore, windowStartedBefore],
  )) as { hits: number; window_start: Date }[];
  if (row!.hits <= limit) return null;
  return new Date(new Date(row!.window_start).getTime() + windowMs);
}

/** Windows that have ended hold nothing worth keeping (with the dispatch's housekeeping). */
export async function dropEndedWindows(em: EntityManager, now: Date): Promise<number> {
  const longest = Math.max(...Object.values(PAGE_LIMITS).map((l) => l.windowMs));
  return em.nativeDelete(PageThrottle, { windowStart: { $lt: new Date(now.getTime() - longest) } });
}
