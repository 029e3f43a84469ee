// Long `IN (…)` lists and multi-row inserts cut into parts: SQLite caps a
// statement's parameters, and PostgreSQL plans short lists better.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect } from './dialect.ts';

export const IN_CHUNK = 400;

export function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * `column NOT IN (ids)` with the ids as one parameter (a JSON array on
 * SQLite, an array on PostgreSQL). A list that grows through a crawl (the
 * feeds done) made one statement text per length with a placeholder each:
 * hundreds of statements prepared once, and as many parameters bound at
 * every lease.
 */
export function notAmong(dialect: Dialect, column: string, ids: readonly number[]): RawBuilder<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`not (${sql.ref(column)} = any(${[...ids]}))`
    : sql<SqlBool>`${sql.ref(column)} not in (select value from json_each(${JSON.stringify(ids)}))`;
}
