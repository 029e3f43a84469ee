// The store object: a connection, its close and ping, and one-line methods
// for the callers outside the store (ingest, cli, bench, tests). The SQL is
// in the folders beside this file, one per aggregate, as functions over a
// DbHandle (which a Store is).
import { type Kysely, sql } from 'kysely';
import type { SourceConfig } from '../sources/types.ts';
import {
  type ArticleCandidate,
  type ArticleDetail,
  type ArticleListItem,
  articleRows,
  countArticles,
  getArticle,
  listArticles,
  type SaveResult,
  saveFeedRun,
} from './articles/index.ts';
import type { Connection, Dialect } from './connect.ts';
import { type ArticleWords, indexQueueSize } from './index-queue/queue.ts';
import { DEFAULT_STORY_INDEX_DAYS, pruneStoryIndex } from './stories/index.ts';
import {
  countPendingPages,
  type DuePage,
  type LeaseFeedsOptions,
  type LeasePagesOptions,
  leaseDueFeeds,
  leaseDuePages,
  reclaimLeases,
  releaseLease,
  renewLeases,
} from './leases/index.ts';
import { type PageOutcome, savePage } from './pages/index.ts';
import type { ArticleRow, Database, FeedRow } from './schema.ts';
import {
  countEnabledFeeds,
  countFailingFeeds,
  type DueFeed,
  enabledFeeds,
  type FeedRunRecord,
  feedsWaitingForRetryAfter,
  getFeed,
  listSourcesWithFeeds,
  type SourceWithFeeds,
  sourceExists,
  syncSources,
} from './sources/index.ts';

// The records of the folders' functions, where callers found them before.
export type {
  ArticleCandidate,
  ArticleDetail,
  ArticleListItem,
  DueFeed,
  DuePage,
  FeedRunRecord,
  PageOutcome,
  SaveResult,
  SourceWithFeeds,
};

export class Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** KIOSQUE_STORY_INDEX_DAYS: how long pruning keeps an article in the story index. */
  private readonly storyIndexDays: number;

  constructor(
    private readonly conn: Connection,
    options: { storyIndexDays?: number } = {},
  ) {
    this.db = conn.db;
    this.dialect = conn.dialect;
    this.storyIndexDays = options.storyIndexDays ?? DEFAULT_STORY_INDEX_DAYS;
  }

  get connection(): Connection {
    return this.conn;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** How many articles wait for the indexes, and how many of them were set aside after failing. */
  indexQueueSize(): Promise<{ queued: number; failed: number }> {
    return indexQueueSize(this.db);
  }

  // ── Sources and feeds ────────────────────────────────────────────────

  /**
   * Makes the database agree with the sources file: new sources and feeds
   * are added, changed ones updated, and ones no longer in the file disabled
   * (never deleted: their articles stay).
   */
  syncSources(sources: SourceConfig[], now: Date = new Date()): Promise<void> {
    return syncSources(this, sources, now);
  }

  /**
   * Takes up to `limit` feeds that are due, marking them leased by `worker`
   * until `leaseUntil`, so that no other worker takes them meanwhile. With
   * `force`, the schedule is ignored, but never a publisher's Retry-After.
   */
  leaseDueFeeds(options: LeaseFeedsOptions): Promise<DueFeed[]> {
    return leaseDueFeeds(this, options);
  }

  /** Takes up to `limit` article pages that are due, like leaseDueFeeds. */
  leaseDuePages(options: LeasePagesOptions): Promise<DuePage[]> {
    return leaseDuePages(this, options);
  }

  /** Pages waiting to be fetched (pending), for crawl --once to know when it is done. */
  countPendingPages(sourceSlug?: string, dueBy?: Date, excludeIds: number[] = []): Promise<number> {
    return countPendingPages(this, sourceSlug, dueBy, excludeIds);
  }

  /**
   * Records what fetching an article page gave, in one transaction: the full
   * text, author, lead image and images when it worked; the error and the
   * next attempt (or the end of attempts) when it did not. The origin is
   * released for the next request after its rest.
   */
  savePage(page: DuePage, worker: string, outcome: PageOutcome, hostDelayMs: number): Promise<void> {
    return savePage(this, page, worker, outcome, hostDelayMs);
  }

  /** Feeds that a forced run may not poll yet, because the publisher asked us to wait. */
  feedsWaitingForRetryAfter(now: Date, sourceSlug?: string): Promise<DueFeed[]> {
    return feedsWaitingForRetryAfter(this, now, sourceSlug);
  }

  /** Every enabled feed of enabled sources, with its source. */
  enabledFeeds(sourceSlug?: string): Promise<DueFeed[]> {
    return enabledFeeds(this, sourceSlug);
  }

  countEnabledFeeds(sourceSlug?: string): Promise<number> {
    return countEnabledFeeds(this, sourceSlug);
  }

  sourceExists(slug: string): Promise<boolean> {
    return sourceExists(this, slug);
  }

  /** Gives back the feeds, pages and origins held by owners that `isDead` says are gone. Returns how many feeds. */
  reclaimLeases(isDead: (owner: string) => boolean): Promise<number> {
    return reclaimLeases(this, isDead);
  }

  /** Pushes back the end of every lease `worker` still holds (feeds, pages, origins), unless expired. */
  renewLeases(worker: string, now: Date, leaseMs: number): Promise<void> {
    return renewLeases(this, worker, now, leaseMs);
  }

  /** Gives a feed back without a result (the run could not be recorded), and its origin if idle. */
  releaseLease(feedId: number, worker: string): Promise<void> {
    return releaseLease(this, feedId, worker);
  }

  getFeed(feedId: number): Promise<FeedRow | undefined> {
    return getFeed(this, feedId);
  }

  // ── One feed run, one transaction ─────────────────────────────────────

  /**
   * Stores the articles of one poll and the feed's new state in one
   * transaction: a crash before the commit leaves nothing half-written, and
   * a re-run finds the articles already there and stores nothing twice.
   * `onQueued` hears of the articles queued for the indexes, after the
   * commit, with the words the crawler computed (the indexer's `queued`).
   */
  saveFeedRun(
    sourceId: number,
    run: FeedRunRecord,
    candidates: ArticleCandidate[],
    fetchedAt: string,
    onQueued?: (words: ReadonlyMap<number, ArticleWords>, at: string) => void,
  ): Promise<SaveResult> {
    return saveFeedRun(this, sourceId, run, candidates, fetchedAt, onQueued);
  }

  // ── Reading articles ─────────────────────────────────────────────────

  // The site and the JSON API read through ./articles; these are for tools and tests.
  listArticles(options: { source?: string; limit: number; before?: string | null }): Promise<{
    items: ArticleListItem[];
    next: string | null;
  }> {
    return listArticles(this, options);
  }

  getArticle(id: number): Promise<ArticleDetail | null> {
    return getArticle(this, id);
  }

  listSourcesWithFeeds(): Promise<SourceWithFeeds[]> {
    return listSourcesWithFeeds(this);
  }

  countArticles(): Promise<number> {
    return countArticles(this);
  }

  countFailingFeeds(): Promise<number> {
    return countFailingFeeds(this);
  }

  articleRows(sourceSlug?: string): Promise<ArticleRow[]> {
    return articleRows(this, sourceSlug);
  }

  /** Drops from the story index the articles older than KIOSQUE_STORY_INDEX_DAYS; returns how many. */
  async pruneStoryIndex(now: Date = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.storyIndexDays * 86_400_000).toISOString();
    return pruneStoryIndex(this, before);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
