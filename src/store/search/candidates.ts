// The newest matches of a query on either backend: FTS5 on SQLite, the GIN
// index on PostgreSQL, the same keys in the same order.
import type { DbHandle } from '../handle.ts';
import { pgNewestOf, type SearchTuning } from './postgres.ts';
import type { FlaggedCandidate } from './rows.ts';
import { sqliteNewestOf } from './sqlite.ts';

/**
 * The newest `limit` matches in [lo, hi) of an FTS5 expression (SQLite) or
 * its tsquery twin (PostgreSQL), keys descending. On PostgreSQL, `flags`
 * are tsqueries tested on each match (after the limit); the normalised
 * title and lead are read only `withText` (they are wide, and only "Lire
 * aussi" weighs them).
 */
export function newestOf(
  h: DbHandle,
  fts: string,
  tsquery: string,
  lo: number,
  hi: number,
  limit: number,
  options: { flags?: string[]; withText?: boolean; tuning?: SearchTuning } = {},
): Promise<FlaggedCandidate[]> {
  const withText = options.withText ?? false;
  if (h.dialect === 'sqlite') return sqliteNewestOf(h, fts, lo, hi, limit, withText);
  return pgNewestOf(h, tsquery, lo, hi, limit, options.flags ?? [], withText, options.tuning ?? {});
}
