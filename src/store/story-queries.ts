// Story clusters in SQL (migration 0008_stories). Detection runs on a batch
// of the index queue, inside the transaction that indexes it, with all its
// state in the database: each article's terms (story_signatures) and its
// LSH band hashes (story_bands, keyed by hash and publication time), so any
// number of worker processes detect correctly. A batch costs a few
// statements (the index read once per run of articles close in time, the
// batch's rows written many at once); its articles meet each other in
// memory. On SQLite writers take turns (BEGIN IMMEDIATE); on PostgreSQL the
// transaction first takes advisory locks on the band hashes of its
// articles, in sorted order, so two workers storing two articles of one
// event at once see each other: the second waits for the first to commit,
// then finds it among its candidates.
import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import {
  BANDS,
  type BandEntry,
  bandEntries,
  bestMatch,
  SAME_STORY_THRESHOLD,
  type StoryCandidate,
  sharedTerms,
  similarity,
  storyTerms,
  type TermStats,
  termWeight,
} from '../stories/index.ts';
import type { Dialect } from './connect.ts';
import type { Database } from './schema.ts';

/** The default time window of a story, in hours either side of an article's publication. */
export const DEFAULT_STORY_WINDOW_HOURS = 72;

/** Rows kept per band hash at most: a frequent term meets many articles, the nearest in time are kept. */
const ROWS_PER_BAND = 16;
/** A band is not looked up when its terms are expected in more articles of the window than this. */
const HOT_BAND_ROWS = 32;
/** Band rows read per article at most, whatever the bands: a bound on the work. */
const MAX_BAND_ROWS = 4096;
/** Candidates whose terms are compared at most, the ones meeting in the most bands first. */
const MAX_CANDIDATES = 16;
/** Terms a candidate must share before its weights are fetched (the similarity needs a weight of 3). */
const MIN_SHARED_TERMS = 2;
/** Ids or hashes per IN list on SQLite (one statement text for every full chunk: the statement cache keeps it). */
const IN_CHUNK = 500;
/** Rows per multi-row insert: signatures (4 parameters a row) and bands (3). */
const SIGNATURE_ROWS = 100;
const BAND_ROWS = 250;
/** Keys of the advisory locks on band hashes: (namespace, hash) in PostgreSQL's two-key space. */
const LOCK_NAMESPACE = 0x5354_5259; // 'STRY'

type Db = Kysely<Database> | Transaction<Database>;

interface Prepared {
  id: number;
  sourceId: number;
  title: string;
  publishedAt: string;
  terms: string[];
  bands: number[];
  entries: BandEntry[];
}

export interface DetectionResult {
  /** Articles that joined a story or made one with another article. */
  joined: number;
  /** Stories created. */
  created: number;
}

/**
 * Finds the story of each new article (ids of articles already stored in
 * this transaction): its candidates share a band hash with it within the
 * window; the most similar one above the threshold gives its story (or
 * makes one with it). Call inside the transaction that inserted them.
 */
