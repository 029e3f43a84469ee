// Full-text search over both backends, with one normalisation (src/search)
// done in JavaScript at ingest and at query time, so SQLite and PostgreSQL
// index the same tokens and answer the same queries with the same ids:
//
// - `article_search`: one row per article, keyed by `key` (publication
//   second × 2^21 + the id's low bits: keys sort by publication time, which
//   ids do not), with the normalised title and lead that "Lire aussi" is
//   scored on, and in PostgreSQL the document as a tsvector (GIN).
// - SQLite: `search_fts`, an FTS5 table without content (contentless_delete),
//   rowid = key, columns title, body, tags (filter tokens).
//
// The work is bounded: a date-ordered search reads the matches newest first
// and stops at the page; a relevance search scores only the newest
// CANDIDATES matches (ranking every match of a frequent word costs 0.4–1.1 s
// at a million articles), with a score both dialects compute alike: per term,
// 1 when the title has it (every match has it in title or body); ties newest first.
import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type ArticleForIndex,
  categoryTag,
  type IndexText,
  indexDocument,
  keyRange,
  keyTerms,
  type ParsedQuery,
  type SearchDocument,
  sourceTag,
  timeTagGroup,
  timeTags,
} from '../search/index.ts';
import type { Dialect } from './connect.ts';
import type { Database } from './schema.ts';

/** The database or a transaction on it: indexing runs inside the transaction that queued or wrote the articles. */
type Db = Kysely<Database> | Transaction<Database>;

/** How many of the newest matches a relevance search ranks. */
export const CANDIDATES = 300;
/**
 * With a phrase, fewer: checking a phrase reads the positions of its words
 * in every article that has them all (about ten articles read per match for
 * two common words), where a word alone costs one doclist entry.
 */
export const PHRASE_CANDIDATES = 100;
/**
 * With several words, fewer too: their matches are fewer and more to the
 * point, and each word's flags are an intersection that seeks in the other
 * words' doclists (measured at 1,000,000 articles: 500 candidates of a
 * frequent word and a name cost 40–80 ms).
 */
export const MULTI_WORD_CANDIDATES = 200;
/** "Lire aussi" asks for articles with two of the article's first this-many key terms. */
export const RELATED_PAIR_TERMS = 6;
/** "Lire aussi" looks at the articles of the last this-many days. */
export const RELATED_DAYS = 30;
/** How many of the newest matches "Lire aussi" ranks. */
export const RELATED_CANDIDATES = 300;

// ── Indexing ─────────────────────────────────────────────────────────────

/**
 * (Re)indexes these articles from their stored rows: called by the store in
 * the transaction that wrote them (new, updated, page fetched).
 */
export async function indexArticles(
  db: Db,
  dialect: Dialect,
  ids: number[],
  words?: ReadonlyMap<number, { search: IndexText }>,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 200) {
    const part = ids.slice(i, i + 200);
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'source_id', 'title', 'summary', 'text', 'category', 'published_at'])
      .where('id', 'in', part)
      .execute();
    await db.deleteFrom('article_search').where('article_id', 'in', part).execute();
    for (const r of rows as Array<{
      id: number;
      source_id: number;
      title: string;
      summary: string | null;
      text: string | null;
      category: string | null;
      published_at: string;
    }>) {
      const a: ArticleForIndex = {
        id: Number(r.id),
        sourceId: Number(r.source_id),
        title: r.title,
        summary: r.summary,
        text: r.text,
        category: r.category,
        publishedAt: r.published_at,
      };
      const known = words?.get(a.id)?.search;
      await writeDocument(db, dialect, known ? indexDocument(a, known) : indexDocument(a));
    }
  }
}

/** The FTS5 tags column of a document: its filter tags and the time tags of its key (see timeTagGroup). */
export function ftsTags(tags: string, key: number): string {
  return `${tags} ${timeTags(key).join(' ')}`;
}

