// One page of a search, on both backends with the same answers. The work is
// bounded: a date-ordered search reads the matches newest first and stops
// at the page; a relevance search scores only the newest candidateLimit()
// matches (ranking every match of a frequent word costs 0.4–1.1 s at a
// million articles), with a score both dialects compute alike: per term, 1
// when the title has it (every match has it in title or body); ties newest
// first.
import {
  byRelevance,
  candidateLimit,
  decodeSearchCursor,
  encodeSearchCursor,
  filterTags,
  ftsExpression,
  keyRange,
  type ParsedQuery,
  type SearchSort,
  titleQuery,
  tsqueryLiteral,
} from '../../search/index.ts';
import { type DbHandle, KYSELY } from '../handle.ts';
import { newestOf } from './candidates.ts';
import type { SearchTuning } from './postgres.ts';
import type { Scored } from './rows.ts';
import { sqliteScored, withTimeTags } from './sqlite.ts';

export interface SearchFilter {
  /** Only these sources (an edition's, or one); undefined: every source. Empty: nothing. */
  sourceIds?: number[];
  /** Only these categories (names or slugs: "Économie" and "economie" are one). */
  categories?: string[];
  /** published_at >= from (ISO UTC). */
  from?: string;
  /** published_at < to (ISO UTC). */
  to?: string;
}

export interface SearchRequest extends SearchFilter {
  query: ParsedQuery;
  sort: SearchSort;
  limit: number;
  /** A cursor from a previous page of the same search. */
  cursor?: string | null;
}

export interface SearchResult {
  /** Article ids, in order. */
  ids: number[];
  next: string | null;
}

/**
 * One page of a search; throws on a cursor that is not ours (check with
 * decodeSearchCursor first). `tuning` forces PostgreSQL's plans (tests).
 */
export async function searchArticles(
  h: DbHandle,
  req: SearchRequest,
  tuning: SearchTuning = {},
): Promise<SearchResult> {
  const filters = filterTags(req);
  if (!filters) return { ids: [], next: null };
  const cursor = req.cursor ? decodeSearchCursor(req.cursor, req.sort) : null;
  if (req.cursor && !cursor) throw new Error('not a search cursor');
  const range = keyRange(req.from, req.to);
  const tags = await withTimeTags(h, filters, range.lo, range.hi);
  if (req.sort === 'date') {
    const hi = cursor ? Math.min(range.hi, cursor.key) : range.hi;
    const q = req.query;
    const keys = await newestOf(
      h,
      ftsExpression(q, tags),
      tsqueryLiteral(q, tags),
      range.lo,
      hi,
      req.limit + 1,
      {
        tuning,
      },
    );
    const page = keys.slice(0, req.limit);
    const last = page[page.length - 1];
    return {
      ids: page.map((k) => k.articleId),
      next:
        keys.length > req.limit && last
          ? encodeSearchCursor({ sort: 'date', score: 0, key: last.key })
          : null,
    };
  }
  const scored = await ranked(h, req.query, tags, range.lo, range.hi, tuning);
  const after = cursor
    ? scored.filter((s) => s.score < cursor.score || (s.score === cursor.score && s.key < cursor.key))
    : scored;
  const page = after.slice(0, req.limit);
  const last = page[page.length - 1];
  const ids = await articleIds(h, page);
  return {
    ids,
    next:
      after.length > req.limit && last
        ? encodeSearchCursor({ sort: 'relevance', score: last.score, key: last.key })
        : null,
  };
}

/**
 * The newest candidateLimit() matches, scored, best first (ties newest
 * first). The score: how many of the query's terms the title has (each
 * match has them all in its title or body). SQLite computes it from the
 * index alone (sqliteScored); PostgreSQL reads the candidates' rows anyway
 * (GIN has no order) and tests the same terms against their tsvector's
 * title weight (A).
 */
async function ranked(
  h: DbHandle,
  query: ParsedQuery,
  tags: string[][],
  lo: number,
  hi: number,
  tuning: SearchTuning,
): Promise<Scored[]> {
  const limit = candidateLimit(query);
  let scored: Scored[];
  if (h.dialect === 'sqlite') {
    scored = await sqliteScored(h, query, tags, lo, hi, limit);
  } else {
    const flags = query.terms.map((t) => titleQuery(t.tokens));
    const found = await newestOf(h, ftsExpression(query, tags), tsqueryLiteral(query, tags), lo, hi, limit, {
      flags,
      tuning,
    });
    scored = found.map((c) => ({
      key: c.key,
      articleId: c.articleId,
      score: c.flags.filter(Boolean).length,
    }));
  }
  return scored.sort(byRelevance);
}

/** The article ids of scored keys, in their order (SQLite reads them for the page only). */
async function articleIds({ [KYSELY]: db }: DbHandle, page: Scored[]): Promise<number[]> {
  const missing = page.filter((s) => s.articleId === null).map((s) => s.key);
  const byKey = new Map<number, number>();
  if (missing.length) {
    const rows = await db
      .selectFrom('article_search')
      .select(['key', 'article_id'])
      .where('key', 'in', missing)
      .execute();
    for (const r of rows) byKey.set(Number(r.key), Number(r.article_id));
  }
  return page.flatMap((s) => {
    const id = s.articleId ?? byKey.get(s.key);
    return id === undefined ? [] : [id];
  });
}