export async function detectStories(
  trx: Transaction<Database>,
  dialect: Dialect,
  articleIds: readonly number[],
  options: { windowHours?: number; now?: string; words?: ReadonlyMap<number, { story: string[] }> } = {},
): Promise<DetectionResult> {
  const result: DetectionResult = { joined: 0, created: 0 };
  if (!articleIds.length) return result;
  const windowMs = (options.windowHours ?? DEFAULT_STORY_WINDOW_HOURS) * 3_600_000;
  const now = options.now ?? new Date().toISOString();

  const prepared: Prepared[] = [];
  for (let i = 0; i < articleIds.length; i += 400) {
    const part = articleIds.slice(i, i + 400);
    const rows = await run<{
      id: number;
      source_id: number;
      title: string;
      summary: string | null;
      text: string | null;
      published_at: string;
    }>(
      trx,
      `select id, source_id, title, summary, text, published_at from articles where id in (${placeholders(dialect, part.length)})`,
      part,
    );
    // An article already in the index (its page came first and redetected
    // it, or a batch is run again) is not detected twice.
    const indexed = new Set(
      (
        await run<{ article_id: number }>(
          trx,
          `select article_id from story_signatures where article_id in (${placeholders(dialect, part.length)})`,
          part,
        )
      ).map((r) => Number(r.article_id)),
    );
    for (const r of rows) {
      if (indexed.has(Number(r.id))) continue;
      const terms =
        options.words?.get(Number(r.id))?.story ??
        storyTerms({ title: r.title, summary: r.summary, text: r.text });
      const entries = bandEntries(terms);
      prepared.push({
        id: Number(r.id),
        sourceId: Number(r.source_id),
        title: r.title,
        publishedAt: r.published_at,
        terms,
        bands: entries.map((e) => e.hash),
        entries,
      });
    }
  }
  if (!prepared.length) return result;
  prepared.sort((a, b) =>
    a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : a.id - b.id,
  );

  // The archive's term counts, this batch included (a batch of one source's
  // boilerplate then weighs nothing from its first article on). One upsert
  // per chunk, in sorted order, so concurrent writers lock rows alike.
  const counts = new Map<string, number>();
  for (const p of prepared) for (const t of p.terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  const sortedTerms = [...counts.keys()].sort();

  if (dialect === 'postgres') {
    // One lock per band hash, taken in order (no deadlock): two batches
    // meet only where they share a hash, and then the later one waits for
    // the earlier one's commit and sees its rows.
    const hashes = [...new Set(prepared.flatMap((p) => p.bands))].sort((a, b) => a - b);
    if (hashes.length) {
      await sql`select count(pg_advisory_xact_lock(${LOCK_NAMESPACE}::int4, h))
        from (select h from unnest(${hashes}::int4[]) as h order by h) sorted`.execute(trx);
    }
  }

  // The weights: the archive's counts with this batch's own. On SQLite the
  // upsert returns them at once; on PostgreSQL they are read, and the counts
  // written last (below), so a common term's row is locked only from then
  // to the commit: batches running at once do not wait for each other on
  // "maroc" for the whole of their detection.
  const df = new Map<string, number>();
  const countTerms = async (returning: boolean) => {
    for (let i = 0; i < sortedTerms.length; i += 300) {
      const part = sortedTerms.slice(i, i + 300);
      const rows = await run<{ term: string; articles: number | string }>(
        trx,
        `insert into story_terms (term, articles) values ${valueRows(dialect, part.length, 2)}
          on conflict (term) do update set articles = story_terms.articles + excluded.articles
          ${returning ? 'returning term, articles' : ''}`,
        part.flatMap((term) => [term, counts.get(term) ?? 1]),
      );
      for (const r of rows) df.set(r.term, Number(r.articles));
    }
  };
  if (dialect === 'sqlite') await countTerms(true);
  else {
    for (let i = 0; i < sortedTerms.length; i += 300) {
      const part = sortedTerms.slice(i, i + 300);
      for (const r of await run<{ term: string; articles: number | string }>(
        trx,
        `select term, articles from story_terms where term in (${placeholders(dialect, part.length)})`,
        part,
      ))
        df.set(r.term, Number(r.articles));
    }
    for (const [t, n] of counts) df.set(t, (df.get(t) ?? 0) + n);
  }
  // The index holds the last weeks (pruneStoryIndex), and story_terms counts
  // its articles: its size is the span of its ids (ids grow with time), and
  // the share of it a window holds is the window over its span in time. Two
  // reads of an index's first entry.
  const [first] = await run<{ id: number | null; at: string | null }>(
    trx,
    'select (select min(article_id) from story_signatures) as id, (select min(published_at) from story_signatures) as at',
    [],
  );
  const newestId = Math.max(...prepared.map((p) => p.id));
  const firstId = first?.id == null ? newestId : Math.min(Number(first.id), newestId);
  const stats: TermStats = { articles: newestId - firstId + 1, df: (t) => df.get(t) ?? 0 };
  const newest = prepared[prepared.length - 1]?.publishedAt ?? now;
  const spanMs = first?.at ? Date.parse(newest) - Date.parse(first.at) : 0;
  const windowShare = spanMs > 2 * windowMs ? (2 * windowMs) / spanMs : 1;

  // The whole batch is detected with a few statements: per run of articles
  // close in time, one read of the band index for all their bands and one
  // of their candidates' terms; the batch's own articles meet each other in
  // memory (as they would have through the index, one after the other); the
  // batch's signatures and bands are written at the end, many rows at once.
  // Only an article that joins a story costs statements of its own.
  const storyOf = new Map<number, number>();
  const earlier = new Map<number, BandRow[]>();
  const inBatch = new Map(prepared.map((a) => [a.id, a]));
  for (const group of closeInTime(prepared, windowMs)) {
    const lookups = group.map((a) => lookupBands(a, stats, windowShare));
    const indexed = await bandRows(trx, dialect, group, lookups, windowMs);
    const meetings = group.map((article, i) => {
      const best = meetingArticles(article, lookups[i] as number[], indexed, earlier, windowMs);
      for (const hash of article.bands) {
        const row = { article_id: article.id, published_at: article.publishedAt };
        const list = earlier.get(hash);
        if (list) list.push(row);
        else earlier.set(hash, [row]);
      }
      return best;
    });
    const signatures = await candidateSignatures(
      trx,
      dialect,
      [...new Set(meetings.flat().map((m) => m.articleId))].filter((id) => !inBatch.has(id)),
    );
    for (let i = 0; i < group.length; i++) {
      const article = group[i] as Prepared;
      // Only candidates sharing a few terms are worth weighing.
      const candidates = (meetings[i] as Meeting[])
        .flatMap((m): StoryCandidate[] => {
          const mine = inBatch.get(m.articleId);
          if (mine) {
            const storyId = storyOf.get(m.articleId) ?? null;
            return [{ articleId: m.articleId, storyId, publishedAt: m.publishedAt, terms: mine.terms }];
          }
          const signature = signatures.get(m.articleId);
          if (!signature) return [];
          const storyId = storyOf.get(m.articleId) ?? signature.storyId;
          return [{ articleId: m.articleId, storyId, publishedAt: m.publishedAt, terms: signature.terms }];
        })
        .filter((c) => sharedTerms(article.terms, c.terms) >= MIN_SHARED_TERMS);
      const match = candidates.length ? bestMatch(article.terms, candidates, stats) : null;
      if (!match) continue;
      const outcome = await joinStory(
        trx,
        dialect,
        article,
        match.candidate,
        candidates,
        stats,
        now,
        storyOf,
      );
      if (outcome !== 'alone') result.joined++;
      if (outcome === 'created') result.created++;
    }
  }
  await writeIndexRows(trx, dialect, prepared);
  if (dialect === 'postgres') await countTerms(false);
  return result;
}

/**
 * Detects again for articles whose page was fetched after they were stored
 * (teasers): an article with no summary was compared on its title alone and
 * now has a lead; `dateChanged` when the page replaced a guessed date. Their
 * signature and bands are replaced. An article already in a story stays there.
 */
export async function redetectStories(
  trx: Transaction<Database>,
  dialect: Dialect,
  articleIds: readonly number[],
  options: { windowHours?: number; now?: string; dateChanged?: boolean } = {},
): Promise<DetectionResult> {
  const loose: number[] = [];
  for (let i = 0; i < articleIds.length; i += 400) {
    let q = trx
      .selectFrom('articles')
      .select('id')
      .where('id', 'in', articleIds.slice(i, i + 400))
      .where('story_id', 'is', null);
    if (!options.dateChanged) q = q.where((eb) => eb.or([eb('summary', 'is', null), eb('summary', '=', '')]));
    const rows = await q.execute();
    loose.push(...rows.map((r) => Number(r.id)));
  }
  if (!loose.length) return { joined: 0, created: 0 };
  await dropFromIndex(trx, dialect, loose);
  return detectStories(trx, dialect, loose, options);
}

/**
 * The article joins the story of its best match, or makes one with it; the
 * loose candidates that match it as well join too. `storyOf` learns every
 * story set here (the batch's later articles see them).
 */
async function joinStory(
  trx: Transaction<Database>,
  dialect: Dialect,
  article: Prepared,
  match: StoryCandidate,
  candidates: readonly StoryCandidate[],
  stats: TermStats,
  now: string,
  storyOf: Map<number, number>,
): Promise<'alone' | 'joined' | 'created'> {
  const other = match.articleId;
  // The candidate's story as of now: on PostgreSQL another worker may just
  // have put it in one (its row lock orders us after that commit).
  const row = await lockedMember(trx, dialect, other);
  if (!row) return 'alone';
  let storyId: number;
  let outcome: 'joined' | 'created';
  if (row.story_id !== null) {
    storyId = Number(row.story_id);
    outcome = 'joined';
  } else {
    // A story of the candidate alone, that this article then joins.
    const created = await trx
      .insertInto('stories')
      .values({
        title: row.title,
        first_article_id: other,
        first_source_id: Number(row.source_id),
        article_count: 1,
        source_count: 1,
        first_published_at: row.published_at,
        last_published_at: row.published_at,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    storyId = Number(created.id);
    await setStory(trx, dialect, other, storyId);
    outcome = 'created';
  }
  storyOf.set(other, storyId);
  await setStory(trx, dialect, article.id, storyId);
  storyOf.set(article.id, storyId);
  await addToStory(trx, dialect, storyId, article, now);
  // Articles that stood alone and match this one as well join too: had
  // they come after it, they would have (the result should not depend
  // on the order in which feeds were polled).
  for (const c of candidates) {
    if (c.storyId !== null || storyOf.has(c.articleId) || c.articleId === other) continue;
    if (similarity(article.terms, c.terms, stats) < SAME_STORY_THRESHOLD) continue;
    if (await adoptLoose(trx, dialect, c.articleId, storyId, now)) storyOf.set(c.articleId, storyId);
  }
  return outcome;
}

/** An article's story, source, title and date; on PostgreSQL under its row lock. */
async function lockedMember(
  trx: Transaction<Database>,
  dialect: Dialect,
  articleId: number,
): Promise<{ story_id: number | null; source_id: number; title: string; published_at: string } | undefined> {
  const rows = await run<{ story_id: number | null; source_id: number; title: string; published_at: string }>(
    trx,
    `select story_id, source_id, title, published_at from articles where id = ${p(dialect, 1)}${dialect === 'postgres' ? ' for update' : ''}`,
    [articleId],
  );
  return rows[0];
}

/** Marks an article as a member of a story. */
async function setStory(
  trx: Transaction<Database>,
  dialect: Dialect,
  articleId: number,
  storyId: number,
): Promise<void> {
  await run(trx, `update articles set story_id = ${p(dialect, 1)} where id = ${p(dialect, 2)}`, [
    storyId,
    articleId,
  ]);
}

/** Puts an article that is still in no story into one (rechecked under its row lock on PostgreSQL); false when it was not loose. */
async function adoptLoose(
  trx: Transaction<Database>,
  dialect: Dialect,
  articleId: number,
  storyId: number,
  now: string,
): Promise<boolean> {
  const row = await lockedMember(trx, dialect, articleId);
  if (!row || row.story_id !== null) return false;
  await setStory(trx, dialect, articleId, storyId);
  await addToStory(
    trx,
    dialect,
    storyId,
    { id: articleId, sourceId: Number(row.source_id), title: row.title, publishedAt: row.published_at },
    now,
  );
  return true;
}

/**
 * Counts one new member (its story_id already set) into its story: one more
 * article, one more source unless the story has another of its source (the
 * (story_id, source_id) index: a single probe), and the first publisher
 * when it came earlier. Incremental, so a join costs the same in a story of
 * two or of two thousand. On PostgreSQL the story's row is locked first, so
 * two workers adding to one story count each other.
 */
async function addToStory(
  trx: Transaction<Database>,
  dialect: Dialect,
  storyId: number,
  member: { id: number; sourceId: number; title: string; publishedAt: string },
  now: string,
): Promise<void> {
  const [story] = await run<{
    first_article_id: number;
    first_published_at: string;
    last_published_at: string;
  }>(
    trx,
    `select first_article_id, first_published_at, last_published_at from stories where id = ${p(dialect, 1)}${dialect === 'postgres' ? ' for update' : ''}`,
    [storyId],
  );
  if (!story) return;
  const sameSource = await run(
    trx,
    `select 1 as x from articles where story_id = ${p(dialect, 1)} and source_id = ${p(dialect, 2)} and id <> ${p(dialect, 3)} limit 1`,
    [storyId, member.sourceId, member.id],
  );
  let last = story.last_published_at;
  if (member.publishedAt > last) last = member.publishedAt;
  const earlier =
    member.publishedAt < story.first_published_at ||
    (member.publishedAt === story.first_published_at && member.id < Number(story.first_article_id));
  await trx
    .updateTable('stories')
    .set((eb) => ({
      article_count: eb('article_count', '+', 1),
      source_count: eb('source_count', '+', sameSource.length ? 0 : 1),
      last_published_at: last,
      updated_at: now,
      ...(earlier
        ? {
            title: member.title,
            first_article_id: member.id,
            first_source_id: member.sourceId,
            first_published_at: member.publishedAt,
          }
        : {}),
    }))
    .where('id', '=', storyId)
    .execute();
}

/** A row of the band index: an article that has the band, and its date. */
interface BandRow {
  article_id: number;
  published_at: string;
}

/** An article meeting the one being detected in `count` bands. */
interface Meeting {
  articleId: number;
  publishedAt: string;
  count: number;
}

/**
 * The batch (sorted by date) cut into runs of articles within one window of
 * the run's first: each run's band index read covers three windows at most,
 * however far apart the batch's articles are.
 */
function closeInTime(prepared: readonly Prepared[], windowMs: number): Prepared[][] {
  const groups: Prepared[][] = [];
  let group: Prepared[] = [];
  let start = 0;
  for (const article of prepared) {
    const at = Date.parse(article.publishedAt);
    if (group.length && at - start > windowMs) {
      groups.push(group);
      group = [];
    }
    if (!group.length) start = at;
    group.push(article);
  }
  if (group.length) groups.push(group);
  return groups;
}

/**
 * The article's bands worth looking up. A band that stands for a term many
 * articles of the window have would bring rows by the hundred, all sharing
 * one word: it is not looked up (the rare words of an event carry its match).
 */
function lookupBands(article: Prepared, stats: TermStats, windowShare: number): number[] {
  return article.entries
    .filter((e) =>
      e.terms.every((t) => termWeight(t, stats) > 0 && stats.df(t) * windowShare <= HOT_BAND_ROWS),
    )
    .map((e) => e.hash);
}

/**
 * The band index's rows for a run's bands, from a window before its first
 * article to a window after its last, by hash: one statement over the index
 * for all the bands (an IN list: a UNION of one bounded range per band cost
 * four times as much), at most MAX_BAND_ROWS per article.
 */
async function bandRows(
  db: Db,
  dialect: Dialect,
  group: readonly Prepared[],
  lookups: readonly number[][],
  windowMs: number,
): Promise<Map<number, BandRow[]>> {
  const byBand = new Map<number, BandRow[]>();
  const hashes = [...new Set(lookups.flat())];
  if (!hashes.length) return byBand;
  const from = new Date(Date.parse((group[0] as Prepared).publishedAt) - windowMs).toISOString();
  const to = new Date(Date.parse((group[group.length - 1] as Prepared).publishedAt) + windowMs).toISOString();
  const limit = MAX_BAND_ROWS * group.length;
  const rows: Array<BandRow & { band_hash: number }> = [];
  if (dialect === 'postgres') {
    rows.push(
      ...(await run<BandRow & { band_hash: number }>(
        db,
        `select band_hash, article_id, published_at from story_bands
          where band_hash = any($1::int4[]) and published_at >= $2 and published_at <= $3 limit ${limit}`,
        [hashes, from, to],
      )),
    );
  } else {
    for (let i = 0; i < hashes.length && rows.length < limit; i += IN_CHUNK) {
      const part = hashes.slice(i, i + IN_CHUNK);
      const n = part.length;
      rows.push(
        ...(await run<BandRow & { band_hash: number }>(
          db,
          `select band_hash, article_id, published_at from story_bands
            where band_hash in (${placeholders(dialect, n)})
              and published_at >= ? and published_at <= ? limit ${limit - rows.length}`,
          [...part, from, to],
        )),
      );
    }
  }
  for (const r of rows) {
    const hash = Number(r.band_hash);
    const row = { article_id: Number(r.article_id), published_at: r.published_at };
    const list = byBand.get(hash);
    if (list) list.push(row);
    else byBand.set(hash, [row]);
  }
  return byBand;
}

/**
 * The articles sharing a looked-up band with the article within its window
 * (in the index, or earlier in the batch), at most ROWS_PER_BAND per band,
 * the nearest in time (a band of a term of a big running story meets many);
 * the MAX_CANDIDATES meeting it in the most bands, then the newest.
 */
function meetingArticles(
  article: Prepared,
  lookup: readonly number[],
  indexed: ReadonlyMap<number, BandRow[]>,
  earlier: ReadonlyMap<number, BandRow[]>,
  windowMs: number,
): Meeting[] {
  const at = Date.parse(article.publishedAt);
  const from = new Date(at - windowMs).toISOString();
  const to = new Date(at + windowMs).toISOString();
  const within = (r: BandRow) => r.published_at >= from && r.published_at <= to;
  const meet = new Map<number, Meeting>();
  for (const hash of lookup) {
    let list = [...(indexed.get(hash) ?? []), ...(earlier.get(hash) ?? [])].filter(within);
    if (list.length > ROWS_PER_BAND) {
      const distance = (x: BandRow) => Math.abs(Date.parse(x.published_at) - at);
      list = list.sort((x, y) => distance(x) - distance(y)).slice(0, ROWS_PER_BAND);
    }
    for (const r of list) {
      if (r.article_id === article.id) continue;
      const seen = meet.get(r.article_id);
      if (seen) seen.count++;
      else meet.set(r.article_id, { articleId: r.article_id, publishedAt: r.published_at, count: 1 });
    }
  }
  // Those meeting in the most bands first, then the newest (ids grow with time).
  return [...meet.values()]
    .sort((a, b) => b.count - a.count || b.articleId - a.articleId)
    .slice(0, MAX_CANDIDATES);
}

/**
 * The terms of indexed articles, and their story as of now (from the
 * article: band rows do not carry it, or a join would rewrite sixteen of
 * them), in one statement per IN_CHUNK articles.
 */
async function candidateSignatures(
  db: Db,
  dialect: Dialect,
  ids: readonly number[],
): Promise<Map<number, { terms: string[]; storyId: number | null }>> {
  const out = new Map<number, { terms: string[]; storyId: number | null }>();
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const part = ids.slice(i, i + IN_CHUNK);
    const rows = await run<{ article_id: number; terms: string; story_id: number | null }>(
      db,
      dialect === 'postgres'
        ? `select s.article_id, s.terms, a.story_id from story_signatures s left join articles a on a.id = s.article_id
            where s.article_id = any($1::int[])`
        : `select s.article_id, s.terms, a.story_id from story_signatures s left join articles a on a.id = s.article_id
            where s.article_id in (${placeholders(dialect, part.length)})`,
      dialect === 'postgres' ? [part] : part,
    );
    for (const r of rows) {
      out.set(Number(r.article_id), {
        terms: r.terms ? r.terms.split(' ') : [],
        storyId: r.story_id === null ? null : Number(r.story_id),
      });
    }
  }
  return out;
}

/** The batch's signatures (all their terms: weights change as the index moves on, and pruning takes each back out of story_terms) and bands, many rows a statement. */
async function writeIndexRows(db: Db, dialect: Dialect, prepared: readonly Prepared[]): Promise<void> {
  for (let i = 0; i < prepared.length; i += SIGNATURE_ROWS) {
    const part = prepared.slice(i, i + SIGNATURE_ROWS);
    await run(
      db,
      `insert into story_signatures (article_id, source_id, published_at, terms) values ${valueRows(dialect, part.length, 4)}`,
      part.flatMap((a) => [a.id, a.sourceId, a.publishedAt, a.terms.join(' ')]),
    );
  }
  const bands = prepared.flatMap((a) => a.bands.map((h) => [h, a.publishedAt, a.id]));
  for (let i = 0; i < bands.length; i += BAND_ROWS) {
    const part = bands.slice(i, i + BAND_ROWS);
    await run(
      db,
      `insert into story_bands (band_hash, published_at, article_id) values ${valueRows(dialect, part.length, 3)}`,
      part.flat(),
    );
  }
}

// ── Statements written out ──────────────────────────────────────────────
// Detection runs a dozen statements per stored article: built with Kysely's
// query builder each cost more to build and compile than SQLite takes to run
// (measured). Written as SQL text, the same text each time for the same
// number of rows, they also hit the SQLite statement cache (connect.ts).

/** The i-th parameter (from 1) in the dialect's syntax. */
function p(dialect: Dialect, i: number): string {
  return dialect === 'postgres' ? `$${i}` : '?';
}

/** n parameters from `first`, comma separated. */
function placeholders(dialect: Dialect, n: number, first = 1): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(p(dialect, first + i));
  return out.join(', ');
}

/** `(…), (…)`: `rows` rows of `width` parameters. */
function valueRows(dialect: Dialect, rows: number, width: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(`(${placeholders(dialect, width, 1 + r * width)})`);
  return out.join(', ');
}

async function run<R = Record<string, unknown>>(db: Db, text: string, parameters: unknown[]): Promise<R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, parameters));
  return result.rows;
}

