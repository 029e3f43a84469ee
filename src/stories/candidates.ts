// Which stored articles a new one is weighed against, the pure half of
// detecting a batch (the store reads and writes the band index around it):
// the batch cut into runs close in time, the bands worth looking up, the
// articles met through them (in the index or earlier in the batch), and the
// candidates that share enough terms to be weighed.
import type { BandEntry } from './signature.ts';
import { rarity, type StoryCandidate, sharesAtLeast, type TermStats, termWeight } from './similarity.ts';
import { isInstitution } from './evidence.ts';
import { keyHashes } from './signature.ts';

/** Rows kept per band hash at most: a frequent term meets many articles, the nearest in time are kept. */
export const ROWS_PER_BAND = 16;
/** A band is not looked up when its terms are expected in more articles of the window than this. */
export const HOT_BAND_ROWS = 32;
/**
 * The terms an article looks the index up by, at most: its rarest (and as
 * many of the shared space for an Arabic article). On the set drawn from
 * real coverage, 24 find what all of its terms find (16 lost Arabic pairs);
 * each term looked up brings the rows of the articles stored under it.
 */
export const LOOKUP_TERMS = 24;
/**
 * Candidates whose terms are compared at most, the ones meeting in the most
 * keys first. On the set drawn from real coverage 8 find what 16 found (at
 * the real dates the same pairs, within 48 hours a few more: fewer chances
 * for a near event to come first), and each costs a read and a comparison.
 */
export const MAX_CANDIDATES = 8;
/** Terms a candidate must share before its weights are fetched (the similarity needs two or more). */
export const MIN_SHARED_TERMS = 2;

/** A row of the band index: an article that has the band, and its date. */
export interface BandRow {
  articleId: number;
  publishedAt: string;
}

/** An article meeting the one being detected in `count` bands. */
export interface Meeting {
  articleId: number;
  publishedAt: string;
  count: number;
}

/** The dates within a story's window of an article's (ISO strings, as stored). */
export function windowAround(publishedAt: string, windowMs: number): { from: string; to: string } {
  const at = Date.parse(publishedAt);
  return { from: new Date(at - windowMs).toISOString(), to: new Date(at + windowMs).toISOString() };
}

/**
 * The batch (sorted by date) cut into runs of articles within one window of
 * the run's first: each run's band index read covers three windows at most,
 * however far apart the batch's articles are.
 */
