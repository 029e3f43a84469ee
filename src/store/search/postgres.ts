// PostgreSQL's side of search: the newest matches of a tsquery from a GIN
// index that has no order, by walking the newest rows or by windows of keys,
// the plan chosen from the planner's estimates; the relevance flags tested
// on the rows kept.
import { sql } from 'kysely';
import { keyBelow } from '../../search/index.ts';
import { type DbHandle, dbOf, KYSELY } from '../handle.ts';
import { type CandidateRow, type FlaggedCandidate, toCandidate } from './rows.ts';

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

/** Per database, asked once a minute: the planner's idea of the index's size, and the key's histogram. */
const ARCHIVE_ROWS = new WeakMap<object, { rows: number; at: number }>();
const KEY_QUANTILES = new WeakMap<object, { bounds: number[]; at: number }>();

/**
 * The newest `limit` matches of a tsquery in [lo, hi), keys descending, with
 * `flags` (tsqueries) tested on each match kept (each test reads the row's
 * tsvector); the normalised title and lead are read only `withText`. The
 * GIN index has no order: asked for the newest matches of a frequent word,
 * it would fetch every match and sort; of a rare one, the planner may walk
 * the key index backwards testing every row. So the plan is chosen from the
 * planner's estimate of the matches: walk the newest rows when that reads
 * fewer rows than the GIN index would hand back, otherwise sort the GIN
 * index's matches, window by window.
 */
export async function pgNewestOf(
  h: DbHandle,
  tsquery: string,
  lo: number,
  hi: number,
  limit: number,
  flags: string[],
  withText: boolean,
  tuning: SearchTuning,
): Promise<FlaggedCandidate[]> {
  const db = dbOf(h);
  const rareMatches = tuning.rareMatches ?? PG_RARE_MATCHES;
  const forcedWalk = tuning.walk ?? null;
  const windowShare = tuning.windowShare ?? null;
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
  const [estimate, archive] = await Promise.all([estimateMatches(h, tsquery), archiveRows(h)]);
  const out: FlaggedCandidate[] = [];
  let top = hi;
  // Rows to walk for `limit` matches, were they spread evenly in time.
  const needed = Math.ceil((PG_WALK_MARGIN * limit * archive) / Math.max(1, estimate));
  const walk = forcedWalk !== null ? estimate > rareMatches : needed <= PG_WALK;
  if (walk) {
    // Common: walk the newest rows of the range (the key index, backwards)
    // and test each, until the page is full; a common word fills it in
    // the first few hundred. A phrase of common words is rarer than its
    // words: the walk grows (×3) before the windows below take over.
    let rows = forcedWalk ?? PG_WALK;
    // (Without a phrase one walk: its estimate is the words' own.)
    const walks = tsquery.includes('<->') ? PG_WINDOWS : 1;
    for (let i = 0; i < walks; i++, rows *= 3) {
      const r = await sql<
        CandidateRow & Record<string, unknown>
      >`select key, article_id${text}${flagColumns} from (
            select key, article_id${text}, tsv from article_search
            where key >= ${lo} and key < ${top} order by key desc limit ${rows}) w
          where tsv @@ ${tsquery}::tsquery order by key desc limit ${limit - out.length}`.execute(db);
      out.push(...r.rows.map(withFlags));
      if (out.length >= limit) return out;
      // Not enough there: the rest is older than the rows walked.
      const edge = await sql<{ key: string }>`select key from article_search
          where key >= ${lo} and key < ${top} order by key desc offset ${rows - 1} limit 1`.execute(db);
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
  const quantiles = await keyQuantiles(h);
  let share = windowShare ?? (PG_WALK_MARGIN * (limit - out.length)) / Math.max(1, estimate);
  for (;;) {
    const floor = Math.max(lo, keyBelow(quantiles, top, share));
    const rows = await db.transaction().execute(async (trx) => {
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
 * The key's histogram from the planner's statistics (about a hundred
 * bounds, ascending, equal numbers of rows between them; none before the
 * first ANALYZE), asked once a minute per database.
 */
async function keyQuantiles({ [KYSELY]: db }: DbHandle): Promise<number[]> {
  const known = KEY_QUANTILES.get(db);
  if (known && Date.now() - known.at < 60_000) return known.bounds;
  const r = await sql<{ bounds: string | null }>`select histogram_bounds::text as bounds from pg_stats
      where schemaname = current_schema() and tablename = 'article_search' and attname = 'key'`.execute(db);
  const text = r.rows[0]?.bounds;
  const bounds = text ? text.replace(/[{}]/g, '').split(',').map(Number) : [];
  KEY_QUANTILES.set(db, { bounds, at: Date.now() });
  return bounds;
}

/** The planner's estimate of a tsquery's matches. */
async function estimateMatches({ [KYSELY]: db }: DbHandle, tsquery: string): Promise<number> {
  const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`explain (format json)
      select 1 from article_search where tsv @@ ${tsquery}::tsquery`.execute(db);
  return plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
}

/** The planner's idea of the index's size, asked once a minute per database. */
async function archiveRows({ [KYSELY]: db }: DbHandle): Promise<number> {
  const known = ARCHIVE_ROWS.get(db);
  if (known && Date.now() - known.at < 60_000) return known.rows;
  const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`explain (format json)
      select 1 from article_search`.execute(db);
  const rows = Math.max(1, plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 1);
  ARCHIVE_ROWS.set(db, { rows, at: Date.now() });
  return rows;
}
