// The pure steps of detecting a batch, between the store's reads and
// writes: each article's terms and index keys, the batch's order, the dates a
// run of it reads from the band index, the rows read grouped by band, the
// archive's term counts with the batch's own, and how a new member moves
// its story's first and last articles.
import { type BandRow, lookableBands, windowAround } from './candidates.ts';
import { storyTerms } from './concepts.ts';
import type { StoryText } from './normalize.ts';
import { type BandEntry, bandEntries, keyHashes } from './signature.ts';
import { rarity, type TermStats } from './similarity.ts';

/** An article of a batch, ready to detect: its terms and its keys in the index (./signature.ts). */
export interface BatchArticle {
  id: number;
  sourceId: number;
  title: string;
  publishedAt: string;
  terms: string[];
  /** The keys it is stored under: its rarest terms, known once the batch's statistics are (storedUnder). */
  bands: number[];
  /** Its terms as keys, which it looks the index up by (the LOOKUP_TERMS rarest that are not common: candidates.ts). */
  entries: BandEntry[];
}

/** A stored article made ready: `terms` the crawler's when it kept them, else its text's. */
export function batchArticle(
  article: StoryText & { id: number; sourceId: number; publishedAt: string },
  terms?: string[],
): BatchArticle {
  const t = terms ?? storyTerms({ title: article.title, summary: article.summary, text: article.text });
  const entries = bandEntries(t);
  return {
    id: article.id,
    sourceId: article.sourceId,
    title: article.title,
    publishedAt: article.publishedAt,
    terms: t,
    bands: [],
    entries,
  };
}

/** Sets the keys the batch's articles are stored under: their rarest terms by the archive's weights, this batch's counts included. */
export function storedUnder(batch: readonly BatchArticle[], stats: TermStats): void {
  for (const a of batch) a.bands = keyHashes(a.terms, (t) => rarity(t, stats));
}

/** Oldest first, then by id: the order a batch is detected in. */
export function byPublication(
  a: { id: number; publishedAt: string },
  b: { id: number; publishedAt: string },
): number {
  return a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : a.id - b.id;
}

/**
 * The band hashes a writer detecting at the same time could meet this batch
 * through, each once, in ascending order (the order their locks are taken
 * in): the bands some article would look up. A band of common words is
 * looked up by no one, and locking it made batches wait for each other on
 * "maroc" for nothing. `stats` are the archive's stored counts, without
 * this batch's (another writer sees at least those), and a band is kept
 * while its terms are common at half their count, so that a writer whose
 * counts differ a little from ours still finds it locked.
 */
export function contestedBandHashes(
  batch: readonly { entries: readonly BandEntry[] }[],
  stats: TermStats,
  share: number,
): number[] {
  const margin: TermStats = { articles: stats.articles, df: (t) => stats.df(t) / 2 };
  // Every term some writer could look up (not only the rarest: another
  // writer's counts may rank them otherwise).
  return [...new Set(batch.flatMap((a) => lookableBands(a.entries, margin, share).map((e) => e.hash)))].sort(
    (a, b) => a - b,
  );
}

/** The dates a run (sorted, not empty) reads from the band index: a window before its first article to a window after its last. */
export function runWindow(
  run: readonly { publishedAt: string }[],
  windowMs: number,
): { from: string; to: string } {
  const { from } = windowAround((run[0] as { publishedAt: string }).publishedAt, windowMs);
  const { to } = windowAround((run[run.length - 1] as { publishedAt: string }).publishedAt, windowMs);
  return { from, to };
}

/** Band index rows grouped by hash, in the order read. */
export function rowsByBand(
  rows: Iterable<{ hash: number; articleId: number; publishedAt: string }>,
): Map<number, BandRow[]> {
  const byBand = new Map<number, BandRow[]>();
  for (const r of rows) {
    const row = { articleId: r.articleId, publishedAt: r.publishedAt };
    const list = byBand.get(r.hash);
    if (list) list.push(row);
    else byBand.set(r.hash, [row]);
  }
  return byBand;
}

/** Adds the batch's own term counts to the archive's (read before the batch's are written). */
export function addTermCounts(df: Map<string, number>, counts: ReadonlyMap<string, number>): void {
  for (const [t, n] of counts) df.set(t, (df.get(t) ?? 0) + n);
}

/** A signature's terms, as stored (space separated). */
export function signatureTerms(stored: string): string[] {
  return stored ? stored.split(' ') : [];
}

/**
 * What a new member changes of its story's dates: the last publication,
 * and whether it becomes the first article (published earlier, or at the
 * same time with a smaller id).
 */
export function memberBounds(
  story: { firstArticleId: number; firstPublishedAt: string; lastPublishedAt: string },
  member: { id: number; publishedAt: string },
): { lastPublishedAt: string; first: boolean } {
  // ISO strings compare as dates (Math.max would read them as numbers).
  let lastPublishedAt = story.lastPublishedAt;
  if (member.publishedAt > lastPublishedAt) lastPublishedAt = member.publishedAt;
  const first =
    member.publishedAt < story.firstPublishedAt ||
    (member.publishedAt === story.firstPublishedAt && member.id < story.firstArticleId);
  return { lastPublishedAt, first };
}
