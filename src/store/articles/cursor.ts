// Keyset pagination over (published_at, id), newest first, written once for
// every article list (the JSON API's `before`, the site's `?avant=`): a page
// ends with the cursor of its last row, and the next page reads from there
// down the index, never by OFFSET, so page 500 costs what page 1 does.
import { type RawBuilder, sql } from 'kysely';

export interface ArticleKey {
  publishedAt: string;
  id: number;
}

/** Keyset cursor over (published_at, id), newest first. Opaque to clients. */
export function encodeCursor(publishedAt: string, id: number): string {
  return Buffer.from(`${publishedAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): ArticleKey | null {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|(\d+)$/.exec(raw);
  if (!m) return null;
  return { publishedAt: m[1]!, id: Number(m[2]) };
}

/**
 * The rows after the key, newest first: `articles` older than it, or as old
 * with a smaller id. The values may be a compiled query's stand-ins.
 */
export function olderThan(publishedAt: string, id: number): RawBuilder<boolean> {
  const at = sql.ref('articles.published_at');
  return sql<boolean>`(${at} < ${publishedAt} or (${at} = ${publishedAt} and ${sql.ref('articles.id')} < ${id}))`;
}

/**
 * A page from `limit + 1` rows read newest first: the first `limit`, and the
 * cursor of the last of them when there was one more (null on the last page).
 */
export function keysetPage<R extends { published_at: string; id: number }, T>(
  rows: R[],
  limit: number,
  item: (row: R) => T,
): { items: T[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(item),
    next: rows.length > limit && last ? encodeCursor(last.published_at, Number(last.id)) : null,
  };
}
