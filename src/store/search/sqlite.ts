// SQLite's side of search: FTS5 read from the end of its doclists (rowid =
// key, so newest first), the time tags that bound a date filter, and the
// relevance score computed from the index alone.
import { sql } from 'kysely';
import { ftsExpression, type ParsedQuery, timeTagGroup } from '../../search/index.ts';
import { type DbHandle, dbOf, KYSELY } from '../handle.ts';
import { type CandidateRow, type FlaggedCandidate, type Scored, toCandidate } from './rows.ts';

/** Per database: the key from which every document carries its time tags, asked once a minute. */
const TIME_TAGS_FROM = new WeakMap<object, { key: number; at: number }>();

/**
 * The newest `limit` matches of an FTS5 expression in [lo, hi), keys
 * descending; the normalised title and lead are read only `withText`.
 */
export async function sqliteNewestOf(
  h: DbHandle,
  fts: string,
  lo: number,
  hi: number,
  limit: number,
  withText: boolean,
): Promise<FlaggedCandidate[]> {
  const keys = await newestKeys(h, fts, lo, hi, limit);
  if (!keys.length) return [];
  const rows: CandidateRow[] = await dbOf(h)
    .selectFrom('article_search')
    .select(withText ? ['key', 'article_id', 'title_norm', 'lead_norm'] : ['key', 'article_id'])
    .where('key', 'in', keys)
    .orderBy('key', 'desc')
    .execute();
  return rows.map((row) => ({ ...toCandidate(row), flags: [] }));
}

/**
 * The filter tags with the time tags of a date filter's range
 * (timeTagGroup), when every document of the range has them: from the
 * key migration 0015 recorded on (documents written since carry them).
 * PostgreSQL reads its ranges through the key index instead.
 */
export async function withTimeTags(
  { [KYSELY]: db, dialect }: DbHandle,
  tags: string[][],
  lo: number,
  hi: number,
): Promise<string[][]> {
  if (dialect !== 'sqlite' || lo <= 0) return tags;
  let known = TIME_TAGS_FROM.get(db);
  if (!known || Date.now() - known.at >= 60_000) {
    const row = await sql<{
      key: number | null;
    }>`select min(from_key) as key from search_time_tags`.execute(db);
    known = { key: Number(row.rows[0]?.key ?? Number.MAX_SAFE_INTEGER), at: Date.now() };
    TIME_TAGS_FROM.set(db, known);
  }
  if (lo < known.key) return tags;
  // Without an end date, up to the newest document (a date in the future included).
  let top = hi;
  if (hi === Number.MAX_SAFE_INTEGER) {
    const newest = await sql<{ key: number | null }>`select max(key) as key from article_search`.execute(db);
    top = Number(newest.rows[0]?.key ?? lo) + 1;
  }
  const group = timeTagGroup(lo, top);
  return group ? [...tags, group] : tags;
}

/**
 * The newest `limit` candidates of a relevance search, scored from the
 * index alone: their keys, then for each term the query's matches that
 * have it in the title column, doclists read from their end. (Scoring the
 * body too, 3 for the title and 1 for the body, cost two more
 * intersections a term for a tie-break, and the tail of two-word queries
 * went over 90 ms.) Reading the candidates' rows instead cost a random
 * page read each, 100 µs apiece for a rare word's matches spread over the
 * archive (measured at 1,000,000 articles: 18 ms median, 43 ms p99).
 * Unsorted; article ids unknown (read for the page only).
 */
export async function sqliteScored(
  h: DbHandle,
  query: ParsedQuery,
  tags: string[][],
  lo: number,
  hi: number,
  limit: number,
): Promise<Scored[]> {
  const keys = await newestKeys(h, ftsExpression(query, tags), lo, hi, limit);
  if (!keys.length) return [];
  const score = new Map<number, number>(keys.map((k) => [k, 0]));
  const oldest = keys[keys.length - 1] as number;
  for (const t of query.terms) {
    // The query's matches that have this term in their title, newest first,
    // read a quarter of `limit` at a time down to the oldest candidate.
    const hits = await newestDownTo(
      h,
      ftsExpression(query, tags, t),
      oldest,
      hi,
      Math.ceil(limit / 4),
      limit,
    );
    for (const k of hits) {
      const s = score.get(k);
      if (s !== undefined) score.set(k, s + 1);
    }
  }
  return [...score].map(([key, s]) => ({ key, articleId: null, score: s }));
}

/**
 * The keys of the newest `limit` matches of an FTS5 expression in
 * [lo, hi), newest first. The lower bound is applied here, not given to
 * FTS5: read newest first, a doclist with a lower bound is first walked up
 * from its start (measured at 1,000,000 articles: 40–60 ms for a frequent
 * word, against 1 ms for the same rows with a LIMIT alone); the LIMIT bounds
 * the read instead.
 */
async function newestKeys(
  { [KYSELY]: db }: DbHandle,
  fts: string,
  lo: number,
  hi: number,
  limit: number,
): Promise<number[]> {
  const rows = await sql<{ k: number }>`select rowid as k from search_fts
      where search_fts match ${fts} and rowid < ${hi}
      order by rowid desc limit ${limit}`.execute(db);
  const keys: number[] = [];
  for (const r of rows.rows) {
    const k = Number(r.k);
    if (k < lo) break;
    keys.push(k);
  }
  return keys;
}

/**
 * The keys of the matches of `fts` in [oldest, hi), newest first, read
 * `first` at a time, then twice as many, up to `max` keys (the query's
 * matches that have a term in a column, among `max` candidates: no more
 * can be among them). Each read starts below the last key seen, so the
 * reads stop soon after `oldest` (no lower bound: see newestKeys).
 */
async function newestDownTo(
  { [KYSELY]: db }: DbHandle,
  fts: string,
  oldest: number,
  hi: number,
  first: number,
  max: number,
): Promise<number[]> {
  const out: number[] = [];
  let top = hi;
  let chunk = first;
  for (;;) {
    const rows = await sql<{ k: number }>`select rowid as k from search_fts
        where search_fts match ${fts} and rowid < ${top}
        order by rowid desc limit ${chunk}`.execute(db);
    for (const r of rows.rows) {
      const k = Number(r.k);
      if (k < oldest) return out;
      out.push(k);
      top = k;
    }
    if (rows.rows.length < chunk || out.length >= max) return out;
    chunk = Math.min(chunk * 2, max);
  }
}