async function writeDocument(db: Db, dialect: Dialect, doc: SearchDocument): Promise<void> {
  // A taken key (same second, ids 2^21 apart): the next free one.
  for (let key = doc.key; ; key++) {
    const inserted =
      dialect === 'sqlite'
        ? await sql`insert into article_search (key, article_id, title_norm, lead_norm)
            values (${key}, ${doc.articleId}, ${doc.titleNorm}, ${doc.leadNorm})
            on conflict (key) do nothing returning key`.execute(db)
        : await sql`insert into article_search (key, article_id, title_norm, lead_norm, tsv)
            values (${key}, ${doc.articleId}, ${doc.titleNorm}, ${doc.leadNorm}, ${doc.tsvector}::tsvector)
            on conflict (key) do nothing returning key`.execute(db);
    if (!inserted.rows.length) continue;
    if (dialect === 'sqlite') {
      await sql`insert into search_fts (rowid, title, body, tags)
          values (${key}, ${doc.title}, ${doc.body}, ${ftsTags(doc.tags, key)})`.execute(db);
    }
    return;
  }
}

// ── Searching ────────────────────────────────────────────────────────────

export type SearchSort = 'relevance' | 'date';

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

interface Cursor {
  sort: SearchSort;
  score: number;
  key: number;
}

export function encodeSearchCursor(c: Cursor): string {
  return Buffer.from(c.sort === 'date' ? `d|${c.key}` : `r|${c.score}|${c.key}`).toString('base64url');
}

/** The cursor, or null when it is not one of ours (or not of this sort). */
export function decodeSearchCursor(cursor: string, sort: SearchSort): Cursor | null {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const m = sort === 'date' ? /^d\|(\d{1,16})$/.exec(raw) : /^r\|(\d{1,4})\|(\d{1,16})$/.exec(raw);
  if (!m) return null;
  const key = Number(sort === 'date' ? m[1] : m[2]);
  if (!Number.isSafeInteger(key)) return null;
  return { sort, score: sort === 'date' ? 0 : Number(m[1]), key };
}

const quote = (token: string) => `"${token}"`;

/**
 * The FTS5 MATCH expression: the terms in title or body, the filters on
 * tags; with `inTitle`, that term in the title only (the query's matches
 * that have it there: AND of the title's doclist with the others', not of
 * both columns' and then the title's, which seeks in one more big doclist).
 */
export function ftsExpression(
  query: ParsedQuery,
  tags: string[][],
  inTitle?: ParsedQuery['terms'][number],
): string {
  const rest = query.terms.filter((t) => t !== inTitle);
  const terms = rest.map((t) => quote(t.tokens.join(' '))).join(' AND ');
  let expr = inTitle ? `{title} : (${quote(inTitle.tokens.join(' '))})` : '';
  if (terms) expr += `${expr ? ' AND ' : ''}{title body} : (${terms})`;
  for (const group of tags) expr += ` AND {tags} : (${group.map(quote).join(' OR ')})`;
  return expr;
}

/**
 * A query word as a tsquery operand: in the title or the body (weights A,
 * B), not a filter tag (D). Only a word spelled like a tag can meet one, so
 * only such a word carries the weights: a weighted operand makes the GIN
 * index hand every match back for a recheck against its tsvector (~1.5 µs
 * each, thousands for two common words).
 */
function wordOperand(token: string): string {
  return TAG_SHAPED.test(token) ? `'${token}':AB` : `'${token}'`;
}
const TAG_SHAPED = /^x[sc]/;

/** The same as a PostgreSQL tsquery literal: terms in the title or body (A, B), tags D. */
export function tsqueryLiteral(query: ParsedQuery, tags: string[][]): string {
  const parts = query.terms.map((t) => {
    const p = t.tokens.map(wordOperand).join(' <-> ');
    return t.tokens.length > 1 ? `(${p})` : p;
  });
  for (const group of tags) parts.push(`(${group.map((g) => `'${g}':D`).join(' | ')})`);
  return parts.join(' & ');
}

/** One query term (a word or a phrase's words) in the title, as a tsquery literal (weight A). */
function titleQuery(tokens: string[]): string {
  return tokens.map((tok) => `'${tok}':A`).join(' <-> ');
}

