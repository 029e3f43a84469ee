// Story detection on a batch of the index queue, inside the transaction
// that indexes it, with all its state in the database (the index's rows:
// index-rows.ts; term counts: terms.ts), so any number of worker processes
// detect correctly. A batch costs a few statements (the index read once per
// run of articles close in time, the batch's rows written many at once);
// its articles meet each other in memory. On SQLite writers take turns
// (BEGIN IMMEDIATE); on PostgreSQL the transaction first takes advisory
// locks on the bands of its articles that others could look up (not those
// of common words), in sorted order, so two workers
// storing two articles of one event at once see each other: the second
// waits for the first to commit, then finds it among its candidates.
import {
  addBandRows,
  addTermCounts,
  type BandRow,
  type BatchArticle,
  batchArticle,
  byPublication,
  closeInTime,
  contestedBandHashes,
  indexTermStats,
  lookupBands,
  meetingArticles,
  hoursApart,
  rankedMatches,
  similarity,
  type StoryCandidate,
  type StoryMatch,
  storyCandidates,
  storedUnder,
  type TermStats,
  termCounts,
  windowShare,
} from '../../stories/index.ts';
import { type DbHandle, dbOf, KYSELY } from '../handle.ts';
import { bandRows, candidateSignatures, dropFromIndex, writeIndexRows } from './index-rows.ts';
import { joinStory, storyWelcome, type Welcome } from './membership.ts';
import { placeholders, run } from '../statements.ts';
import { DEFAULT_STORY_WINDOW_HOURS } from './settings.ts';
import { countTerms, indexStart, lockBandHashes, storedTermCounts } from './terms.ts';
import { trace, tracing } from './trace.ts';

/** How many stories an article may try, best match first, before it stands alone. */
const MATCHES_TRIED = 3;

export interface DetectionResult {
  /** Articles that joined a story or made one with another article. */
  joined: number;
  /** Stories created. */
  created: number;
}

export interface DetectionOptions {
  windowHours?: number;
  now?: string;
  /** The crawler's words of an article, when it kept them (else computed from its text). */
  words?: ReadonlyMap<number, { story: string[] }>;
  /** Articles already read in this transaction (the search index's read), by id: not read again. */
  articles?: ReadonlyMap<number, StoredArticle>;
}

/** The columns detection reads of an article. */
export interface StoredArticle {
  id: number;
  sourceId: number;
  title: string;
  summary: string | null;
  text: string | null;
  publishedAt: string;
}

/**
 * Finds the story of each new article (ids of articles already stored in
 * this transaction): its candidates share a band hash with it within the
 * window; the most similar one above the threshold gives its story (or
 * makes one with it). Call with `handleOn(trx, dialect)` inside the
 * transaction that inserted them.
 */
