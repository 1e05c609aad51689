import { z } from 'zod';

/**
 * Cursor pagination for the staff lists: a page is `{ items, nextCursor }`; the next page is asked
 * with that cursor, and `nextCursor` is null on the last one. A list reads `limit + 1` rows: the
 * extra row only says whether another page follows. Cursors are keys of the last row shown (never
 * offsets), so rows added meanwhile neither repeat nor go missing between pages.
 */
export interface Page<T, C = number> {
  items: T[];
  nextCursor: C | null;
}

/** The `limit` of a page, bounded so no caller reads a whole table at once. */
export const pageLimit = (byDefault = 50, max = 200) => z.number().int().min(1).max(max).default(byDefault);

/** Rows read with `limit + 1` → the page, its cursor taken from the last row shown. */
export function pageOf<R, C, T = R>(
  rows: readonly R[],
  limit: number,
  cursorOf: (row: R) => C,
  view: (row: R) => T = (row) => row as unknown as T,
): Page<T, C> {
  const shown = rows.slice(0, limit);
  return {
    items: shown.map(view),
    nextCursor: rows.length > limit && shown.length ? cursorOf(shown.at(-1)!) : null,
  };
}

/**
 * A cursor for lists ordered newest first by a time and then by id: many rows share a time (every
 * entry a request writes has the request's instant), so the time alone would skip or repeat rows
 * at a page's edge. Written `<ISO time>~<id>` (a number or a UUID).
 */
export const timeIdCursor = z
  .string()
  .max(60)
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z~(\d{1,16}|[0-9a-f-]{36})$/, 'not a cursor this list gave');

export const timeIdCursorOf = (at: Date, id: number | string): string => `${at.toISOString()}~${id}`;

/**
 * The filter for the rows after a `timeIdCursor` in (time desc, id desc) order, for MikroORM:
 * an earlier time, or the same time and a smaller id.
 */
export function afterTimeId<F extends string>(field: F, cursor: string) {
  const [time, id] = cursor.split('~') as [string, string];
  const at = new Date(time);
  return {
    $or: [{ [field]: { $lt: at } }, { [field]: at, id: { $lt: /^\d+$/.test(id) ? Number(id) : id } }],
  } as { $or: [Record<F, { $lt: Date }>, Record<F, Date> & { id: { $lt: never } }] };
}
