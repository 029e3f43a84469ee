// The CPU-heavy part of ingest, as pure functions run in worker threads
// (work-pool.ts): a feed document to planned articles (parse, sanitize,
// plain text). An article page to its full text is prepare-page.ts.
// Nothing here touches the network or the database.
import { parseFeed } from '../feeds/index.ts';
import type { FeedFormat, ParseOptions, WebSubLinks } from '../feeds/types.ts';
import { indexText } from '../search/index.ts';
import { storyTerms } from '../stories/index.ts';
import type { ArticleCandidate } from '../store/index.ts';
import { decodeDocument } from '../fetch/charset.ts';
import { KiosqueError } from '../util/errors.ts';
import { type PlanContext, planChangedArticles, readPrints } from './plan.ts';

export interface FeedJob {
  type: 'feed';
  /** The feed's text, or its bytes as fetched, decoded here (decodeBody, as the client would). */
  text?: string;
  bytes?: Uint8Array;
  /** The response's Content-Type, for the charset of `bytes`. */
  contentType?: string | null;
  parse: ParseOptions;
  plan: PlanContext;
  /** The feed's entry prints at its last stored run (`entry_prints`): those entries are not planned again. */
  known?: string | null;
}

export interface PreparedFeed {
  format: FeedFormat;
  entries: number;
  /** Entries not stored this time: the feed lists more than MAX_ENTRIES_PER_POLL (the oldest). */
  beyondLimit: number;
  /** The real publication dates of the entries, for the schedule. */
  entryDates: Date[];
  /** The articles of the entries that changed since the last stored run. */
  candidates: ArticleCandidate[];
  /** Every kept entry's print, for the feed's `entry_prints`. */
  prints: string;
  /** The hub the document names, if it pushes. */
  websub: WebSubLinks | null;
}

export function prepareFeed(job: FeedJob): PreparedFeed {
  // The oldest entries of an archive-sized feed are dropped while it is read.
  const feed = parseFeed(job.text ?? feedText(job), { ...job.parse, maxEntries: MAX_ENTRIES_PER_POLL });
  const kept = newestEntries(feed.entries, MAX_ENTRIES_PER_POLL);
  const listed = feed.entries.length + (feed.omitted ?? 0);
  const { candidates, prints } = planChangedArticles(
    kept,
    { ...job.plan, feedUrl: job.plan.feedUrl ?? job.parse.url },
    readPrints(job.known),
  );
  // Their words for the search index and story detection, here in the worker
  // thread: normalising them cost the write transaction ~0.6 ms an article.
  for (const c of candidates) c.words = { search: indexText(c), story: storyTerms(c) };
  return {
    format: feed.format,
    entries: listed,
    beyondLimit: listed - kept.length,
    entryDates: feed.entries.map((e) => e.publishedAt).filter((d): d is Date => d !== null),
    candidates,
    prints,
    websub: feed.websub ?? null,
  };
}

/**
 * Entries one poll stores at most. A news feed lists tens; a feed of
 * thousands is an archive dump (the feed limit of 10 MB holds ~9,000 short
 * ones), and storing them all at once would take a transaction and the
 * crawler's memory with it. The newest are kept; the rest are said in the log.
 */
export const MAX_ENTRIES_PER_POLL = 1_000;

function newestEntries<T extends { publishedAt: Date | null }>(entries: T[], max: number): T[] {
  if (entries.length <= max) return entries;
  // Dated ones newest first, then the undated in the feed's order.
  const time = (e: T) => e.publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => time(b.e) - time(a.e) || a.i - b.i)
    .slice(0, max)
    .map((x) => x.e);
}

function feedText(job: FeedJob): string {
  if (!job.bytes) throw new Error('a feed job needs its text or its bytes');
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  return decodeDocument(bytes, job.contentType ?? null, 'feed', job.parse.url).text;
}