export async function detectStories(
  handle: DbHandle,
  articleIds: readonly number[],
  options: DetectionOptions = {},
): Promise<DetectionResult> {
  const result: DetectionResult = { joined: 0, created: 0 };
  if (!articleIds.length) return result;
  const windowMs = (options.windowHours ?? DEFAULT_STORY_WINDOW_HOURS) * 3_600_000;
  const now = options.now ?? new Date().toISOString();

  const prepared = await unindexedArticles(handle, articleIds, options.words, options.articles);
  if (!prepared.length) return result;
  prepared.sort(byPublication);

  // The archive's term counts, this batch included (a batch of one source's
  // boilerplate then weighs nothing from its first article on). One upsert
  // per chunk, in sorted order, so concurrent writers lock rows alike.
  const counts = termCounts(prepared);
  const sortedTerms = [...counts.keys()].sort();

  // The weights: the archive's counts with this batch's own. On SQLite the
  // upsert returns them at once; on PostgreSQL they are read, and the counts
  // written last (below), so a common term's row is locked only from then
  // to the commit: batches running at once do not wait for each other on
  // "maroc" for the whole of their detection.
  // The index holds the last weeks (pruneStoryIndex), and story_terms counts
  // its articles: two reads of the index's first entry give its size and
  // the share of it a window holds.
  const first = await indexStart(handle);
  const newestId = Math.max(...prepared.map((a) => a.id));
  const share = windowShare(first.at, prepared[prepared.length - 1]?.publishedAt ?? now, windowMs);
  let df: Map<string, number>;
  if (handle.dialect === 'sqlite') df = await countTerms(handle, sortedTerms, counts, true);
  else {
    df = await storedTermCounts(handle, sortedTerms);
    // Before detecting, the locks on the bands a writer running at the same
    // time could meet this batch through, in sorted order: of two batches
    // telling one event, the second waits for the first to commit, then
    // finds its articles among its candidates.
    const stored = indexTermStats(first.id, newestId, (t) => df.get(t) ?? 0);
    await lockBandHashes(handle, contestedBandHashes(prepared, stored, share));
    addTermCounts(df, counts);
  }
  const stats = indexTermStats(first.id, newestId, (t) => df.get(t) ?? 0);
  storedUnder(prepared, stats);

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
    const lookups = group.map((a) => lookupBands(a.entries, stats, share));
    const indexed = await bandRows(handle, group, lookups, windowMs);
    const meetings = group.map((article, i) => {
      const best = meetingArticles(article, lookups[i] as number[], indexed, earlier, windowMs);
      addBandRows(earlier, article);
      return best;
    });
    const signatures = await candidateSignatures(
      handle,
      [...new Set(meetings.flat().map((m) => m.articleId))].filter((id) => !inBatch.has(id)),
    );
    for (let i = 0; i < group.length; i++) {
      const article = group[i] as BatchArticle;
      const candidates = storyCandidates(article.terms, meetings[i] ?? [], inBatch, signatures, storyOf);
      const matches = candidates.length
        ? rankedMatches(article.terms, candidates, stats, {
            sourceId: article.sourceId,
            publishedAt: article.publishedAt,
          })
        : [];
      // The best match first. A match standing alone makes a story with
      // the article; at the first match in a story, the stories of the
      // matches (at most MATCHES_TRIED: each costs statements) are weighed
      // and the article joins the one whose members it is most like, among
      // those that take it (storyWelcome), not the story of its single best
      // match: on a busy day an article of one derby often matches a member
      // of the other derby's story best, while its own event's members are
      // like it as a whole. On the set drawn from real coverage (bench
      // story-quality), all articles within 48 hours: recall 0.524 / 0.511
      // / 0.489 -> 0.557 / 0.573 / 0.515, kept apart 0.996 / 0.995 / 0.997
      // -> 0.996 / 0.996 / 0.997; at the real dates the same (an article
      // there seldom matches two stories). It costs a story's checks (two or
      // three statements) for each further story weighed, only for articles
      // whose matches lie in several stories.
      const knownTerms = (id: number) => inBatch.get(id)?.terms ?? signatures.get(id)?.terms;
      let outcome: Awaited<ReturnType<typeof joinStory>> = 'alone';
      let weighed = false;
      for (const match of matches) {
        const story = storyOf.get(match.candidate.articleId) ?? match.candidate.storyId;
        if (story === null) {
          outcome = await joinStory(
            handle,
            article,
            match.candidate,
            candidates,
            stats,
            now,
            storyOf,
            knownTerms,
          );
          break;
        }
        if (weighed) continue;
        weighed = true;
        const chosen = await likedStory(handle, article, matches, storyOf, stats, knownTerms);
        if (!chosen) continue;
        outcome = await joinStory(
          handle,
          article,
          chosen.match,
          candidates,
          stats,
          now,
          storyOf,
          knownTerms,
          chosen.welcome,
        );
        if (outcome !== 'alone') break;
      }
      if (tracing())
        trace({
          article: article.id,
          met: (meetings[i] ?? []).map((m) => m.articleId),
          candidates: candidates.map((c) => [
            c.articleId,
            Number(
              similarity(
                article.terms,
                c.terms,
                stats,
                hoursApart(article.publishedAt, c.publishedAt),
              ).toFixed(4),
            ),
          ]),
          matches: matches.map((m) => [m.candidate.articleId, Number(m.score.toFixed(4))]),
          outcome,
        });
      if (outcome !== 'alone') result.joined++;
      if (outcome === 'created') result.created++;
    }
  }
  await writeIndexRows(handle, prepared);
  if (handle.dialect === 'postgres') await countTerms(handle, sortedTerms, counts, false);
  return result;
}

/**
 * Of the stories of the article's matches (the first MATCHES_TRIED, in the
 * matches' order), the one whose members the article is most like among
 * those that take it, with the match that leads there; null when none does.
 */
