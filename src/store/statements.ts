// Statements written out as SQL text: story detection's, and a feed run's
// articles. Detection runs a dozen statements per stored article: built with
// Kysely's query builder each cost more to build and compile than SQLite
// takes to run (measured). Written as SQL text, the
// same text each time for the same number of rows, they also hit the SQLite
// statement cache (connect.ts).
import { CompiledQuery, type Kysely } from 'kysely';
import type { Dialect } from './connect.ts';
import type { Database } from './schema.ts';

/** Ids or hashes per IN list on SQLite (one statement text for every full chunk: the statement cache keeps it). */
export const IN_CHUNK = 512;

/**
 * The items cut into runs of `max` (a power of two), then, on SQLite, of
 * powers of two for the rest: 1,000 rows go as 512, 256, 128, 64, 32, 8.
 * Each run length is one statement text, so a statement of any row count is
 * one of ten texts SQLite's statement cache keeps (connect.ts), not one of
 * hundreds prepared once and left for the garbage collector (about 20 MB in
 * a crawl, measured). PostgreSQL prepares nothing across calls, and each
 * statement is a round trip: there the rest goes in one.
 */
export function* powerRuns<T>(items: readonly T[], max: number, dialect: Dialect): Generator<T[]> {
  let i = 0;
  while (i < items.length) {
    const left = items.length - i;
    const size =
      left >= max || dialect === 'postgres' ? Math.min(left, max) : 2 ** Math.floor(Math.log2(left));
    yield items.slice(i, i + size);
    i += size;
  }
}

/** The i-th parameter (from 1) in the dialect's syntax. */
export function p(dialect: Dialect, i: number): string {
  return dialect === 'postgres' ? `$${i}` : '?';
}

/** n parameters from `first`, comma separated. */
export function placeholders(dialect: Dialect, n: number, first = 1): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(p(dialect, first + i));
  return out.join(', ');
}

/** `(…), (…)`: `rows` rows of `width` parameters. */
export function valueRows(dialect: Dialect, rows: number, width: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(`(${placeholders(dialect, width, 1 + r * width)})`);
  return out.join(', ');
}

/** Runs SQL text with its parameters (on the database or a transaction); its rows. */
export async function run<R = Record<string, unknown>>(
  db: Kysely<Database>,
  text: string,
  parameters: unknown[],
): Promise<R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, parameters));
  return result.rows;
}