export function closeInTime<T extends { publishedAt: string }>(
  sorted: readonly T[],
  windowMs: number,
): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let start = 0;
  for (const article of sorted) {
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

/** How many articles of a batch have each term (an article's terms are distinct): they weigh from the first. */
export function termCounts(batch: Iterable<{ terms: readonly string[] }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of batch) for (const t of a.terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * The story index's term statistics: its size is the span of its ids (it
 * holds the last weeks, and ids grow with time) up to the newest article of
 * the batch; `firstId` null when the index is empty.
 */
export function indexTermStats(
  firstId: number | null,
  newestId: number,
  df: (term: string) => number,
): TermStats {
  const first = firstId === null ? newestId : Math.min(firstId, newestId);
  return { articles: newestId - first + 1, df };
}

/**
 * The share of the index's articles one window holds: the window (either
 * side) over the index's span in time, from its first article to the
 * batch's newest; 1 when the span is shorter than that.
 */
export function windowShare(firstIndexedAt: string | null, newest: string, windowMs: number): number {
  const spanMs = firstIndexedAt ? Date.parse(newest) - Date.parse(firstIndexedAt) : 0;
  return spanMs > 2 * windowMs ? (2 * windowMs) / spanMs : 1;
}

/**
 * The article's terms worth looking up. A term many articles of the window
 * have would bring rows by the hundred, all sharing one word: it is not
 * looked up (the rare words of an event carry its match). An institution
 * is looked up even when common in the archive (in a small archive a club
 * or a central bank is in 3 % of the articles), as long as the window does
 * not hold too many of it: articles are stored under their institutions
 * (signature.ts).
 */
export function lookableBands(entries: readonly BandEntry[], stats: TermStats, share: number): BandEntry[] {
  return entries.filter(
    (e) =>
      (termWeight(e.term, stats) > 0 || isInstitution(e.term)) && stats.df(e.term) * share <= HOT_BAND_ROWS,
  );
}

/** The keys an article looks the index up by: the LOOKUP_TERMS rarest of its lookable terms. */
export function lookupBands(entries: readonly BandEntry[], stats: TermStats, share: number): number[] {
  return keyHashes(
    lookableBands(entries, stats, share).map((e) => e.term),
    (t) => rarity(t, stats),
    LOOKUP_TERMS,
  );
}

/** Adds an article's bands to the batch's own band rows (the batch's later articles meet it there). */
export function addBandRows(
  rows: Map<number, BandRow[]>,
  article: { id: number; publishedAt: string; bands: readonly number[] },
): void {
  for (const hash of article.bands) {
    const row = { articleId: article.id, publishedAt: article.publishedAt };
    const list = rows.get(hash);
    if (list) list.push(row);
    else rows.set(hash, [row]);
  }
}

/**
 * The articles sharing a looked-up band with the article within its window
 * (in the index, or earlier in the batch), at most ROWS_PER_BAND per band,
 * the nearest in time (a band of a term of a big running story meets many);
 * the MAX_CANDIDATES meeting it in the most bands, then the newest.
 */
export function meetingArticles(
  article: { id: number; publishedAt: string },
  lookup: readonly number[],
  indexed: ReadonlyMap<number, readonly BandRow[]>,
  earlier: ReadonlyMap<number, readonly BandRow[]>,
  windowMs: number,
): Meeting[] {
  const at = Date.parse(article.publishedAt);
  const { from, to } = windowAround(article.publishedAt, windowMs);
  const within = (r: BandRow) => r.publishedAt >= from && r.publishedAt <= to;
  const meet = new Map<number, Meeting>();
  for (const hash of lookup) {
    let list = [...(indexed.get(hash) ?? []), ...(earlier.get(hash) ?? [])].filter(within);
    if (list.length > ROWS_PER_BAND) {
      // Each row's distance once (a comparator parsing dates cost more than the read).
      list = list
        .map((r) => ({ r, d: Math.abs(Date.parse(r.publishedAt) - at) }))
        .sort((x, y) => x.d - y.d)
        .slice(0, ROWS_PER_BAND)
        .map((x) => x.r);
    }
    for (const r of list) {
      if (r.articleId === article.id) continue;
      const seen = meet.get(r.articleId);
      if (seen) seen.count++;
      else meet.set(r.articleId, { articleId: r.articleId, publishedAt: r.publishedAt, count: 1 });
    }
  }
  // Those meeting in the most bands first, then the newest (ids grow with time).
  return [...meet.values()]
    .sort((a, b) => b.count - a.count || b.articleId - a.articleId)
    .slice(0, MAX_CANDIDATES);
}

/**
 * The articles met, as candidates to weigh: their terms from the batch or
 * from the index's signatures, their story as this batch left it (`storyOf`)
 * or as stored; only those sharing MIN_SHARED_TERMS terms with the article.
 */
export function storyCandidates(
  terms: readonly string[],
  meetings: readonly Meeting[],
  inBatch: ReadonlyMap<number, { terms: string[]; sourceId: number }>,
  signatures: ReadonlyMap<number, { terms: string[]; sourceId: number; storyId: number | null }>,
  storyOf: ReadonlyMap<number, number>,
): StoryCandidate[] {
  const own = new Set(terms);
  return meetings
    .flatMap((m): StoryCandidate[] => {
      const mine = inBatch.get(m.articleId);
      if (mine) {
        const storyId = storyOf.get(m.articleId) ?? null;
        return [
          {
            articleId: m.articleId,
            sourceId: mine.sourceId,
            storyId,
            publishedAt: m.publishedAt,
            terms: mine.terms,
          },
        ];
      }
      const signature = signatures.get(m.articleId);
      if (!signature) return [];
      const storyId = storyOf.get(m.articleId) ?? signature.storyId;
      return [
        {
          articleId: m.articleId,
          sourceId: signature.sourceId,
          storyId,
          publishedAt: m.publishedAt,
          terms: signature.terms,
        },
      ];
    })
    .filter((c) => sharesAtLeast(own, c.terms, MIN_SHARED_TERMS) >= MIN_SHARED_TERMS);
}