function filterTags(f: SearchFilter): string[][] | null {
  const groups: string[][] = [];
  if (f.sourceIds) {
    if (!f.sourceIds.length) return null;
    groups.push(f.sourceIds.map(sourceTag));
  }
  if (f.categories) {
    const tags = [...new Set(f.categories.map(categoryTag).filter((t): t is string => t !== null))];
    if (!tags.length) return null;
    groups.push(tags);
  }
  return groups;
}

interface Candidate {
  key: number;
  articleId: number;
  titleNorm: string;
  leadNorm: string;
}

interface Scored {
  key: number;
  /** Known on PostgreSQL (the rows are read); on SQLite looked up for the page only. */
  articleId: number | null;
  score: number;
}

/** A row of the index as a candidate; its title and lead are '' when they were not read. */
function toCandidate(r: CandidateRow): Candidate {
  return {
    key: Number(r.key),
    articleId: Number(r.article_id),
    titleNorm: r.title_norm ?? '',
    leadNorm: r.lead_norm ?? '',
  };
}

type CandidateRow = { key: number | string; article_id: number; title_norm?: string; lead_norm?: string };

/** PostgreSQL, walk forced by tuning (tests): the planner's estimate above which a query is walked for. */
const PG_RARE_MATCHES = 5000;
/**
 * PostgreSQL: the newest rows are walked when about this many should hold
 * the page (a common word); each row tested costs ~5.5 µs at 200,000
 * articles, so a walk costs at most ~11 ms, and most stop far earlier.
 */
const PG_WALK = 2000;
/** PostgreSQL: read 1.5 times the rows (walk) or the share of the index (windows) that should hold the page: words cluster in time. */
const PG_WALK_MARGIN = 1.5;
/** PostgreSQL: walks for a phrase (each three times the last) before the GIN index's windows. */
const PG_WINDOWS = 3;

export interface SearchTuning {
  /** PostgreSQL, with `walk`: the planner's estimate above which a query is walked for (default PG_RARE_MATCHES). */
  rareMatches?: number;
  /** PostgreSQL: force walks of this many newest rows (tests: every plan must give the same answers). */
  walk?: number;
  /** PostgreSQL: the share of the index the first window of the GIN index's matches covers (tests; default from the estimate). */
  windowShare?: number;
}

const TIME_TAGS_FROM = new WeakMap<object, { key: number; at: number }>();
const ARCHIVE_ROWS = new WeakMap<object, { rows: number; at: number }>();
const KEY_QUANTILES = new WeakMap<object, { bounds: number[]; at: number }>();

/**
 * The key below `top` with about `share` of the index's rows between them,
 * from the histogram's bounds; -Infinity when the share reaches the oldest
 * rows or there is no histogram (the window is then the whole range).
 */
export function keyBelow(bounds: readonly number[], top: number, share: number): number {
  if (bounds.length < 2 || share >= 1) return Number.NEGATIVE_INFINITY;
  // Where `top` stands: the share of the rows below it (keys newer than the last bound: all of them).
  let above = bounds.length - 1;
  while (above > 0 && (bounds[above - 1] as number) >= top) above--;
  const position = Math.min(1, above / (bounds.length - 1));
  const at = Math.floor((position - share) * (bounds.length - 1));
  return at <= 0 ? Number.NEGATIVE_INFINITY : (bounds[at] as number);
}