/**
 * Recomputes a story's title, first publisher and counts from its articles
 * (a handful of rows through articles_story). On PostgreSQL the story's row
 * is locked first, so two workers adding to one story count each other.
 */
async function refreshStory(
  trx: Transaction<Database>,
  dialect: Dialect,
  storyId: number,
  now: string,
): Promise<void> {
  if (dialect === 'postgres') {
    await trx.selectFrom('stories').select('id').where('id', '=', storyId).forUpdate().execute();
  }
  // Counted from the indexes (story_id, published_at, id) and
  // (story_id, source_id), not by reading every member: a big story grows by
  // one article at a time, and reading all of it at each join made ingest
  // quadratic in the story's size (3 ms a join, measured, on generated feeds).
  const first = await trx
    .selectFrom('articles')
    .select(['id', 'source_id', 'title', 'published_at'])
    .where('story_id', '=', storyId)
    .orderBy('published_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!first) return;
  const counts = await trx
    .selectFrom('articles')
    .select((eb) => [eb.fn.countAll<number>().as('articles'), eb.fn.max('published_at').as('last')])
    .where('story_id', '=', storyId)
    .executeTakeFirstOrThrow();
  const sources = await trx
    .selectFrom('articles')
    .select((eb) => eb.fn.count<number>('source_id').distinct().as('n'))
    .where('story_id', '=', storyId)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('stories')
    .set({
      title: first.title,
      first_article_id: Number(first.id),
      first_source_id: Number(first.source_id),
      article_count: Number(counts.articles),
      source_count: Number(sources.n),
      first_published_at: first.published_at,
      last_published_at: String(counts.last),
      updated_at: now,
    })
    .where('id', '=', storyId)
    .execute();
}

/**
 * Takes an article out of the story machinery (it is being removed): its
 * bands and terms go, its story is recounted, and a story left with one
 * article is dissolved (that article stands alone again).
 */
export async function forgetArticleStory(
  trx: Transaction<Database>,
  dialect: Dialect,
  articleId: number,
  now: string = new Date().toISOString(),
): Promise<void> {
  const row = await trx
    .selectFrom('articles')
    .select('story_id')
    .where('id', '=', articleId)
    .executeTakeFirst();
  await dropFromIndex(trx, dialect, [articleId]);
  if (!row || row.story_id === null) return;
  const storyId = Number(row.story_id);
  await trx.updateTable('articles').set({ story_id: null }).where('id', '=', articleId).execute();
  const left = await trx.selectFrom('articles').select('id').where('story_id', '=', storyId).execute();
  if (left.length <= 1) {
    if (left.length) {
      await trx.updateTable('articles').set({ story_id: null }).where('story_id', '=', storyId).execute();
    }
    await trx.deleteFrom('stories').where('id', '=', storyId).execute();
    return;
  }
  await refreshStory(trx, dialect, storyId, now);
}

// ── Reading stories ────────────────────────────────────────────────────

export interface StoryArticle {
  id: number;
  sourceId: number;
  source: string;
  sourceName: string;
  title: string;
  url: string | null;
  publishedAt: string;
  language: string;
}

export interface Story {
  id: number;
  title: string;
  firstArticleId: number;
  firstSource: { id: number; slug: string; name: string };
  articleCount: number;
  sourceCount: number;
  firstPublishedAt: string;
  lastPublishedAt: string;
  /** Oldest first. */
  articles: StoryArticle[];
}

export interface StorySummary {
  id: number;
  title: string;
  firstArticleId: number;
  firstSourceId: number;
  articleCount: number;
  sourceCount: number;
  firstPublishedAt: string;
  lastPublishedAt: string;
}

const ARTICLE_COLUMNS = [
  'articles.id',
  'articles.source_id',
  'articles.title',
  'articles.canonical_url',
  'articles.published_at',
  'articles.language',
  'sources.slug',
  'sources.name',
] as const;

function toStoryArticle(r: {
  id: number;
  source_id: number;
  title: string;
  canonical_url: string | null;
  published_at: string;
  language: string;
  slug: string;
  name: string;
}): StoryArticle {
  return {
    id: Number(r.id),
    sourceId: Number(r.source_id),
    source: r.slug,
    sourceName: r.name,
    title: r.title,
    url: r.canonical_url,
    publishedAt: r.published_at,
    language: r.language,
  };
}

/** A story with its articles, oldest first; null when there is no such story. */
export async function getStory(db: Kysely<Database>, id: number): Promise<Story | null> {
  const s = await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) return null;
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(ARTICLE_COLUMNS)
    .where('articles.story_id', '=', id)
    .orderBy('articles.published_at')
    .orderBy('articles.id')
    .execute();
  const articles = rows.map(toStoryArticle);
  const first = articles.find((a) => a.id === Number(s.first_article_id)) ?? articles[0];
  return {
    id: Number(s.id),
    title: s.title,
    firstArticleId: Number(s.first_article_id),
    firstSource: first
      ? { id: first.sourceId, slug: first.source, name: first.sourceName }
      : { id: Number(s.first_source_id), slug: '', name: '' },
    articleCount: Number(s.article_count),
    sourceCount: Number(s.source_count),
    firstPublishedAt: s.first_published_at,
    lastPublishedAt: s.last_published_at,
    articles,
  };
}