async function likedStory(
  handle: DbHandle,
  article: BatchArticle,
  matches: readonly StoryMatch[],
  storyOf: ReadonlyMap<number, number>,
  stats: TermStats,
  knownTerms: (articleId: number) => readonly string[] | undefined,
): Promise<{ match: StoryCandidate; welcome: Welcome } | null> {
  const seen = new Set<number>();
  // Whether every match lies in one story (a match standing alone counts
  // as a story of its own): the story then weighs the article's likeness
  // without its other-language members that share nothing with it
  // (likenessTo in membership.ts).
  const stories = new Set(
    matches.map(({ candidate: c }) => storyOf.get(c.articleId) ?? c.storyId ?? -c.articleId),
  );
  const uncontested = stories.size === 1;
  let best: { match: StoryCandidate; welcome: Welcome } | null = null;
  for (const { candidate } of matches) {
    const story = storyOf.get(candidate.articleId) ?? candidate.storyId;
    if (story === null || seen.has(story)) continue;
    if (seen.size >= MATCHES_TRIED) break;
    seen.add(story);
    const welcome = await storyWelcome(
      handle,
      story,
      article,
      candidate.articleId,
      stats,
      knownTerms,
      uncontested,
    );
    if (welcome && (!best || welcome.likeness > best.welcome.likeness)) best = { match: candidate, welcome };
  }
  return best;
}

/**
 * The batch's articles, made ready to detect (terms and bands), leaving out
 * those already in the index (its page came first and redetected it, or a
 * batch is run again): none is detected twice.
 */
async function unindexedArticles(
  { [KYSELY]: db, dialect }: DbHandle,
  articleIds: readonly number[],
  words: DetectionOptions['words'],
  known: DetectionOptions['articles'],
): Promise<BatchArticle[]> {
  const prepared: BatchArticle[] = [];
  for (let i = 0; i < articleIds.length; i += 400) {
    const part = articleIds.slice(i, i + 400);
    const rows: StoredArticle[] = [];
    const unread: number[] = [];
    for (const id of part) {
      const row = known?.get(id);
      if (row) rows.push(row);
      else unread.push(id);
    }
    if (unread.length) {
      for (const r of await run<{
        id: number;
        source_id: number;
        title: string;
        summary: string | null;
        text: string | null;
        published_at: string;
      }>(
        db,
        `select id, source_id, title, summary, text, published_at from articles where id in (${placeholders(dialect, unread.length)})`,
        unread,
      )) {
        rows.push({
          id: Number(r.id),
          sourceId: Number(r.source_id),
          title: r.title,
          summary: r.summary,
          text: r.text,
          publishedAt: r.published_at,
        });
      }
    }
    const indexed = new Set(
      (
        await run<{ article_id: number }>(
          db,
          `select article_id from story_signatures where article_id in (${placeholders(dialect, part.length)})`,
          part,
        )
      ).map((r) => Number(r.article_id)),
    );
    for (const r of rows) {
      if (indexed.has(r.id)) continue;
      prepared.push(batchArticle(r, words?.get(r.id)?.story));
    }
  }
  return prepared;
}

/**
 * Detects again for articles whose page was fetched after they were stored
 * (teasers): an article with no summary was compared on its title alone and
 * now has a lead; `dateChanged` when the page replaced a guessed date. Their
 * signature and bands are replaced. An article already in a story stays
 * there. Inside the indexing transaction, like detectStories.
 */
export async function redetectStories(
  handle: DbHandle,
  articleIds: readonly number[],
  options: { windowHours?: number; now?: string; dateChanged?: boolean } = {},
): Promise<DetectionResult> {
  const loose: number[] = [];
  for (let i = 0; i < articleIds.length; i += 400) {
    let q = dbOf(handle)
      .selectFrom('articles')
      .select('id')
      .where('id', 'in', articleIds.slice(i, i + 400))
      .where('story_id', 'is', null);
    if (!options.dateChanged) q = q.where((eb) => eb.or([eb('summary', 'is', null), eb('summary', '=', '')]));
    const rows = await q.execute();
    loose.push(...rows.map((r) => Number(r.id)));
  }
  if (!loose.length) return { joined: 0, created: 0 };
  await dropFromIndex(handle, loose);
  return detectStories(handle, loose, options);
}