export class SearchQueries {
  private readonly rareMatches: number;
  private readonly walk: number | null;
  private readonly windowShare: number | null;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    tuning: SearchTuning = {},
  ) {
    this.rareMatches = tuning.rareMatches ?? PG_RARE_MATCHES;
    this.walk = tuning.walk ?? null;
    this.windowShare = tuning.windowShare ?? null;
  }

  /** One page of a search; throws on a cursor that is not ours (check with decodeSearchCursor first). */
  async search(req: SearchRequest): Promise<SearchResult> {
    const filters = filterTags(req);
    if (!filters) return { ids: [], next: null };
    const cursor = req.cursor ? decodeSearchCursor(req.cursor, req.sort) : null;
    if (req.cursor && !cursor) throw new Error('not a search cursor');
    const range = keyRange(req.from, req.to);
    const tags = await this.withTimeTags(filters, range.lo, range.hi);
    if (req.sort === 'date') {
      const hi = cursor ? Math.min(range.hi, cursor.key) : range.hi;
      const keys = await this.newest(req.query, tags, range.lo, hi, req.limit + 1);
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
    const scored = await this.ranked(req.query, tags, range.lo, range.hi);
    const after = cursor
      ? scored.filter((s) => s.score < cursor.score || (s.score === cursor.score && s.key < cursor.key))
      : scored;
    const page = after.slice(0, req.limit);
    const last = page[page.length - 1];
    const ids = await this.articleIds(page);
    return {
      ids,
      next:
        after.length > req.limit && last
          ? encodeSearchCursor({ sort: 'relevance', score: last.score, key: last.key })
          : null,
    };
  }

  /**
   * The newest `limit` matches in [lo, hi), keys descending. SQLite's FTS5
   * reads its doclists in rowid (key) order and stops at the limit.
   * PostgreSQL's GIN index has no order: asked for the newest matches of a
   * frequent word, it would fetch every match and sort; of a rare one, the
   * planner may walk the key index backwards testing every row. So the
   * plan is chosen from the planner's estimate of the matches: walk the
   * newest rows when that reads fewer rows than the GIN index would hand
   * back, otherwise sort the GIN index's matches (newestOf).
   */
  private newest(
    query: ParsedQuery,
    tags: string[][],
    lo: number,
    hi: number,
    limit: number,
  ): Promise<Candidate[]> {
    return this.newestOf(ftsExpression(query, tags), tsqueryLiteral(query, tags), lo, hi, limit);
  }

  /**
   * The same for an FTS5 expression and its tsquery twin. On PostgreSQL,
   * `flags` are tsqueries tested on each match (after the limit: each test
   * reads the row's tsvector); the normalised title and lead are read only
   * `withText` (they are wide, and only "Lire aussi" weighs them).
   */
  private async newestOf(
    fts: string,
    tsquery: string,
    lo: number,
    hi: number,
    limit: number,
    flags: string[] = [],
    withText = false,
  ): Promise<Array<Candidate & { flags: boolean[] }>> {
    if (this.dialect === 'sqlite') {
      const keys = await this.newestKeys(fts, lo, hi, limit);
      if (!keys.length) return [];
      const rows: CandidateRow[] = await this.db
        .selectFrom('article_search')
        .select(withText ? ['key', 'article_id', 'title_norm', 'lead_norm'] : ['key', 'article_id'])
        .where('key', 'in', keys)
        .orderBy('key', 'desc')
        .execute();
      return rows.map((row) => ({ ...toCandidate(row), flags: [] }));
    }
    // Per flag, whether the row's tsvector matches it (the relevance score's terms).
    const flagColumns = sql.join(
      flags.map((f, i) => sql`, (tsv @@ ${f}::tsquery) as ${sql.ref(`f${i}`)}`),
      sql``,
    );
    const text = withText ? sql`, title_norm, lead_norm` : sql``;
    const withFlags = (row: CandidateRow & Record<string, unknown>) => ({
      ...toCandidate(row),
      flags: flags.map((_, i) => row[`f${i}`] === true),
    });
    // The planner's estimates of the matches and of the archive decide the plan, and each plan is bounded.
    const [estimate, archive] = await Promise.all([this.estimate(tsquery), this.archiveRows()]);
    const out: Array<Candidate & { flags: boolean[] }> = [];
    let top = hi;
    // Rows to walk for `limit` matches, were they spread evenly in time.
    const needed = Math.ceil((PG_WALK_MARGIN * limit * archive) / Math.max(1, estimate));
    const walk = this.walk !== null ? estimate > this.rareMatches : needed <= PG_WALK;
    if (walk) {
      // Common: walk the newest rows of the range (the key index, backwards)
      // and test each, until the page is full; a common word fills it in
      // the first few hundred. A phrase of common words is rarer than its
      // words: the walk grows (×3) before the windows below take over.
      let rows = this.walk ?? PG_WALK;
      // (Without a phrase one walk: its estimate is the words' own.)
      const walks = tsquery.includes('<->') ? PG_WINDOWS : 1;
      for (let i = 0; i < walks; i++, rows *= 3) {
        const r = await sql<
          CandidateRow & Record<string, unknown>
        >`select key, article_id${text}${flagColumns} from (
              select key, article_id${text}, tsv from article_search
              where key >= ${lo} and key < ${top} order by key desc limit ${rows}) w
            where tsv @@ ${tsquery}::tsquery order by key desc limit ${limit - out.length}`.execute(this.db);
        out.push(...r.rows.map(withFlags));
        if (out.length >= limit) return out;
        // Not enough there: the rest is older than the rows walked.
        const edge = await sql<{ key: string }>`select key from article_search
            where key >= ${lo} and key < ${top} order by key desc offset ${rows - 1} limit 1`.execute(
          this.db,
        );
        if (!edge.rows[0]) return out;
        top = Number(edge.rows[0].key);
      }
    }
    // Otherwise the GIN index's matches, in windows of keys from the newest:
    // each window the newest share of the index that should hold the page
    // (from the planner's estimate and the key's histogram), four times
    // larger each time, the last one down to `lo`. The planner ANDs the GIN
    // index's matches with the key index's range, so only the window's
    // matches are read from the table: a word in 2,500 articles read 270
    // rows instead of 2,500 (each a random page, 10 µs when not cached).
    // The key index is not walked (enable_indexscan off): the planner would
    // walk it backwards through the whole archive for a word it misjudged.
    // The flags are tested on the rows kept only, found again by ctid: in
    // the sort, or carried through it, each tsvector read cost more than
    // the match (measured: 27 ms against 19 for 4,900 matches).
    const quantiles = await this.keyQuantiles();
    let share = this.windowShare ?? (PG_WALK_MARGIN * (limit - out.length)) / Math.max(1, estimate);
    for (;;) {
      const floor = Math.max(lo, keyBelow(quantiles, top, share));
      const rows = await this.db.transaction().execute(async (trx) => {
        await sql`set local enable_indexscan = off`.execute(trx);
        await sql`set local enable_seqscan = off`.execute(trx);
        const matches = sql`select key, article_id${text}, ctid as row_ctid from article_search
            where tsv @@ ${tsquery}::tsquery and key >= ${floor} and key < ${top}
            order by key desc limit ${limit - out.length}`;
        if (!flags.length)
          return (await sql<CandidateRow & Record<string, unknown>>`${matches}`.execute(trx)).rows;
        return (
          await sql<
            CandidateRow & Record<string, unknown>
          >`select m.key, m.article_id${withText ? sql`, m.title_norm, m.lead_norm` : sql``}${flagColumns}
            from (${matches}) m join article_search a on a.ctid = m.row_ctid order by m.key desc`.execute(trx)
        ).rows;
      });
      out.push(...rows.map(withFlags));
      if (out.length >= limit || floor <= lo) return out;
      top = floor;
      share *= 4;
    }
  }

  /**
   * SQLite: the filter tags with the time tags of a date filter's range
   * (timeTagGroup), when every document of the range has them: from the
   * key migration 0015 recorded on (documents written since carry them).
   * PostgreSQL reads its ranges through the key index instead.
   */
  private async withTimeTags(tags: string[][], lo: number, hi: number): Promise<string[][]> {
    if (this.dialect !== 'sqlite' || lo <= 0) return tags;
    let known = TIME_TAGS_FROM.get(this.db);
    if (!known || Date.now() - known.at >= 60_000) {
      const row = await sql<{
        key: number | null;
      }>`select min(from_key) as key from search_time_tags`.execute(this.db);
      known = { key: Number(row.rows[0]?.key ?? Number.MAX_SAFE_INTEGER), at: Date.now() };
      TIME_TAGS_FROM.set(this.db, known);
    }
    if (lo < known.key) return tags;
    // Without an end date, up to the newest document (a date in the future included).
    let top = hi;
    if (hi === Number.MAX_SAFE_INTEGER) {
      const newest = await sql<{ key: number | null }>`select max(key) as key from article_search`.execute(
        this.db,
      );
      top = Number(newest.rows[0]?.key ?? lo) + 1;
    }
    const group = timeTagGroup(lo, top);
    return group ? [...tags, group] : tags;
  }

  /**
   * PostgreSQL: the key's histogram from the planner's statistics (about a
   * hundred bounds, ascending, equal numbers of rows between them; none
   * before the first ANALYZE), asked once a minute per database.
   */
  private async keyQuantiles(): Promise<number[]> {
    const known = KEY_QUANTILES.get(this.db);
    if (known && Date.now() - known.at < 60_000) return known.bounds;
    const r = await sql<{ bounds: string | null }>`select histogram_bounds::text as bounds from pg_stats
        where schemaname = current_schema() and tablename = 'article_search' and attname = 'key'`.execute(
      this.db,
    );
    const text = r.rows[0]?.bounds;
    const bounds = text ? text.replace(/[{}]/g, '').split(',').map(Number) : [];
    KEY_QUANTILES.set(this.db, { bounds, at: Date.now() });
    return bounds;
  }

  /** PostgreSQL: the planner's estimate of a tsquery's matches. */
  private async estimate(tsquery: string): Promise<number> {
    const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`explain (format json)
        select 1 from article_search where tsv @@ ${tsquery}::tsquery`.execute(this.db);
    return plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
  }

  /** PostgreSQL: the planner's idea of the index's size, asked once a minute per database. */
  private async archiveRows(): Promise<number> {
    const known = ARCHIVE_ROWS.get(this.db);
    if (known && Date.now() - known.at < 60_000) return known.rows;
    const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`explain (format json)
        select 1 from article_search`.execute(this.db);
    const rows = Math.max(1, plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 1);
    ARCHIVE_ROWS.set(this.db, { rows, at: Date.now() });
    return rows;
  }

  /**
   * SQLite: the keys of the newest `limit` matches of an FTS5 expression in
   * [lo, hi), newest first. The lower bound is applied here, not given to
   * FTS5: read newest first, a doclist with a lower bound is first walked up
   * from its start (measured at 1,000,000 articles: 40–60 ms for a frequent
   * word, against 1 ms for the same rows with a LIMIT alone); the LIMIT bounds
   * the read instead.
   */
  private async newestKeys(fts: string, lo: number, hi: number, limit: number): Promise<number[]> {
    const rows = await sql<{ k: number }>`select rowid as k from search_fts
        where search_fts match ${fts} and rowid < ${hi}
        order by rowid desc limit ${limit}`.execute(this.db);
    const keys: number[] = [];
    for (const r of rows.rows) {
      const k = Number(r.k);
      if (k < lo) break;
      keys.push(k);
    }
    return keys;
  }

  /**
   * SQLite: the keys of the matches of `fts` in [oldest, hi), newest first,
   * read `first` at a time, then twice as many, up to `max` keys (the
   * query's matches that have a term in a column, among `max` candidates:
   * no more can be among them). Each read starts below the last key seen,
   * so the reads stop soon after `oldest` (no lower bound: see newestKeys).
   */
  private async newestDownTo(
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
          order by rowid desc limit ${chunk}`.execute(this.db);
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

  /**
   * The newest CANDIDATES matches, scored, best first (ties newest first).
   * The score: how many of the query's terms the title has (each match has
   * them all in its title or body). SQLite computes it from the index alone:
   * the candidates' keys, then for each term the query's matches that have
   * it in the title column, doclists read from their end. (Scoring the body
   * too, 3 for the title and 1 for the body, cost two more intersections a
   * term for a tie-break, and the tail of two-word queries went over 90 ms.)
   * Reading the candidates' rows instead cost a random page read
   * each, 100 µs apiece for a rare word's matches spread over the archive
   * (measured at 1,000,000 articles: 18 ms median, 43 ms p99). PostgreSQL
   * reads the candidates' rows anyway (GIN has no order) and tests the same
   * terms against their tsvector's title weight (A).
   */
  private async ranked(query: ParsedQuery, tags: string[][], lo: number, hi: number): Promise<Scored[]> {
    const phrase = query.terms.some((t) => t.tokens.length > 1);
    const limit = phrase ? PHRASE_CANDIDATES : query.terms.length > 1 ? MULTI_WORD_CANDIDATES : CANDIDATES;
    const scored: Scored[] = [];
    if (this.dialect === 'sqlite') {
      const expression = ftsExpression(query, tags);
      const keys = await this.newestKeys(expression, lo, hi, limit);
      if (!keys.length) return [];
      const score = new Map<number, number>(keys.map((k) => [k, 0]));
      const oldest = keys[keys.length - 1] as number;
      for (const t of query.terms) {
        // The query's matches that have this term in their title, newest first,
        // read a quarter of `limit` at a time down to the oldest candidate.
        const hits = await this.newestDownTo(
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
      for (const [key, s] of score) scored.push({ key, articleId: null, score: s });
    } else {
      const flags = query.terms.map((t) => titleQuery(t.tokens));
      for (const c of await this.newestOf(
        ftsExpression(query, tags),
        tsqueryLiteral(query, tags),
        lo,
        hi,
        limit,
        flags,
      )) {
        const s = c.flags.filter(Boolean).length;
        scored.push({ key: c.key, articleId: c.articleId, score: s });
      }
    }
    return scored.sort((a, b) => b.score - a.score || b.key - a.key);
  }

  /** The article ids of scored keys, in their order (SQLite reads them for the page only). */
  private async articleIds(page: Scored[]): Promise<number[]> {
    const missing = page.filter((s) => s.articleId === null).map((s) => s.key);
    const byKey = new Map<number, number>();
    if (missing.length) {
      const rows = await this.db
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

  // ── "Lire aussi" ─────────────────────────────────────────────────────

  /**
   * Articles related to this one by text, within `sourceIds`: the newest
   * RELATED_CANDIDATES articles of the last RELATED_DAYS sharing two of its
   * first key terms (title and lead, function words out); each
   * candidate scored BM25-style on the terms its title and lead share
   * (title counts double; a term's weight is its inverse frequency among the
   * candidates, so the words every candidate has count for little); the
   * strong ones (two shared terms or more, at least half the best score)
   * shown newest first; never the article itself nor one of its story.
   * (FTS5's bm25() would count every match of every term in the whole
   * archive on each call: a cold article page cannot pay that.)
   */
  async related(articleId: number, sourceIds: number[], limit: number): Promise<number[]> {
    const article = await this.db
      .selectFrom('articles')
      .leftJoin('article_search', 'article_search.article_id', 'articles.id')
      .select([
        'articles.title',
        'articles.summary',
        'articles.story_id',
        'article_search.key',
        sql<string | null>`substr(articles.text, 1, 2000)`.as('head'),
      ])
      .where('articles.id', '=', articleId)
      .executeTakeFirst();
    if (!article || !sourceIds.length) return [];
    const terms = keyTerms(article.title, article.summary || article.head || '');
    if (terms.length < 2) return [];
    const storyId = article.story_id === null ? null : Number(article.story_id);
    // Two of its first key terms at least, anywhere in the text: any pair of them.
    const top = terms.slice(0, RELATED_PAIR_TERMS);
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < top.length; i++)
      for (let j = i + 1; j < top.length; j++) pairs.push([top[i] as string, top[j] as string]);
    const tags = sourceIds.map(sourceTag);
    const fts = `{title body} : (${pairs.map(([a, b]) => `(${quote(a)} AND ${quote(b)})`).join(' OR ')}) AND {tags} : (${tags.map(quote).join(' OR ')})`;
    const tsq = `(${pairs.map(([a, b]) => `(${wordOperand(a)} & ${wordOperand(b)})`).join(' | ')}) & (${tags.map((g) => `'${g}':D`).join(' | ')})`;
    // The newest, of the last RELATED_DAYS: whatever the terms, the index
    // reads no more than that stretch of its doclists (FTS5 reads them from
    // their end; terms that seldom meet would otherwise be read whole).
    const newest = await sql<{
      key: number | string | null;
    }>`select max(key) as key from article_search`.execute(this.db);
    const lo = Math.max(0, Number(newest.rows[0]?.key ?? 0) - RELATED_DAYS * 86_400 * 2 ** 21);
    const candidates = (
      await this.newestOf(fts, tsq, lo, Number.MAX_SAFE_INTEGER, RELATED_CANDIDATES, [], true)
    ).filter((c) => c.articleId !== articleId);
    if (!candidates.length) return [];
    const needles = terms.map((t) => ` ${t} `);
    const df = needles.map(
      (n) => candidates.filter((c) => c.titleNorm.includes(n) || c.leadNorm.includes(n)).length,
    );
    const scored = candidates
      .map((c) => {
        let score = 0;
        let shared = 0;
        for (const [i, n] of needles.entries()) {
          const inTitle = c.titleNorm.includes(n);
          if (!inTitle && !c.leadNorm.includes(n)) continue;
          shared++;
          score += (inTitle ? 2 : 1) * Math.log(1 + candidates.length / (df[i] as number));
        }
        return { ...c, score, shared };
      })
      .filter((c) => c.shared >= 2)
      .sort((a, b) => b.score - a.score || b.key - a.key);
    const best = scored[0]?.score ?? 0;
    const strong = scored.filter((c) => c.score >= best / 2).slice(0, limit * 4);
    if (!strong.length) return [];
    const stories = new Map(
      (
        await this.db
          .selectFrom('articles')
          .select(['id', 'story_id'])
          .where(
            'id',
            'in',
            strong.map((c) => c.articleId),
          )
          .execute()
      ).map((r) => [Number(r.id), r.story_id === null ? null : Number(r.story_id)]),
    );
    return strong
      .filter((c) => storyId === null || stories.get(c.articleId) !== storyId)
      .sort((a, b) => b.key - a.key)
      .slice(0, limit)
      .map((c) => c.articleId);
  }
}

/** What a result list shows of an article (the API's list item, the site's card, the snippet's text). */
export interface SearchHitRow {
  id: number;
  sourceId: number;
  sourceSlug: string;
  title: string;
  canonicalUrl: string | null;
  publishedAt: string;
  summary: string | null;
  language: string;
  category: string | null;
  author: string | null;
  leadImageUrl: string | null;
  leadImageId: number | null;
  /** The beginning of the text (enough for a snippet). */
  head: string | null;
}

/** These articles for a result list, in the order given. */
export async function searchHits(db: Kysely<Database>, ids: number[]): Promise<SearchHitRow[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .leftJoin('images', 'images.url', 'articles.lead_image_url')
    .select([
      'articles.id',
      'articles.source_id',
      'sources.slug',
      'articles.title',
      'articles.canonical_url',
      'articles.published_at',
      'articles.summary',
      'articles.language',
      'articles.category',
      'articles.author',
      'articles.lead_image_url',
      'images.id as image_id',
      sql<string | null>`substr(articles.text, 1, 20000)`.as('head'),
    ])
    .where('articles.id', 'in', ids)
    .execute();
  const byId = new Map(
    rows.map((r) => [
      Number(r.id),
      {
        id: Number(r.id),
        sourceId: Number(r.source_id),
        sourceSlug: r.slug,
        title: r.title,
        canonicalUrl: r.canonical_url,
        publishedAt: r.published_at,
        summary: r.summary,
        language: r.language,
        category: r.category,
        author: r.author,
        leadImageUrl: r.lead_image_url,
        leadImageId: r.image_id === null ? null : Number(r.image_id),
        head: r.head,
      },
    ]),
  );
  return ids.map((id) => byId.get(id)).filter((r): r is SearchHitRow => r !== undefined);
}