/** The story id of an article: null when no other article covers it (or no such article). */
export async function articleStoryId(db: Kysely<Database>, articleId: number): Promise<number | null> {
  const r = await db.selectFrom('articles').select('story_id').where('id', '=', articleId).executeTakeFirst();
  return r?.story_id == null ? null : Number(r.story_id);
}

/**
 * The articles of the story of an article (itself included), oldest first:
 * one statement, the article's row by its key and the story's by
 * articles_story. Empty when the article is in no story.
 */
export async function coverageOf(db: Kysely<Database>, articleId: number): Promise<StoryArticle[]> {
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(ARTICLE_COLUMNS)
    .where('articles.story_id', '=', (eb) =>
      eb.selectFrom('articles as self').select('self.story_id').where('self.id', '=', articleId),
    )
    .orderBy('articles.published_at')
    .orderBy('articles.id')
    .execute();
  return rows.map(toStoryArticle);
}

/** The articles of a story, oldest first: one range of articles_story. */
export async function articlesOfStory(db: Kysely<Database>, storyId: number): Promise<StoryArticle[]> {
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(ARTICLE_COLUMNS)
    .where('articles.story_id', '=', storyId)
    .orderBy('articles.published_at')
    .orderBy('articles.id')
    .execute();
  return rows.map(toStoryArticle);
}

