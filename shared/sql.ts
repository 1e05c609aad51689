/**
 * A piece of SQL with its values, built so that a value is always a bound parameter (`?`, as
 * MikroORM's `em.execute` takes them) and never text in the statement. A module's door may hand
 * another module a fragment over its own tables (an audience facet): the other composes the
 * fragments into one statement, so PostgreSQL plans one query, and never names a table it does
 * not own.
 */
export interface Sql {
  readonly text: string;
  readonly values: readonly unknown[];
}

const isSql = (value: unknown): value is Sql =>
  typeof value === 'object' && value !== null && 'text' in value && 'values' in value;

/** `sql\`select id from t where a = ${a} and ${other}\``: values bound, nested fragments inlined. */
export function sql(strings: TemplateStringsArray, ...parts: readonly unknown[]): Sql {
  let text = strings[0] ?? '';
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    if (isSql(part)) {
      text += part.text;
      values.push(...part.values);
    } else {
      text += '?';
      values.push(part);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, values };
}

/** Fragments one after another, `separator` between them (` and `, `, `). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return {
    text: parts.map((p) => p.text).join(separator),
    values: parts.flatMap((p) => p.values),
  };
}

/** Text written into the statement as is: a column or a constant the code chose, never input. */
export const rawSql = (text: string): Sql => ({ text, values: [] });