/**
 * The most covered stories with an article published since `since` (ISO):
 * by number of sources, then of articles, then the latest. Reads the
 * stories of the period through stories_last_published.
 */
export async function topStories(
  db: Kysely<Database>,
  since: string,
  limit: number,
  options: { languages?: string[] } = {},
): Promise<Array<StorySummary & { firstArticle: StoryArticle | null }>> {
  const rows = await db
    .selectFrom('stories')
    .selectAll()
    .where('last_published_at', '>=', since)
    .orderBy('source_count', 'desc')
    .orderBy('article_count', 'desc')
    .orderBy('last_published_at', 'desc')
    .limit(limit * 4)
    .execute();
  if (!rows.length) return [];
  const firsts = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(ARTICLE_COLUMNS)
    .where(
      'articles.id',
      'in',
      rows.map((r) => Number(r.first_article_id)),
    )
    .execute();
  const byId = new Map(firsts.map((f) => [Number(f.id), toStoryArticle(f)]));
  const out: Array<StorySummary & { firstArticle: StoryArticle | null }> = [];
  for (const r of rows) {
    const firstArticle = byId.get(Number(r.first_article_id)) ?? null;
    if (options.languages && firstArticle && !options.languages.includes(firstArticle.language)) continue;
    out.push({
      id: Number(r.id),
      title: r.title,
      firstArticleId: Number(r.first_article_id),
      firstSourceId: Number(r.first_source_id),
      articleCount: Number(r.article_count),
      sourceCount: Number(r.source_count),
      firstPublishedAt: r.first_published_at,
      lastPublishedAt: r.last_published_at,
      firstArticle,
    });
    if (out.length >= limit) break;
  }
  return out;
}

/** The story ids of some articles (absent when alone), for lists that show a story once. */
export async function storyIdsOf(
  db: Kysely<Database>,
  articleIds: readonly number[],
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < articleIds.length; i += 400) {
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'story_id'])
      .where('id', 'in', articleIds.slice(i, i + 400))
      .where('story_id', 'is not', null)
      .execute();
    for (const r of rows) out.set(Number(r.id), Number(r.story_id));
  }
  return out;
}

/**
 * Days of band rows and signatures kept by default (KIOSQUE_STORY_INDEX_DAYS):
 * how long an article can still be found as a candidate; at least twice the
 * window, so an article arriving a little late still meets its story.
 */
export const DEFAULT_STORY_INDEX_DAYS = 30;

/**
 * Drops the band rows and signatures of articles published before `before`
 * (ISO), a batch at a time, each in its own short transaction: the index
 * detection reads then stays the size of the last weeks, not of the whole
 * archive, and its cost stays flat. Stories, and articles' story ids, stay.
 * Returns how many articles left the index.
 */
export async function pruneStoryIndex(
  db: Kysely<Database>,
  dialect: Dialect,
  before: string,
  options: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  const batch = options.batch ?? 2000;
  let pruned = 0;
  for (let i = 0; i < (options.maxBatches ?? 50); i++) {
    const done = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('story_signatures')
        .select('article_id')
        .where('published_at', '<', before)
        .orderBy('published_at')
        .limit(batch)
        .execute();
      const ids = rows.map((r) => Number(r.article_id));
      await dropFromIndex(trx, dialect, ids);
      return ids.length;
    });
    pruned += done;
    if (done < batch) break;
  }
  return pruned;
}

/**
 * Takes articles out of the story index: their band rows and signatures go,
 * and their terms are counted out of story_terms, which counts the articles
 * of the index.
 */
async function dropFromIndex(
  trx: Transaction<Database>,
  dialect: Dialect,
  ids: readonly number[],
): Promise<void> {
  const gone = new Map<string, number>();
  for (let j = 0; j < ids.length; j += 500) {
    const part = ids.slice(j, j + 500);
    for (const sig of await trx
      .selectFrom('story_signatures')
      .select('terms')
      .where('article_id', 'in', part)
      .execute()) {
      for (const t of sig.terms.split(' ')) if (t) gone.set(t, (gone.get(t) ?? 0) + 1);
    }
    await trx.deleteFrom('story_bands').where('article_id', 'in', part).execute();
    await trx.deleteFrom('story_signatures').where('article_id', 'in', part).execute();
  }
  const terms = [...gone.keys()].sort();
  for (let j = 0; j < terms.length; j += 200) {
    const part = terms.slice(j, j + 200);
    const whens = part.map((_, k) => `when ${p(dialect, 2 * k + 1)} then ${p(dialect, 2 * k + 2)}`).join(' ');
    await run(
      trx,
      `update story_terms set articles = articles - (case term ${whens} else 0 end)
        where term in (${placeholders(dialect, part.length, 2 * part.length + 1)})`,
      [...part.flatMap((t) => [t, gone.get(t) ?? 0]), ...part],
    );
    await trx.deleteFrom('story_terms').where('term', 'in', part).where('articles', '<=', 0).execute();
  }
}

/** Number of band rows per article (for the benchmark's bulk seeding). */
export const BAND_ROWS_PER_ARTICLE = BANDS;
