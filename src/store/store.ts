// The one place that speaks SQL. Every method is one query or one
// transaction; callers never see Kysely. Written against Kysely's common
// subset so that PostgreSQL (next issue) needs no rewrite.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { SourceConfig } from '../sources/types.ts';
import type { ErrorInfo } from '../util/errors.ts';
import type { Connection, Dialect } from './connect.ts';
import { originOf } from './migrations.ts';
import type { IndexText } from '../search/index.ts';
import { indexArticles } from './search-queries.ts';
import type { ArticleRow, Database, FeedRow, SourceRow } from './schema.ts';
import {
  DEFAULT_STORY_INDEX_DAYS,
  DEFAULT_STORY_WINDOW_HOURS,
  detectStories,
  forgetArticleStory,
  pruneStoryIndex,
  redetectStories,
} from './story-queries.ts';

/** An article ready to store, as the ingest stage plans it for one feed entry. */
export interface ArticleCandidate {
  /** guid:…, url:… or hash:… — what makes it the same article next time. */
  identity: string;
  guid: string | null;
  canonicalUrl: string | null;
  /** False when the feed reuses one URL for several entries: then the URL proves nothing. */
  matchByUrl: boolean;
  title: string;
  summary: string | null;
  contentHtml: string | null;
  text: string | null;
  author: string | null;
  language: string;
  category: string | null;
  leadImageUrl: string | null;
  images: Array<{ url: string; origin: string | null; caption: string | null }>;
  publishedAt: string;
  publishedAtGuessed: boolean;
  /** The feed gave a teaser: the article page is to be fetched (queued in article_pages). */
  needsPage: boolean;
  contentHash: string;
  /**
   * Its words for the search index and for story detection, computed where
   * the feed was parsed (a worker thread), so the write transaction does not
   * normalise them again. Absent: the store computes them.
   */
  words?: { search: IndexText; story: string[] };
}

/** What one poll of a feed changed in the feed's own state. */
export interface FeedRunRecord {
  feedId: number;
  worker: string | null;
  /** The origin the worker claimed for this run; released when it has no other feed there. */
  origin: string | null;
  /** The host's rest after this run before another worker may claim it. */
  hostDelayMs: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: 'ok' | 'not_modified' | 'error';
  httpStatus: number | null;
  error: ErrorInfo | null;
  bytes: number | null;
  entries: number | null;
  etag: string | null;
  lastModified: string | null;
  /** Set when discovery or a permanent redirect found the feed somewhere else. */
  effectiveUrl?: string | null;
  discovered?: boolean;
  status: string;
  nextFetchAt: string;
  intervalS: number;
  retryAfterUntil: string | null;
  consecutiveErrors: number;
  failingSince: string | null;
}

export interface SaveResult {
  newArticles: number;
  updatedArticles: number;
  unchanged: number;
  tombstoned: number;
  newIds: number[];
  /** The articles whose words changed (updated in place). */
  updatedIds?: number[];
}

/** A feed to poll, with what the crawler needs to know of its source. */
export interface DueFeed extends FeedRow {
  source_slug: string;
  source_name: string;
  source_homepage: string;
  source_language: string;
  source_timezone: string;
  source_mode: string;
  source_settings_json: string;
}

/** An article page to fetch, with what the crawler needs to know of its source. */
export interface DuePage {
  article_id: number;
  url: string;
  origin: string | null;
  attempts: number;
  /** The text the feed gave: the page's must be longer to replace it. */
  feed_text: string | null;
  published_at_guessed: number;
  source_slug: string;
  source_timezone: string;
  source_settings_json: string;
}

export type PageOutcome =
  | {
      ok: true;
      at: string;
      contentHtml: string;
      text: string;
      author: string | null;
      leadImageUrl: string | null;
      images: ArticleCandidate['images'];
      publishedAt: string | null;
      method: string;
    }
  | { ok: false; at: string; error: ErrorInfo; retryAt: string | null };

export interface ArticleListItem {
  id: number;
  source: string;
  title: string;
  url: string | null;
  publishedAt: string;
  summary: string | null;
  language: string;
  category: string | null;
  imageUrl: string | null;
}

export interface ArticleDetail extends ArticleListItem {
  contentHtml: string | null;
  text: string | null;
  author: string | null;
  sourceName: string;
  updatedAt: string;
  fetchedAt: string;
  /** The article's story (0008_stories); null when no other article covers it. */
  storyId: number | null;
}

export interface SourceWithFeeds {
  slug: string;
  name: string;
  language: string;
  homepage: string;
  enabled: boolean;
  feeds: FeedRow[];
}

const IN_CHUNK = 400;

/** What a DueFeed carries of its source. */
const SOURCE_COLUMNS = [
  'sources.slug as source_slug',
  'sources.name as source_name',
  'sources.homepage as source_homepage',
  'sources.language as source_language',
  'sources.timezone as source_timezone',
  'sources.mode as source_mode',
  'sources.settings_json as source_settings_json',
] as const;

function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Keyset cursor over (published_at, id), newest first. Opaque to clients. */
export function encodeCursor(publishedAt: string, id: number): string {
  return Buffer.from(`${publishedAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { publishedAt: string; id: number } | null {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|(\d+)$/.exec(raw);
  if (!m) return null;
  return { publishedAt: m[1]!, id: Number(m[2]) };
}

/**
 * How many queued articles one indexing transaction takes. On PostgreSQL
 * fewer, in PG_INDEX_LANES transactions at once: a batch holds an advisory
 * lock per band hash (16 an article) until it commits, and each takes a slot
 * of the server's shared lock table (64 × max_connections by default).
 */
const INDEX_BATCH = 400;
const PG_INDEX_BATCH = 50;
const PG_INDEX_LANES = 2;
/** A queued article whose indexing failed this many times alone is set aside (its error kept). */
const INDEX_ATTEMPTS = 3;
/** How long after a feed's commit the queue is indexed: the runs that finish meanwhile join the batch. */
const INDEX_DELAY_MS = 100;
/** Precomputed words kept for queued articles at most (another process may index them). */
const MAX_QUEUED_WORDS = 20_000;

type ArticleWords = NonNullable<ArticleCandidate['words']>;

export class Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Told of a batch of the index queue that failed (the articles stay queued). */
  onIndexError: ((err: unknown) => void) | null = null;
  /** The words the crawler computed for queued articles, until their batch is indexed. */
  private readonly queuedWords = new Map<number, { at: string; words: ArticleWords }>();
  private indexing: Promise<number> | null = null;
  private indexTimer: NodeJS.Timeout | null = null;
  private indexAgain = false;
  private closing = false;

  /** Queued articles one indexing transaction takes (INDEX_BATCH; tests make it 1 to interleave workers). */
  private readonly indexBatchSize: number;
  /** KIOSQUE_STORY_WINDOW_HOURS and KIOSQUE_STORY_INDEX_DAYS, for the index queue's detection and pruning. */
  private readonly storyWindowHours: number;
  private readonly storyIndexDays: number;

  constructor(
    private readonly conn: Connection,
    options: { indexBatch?: number; storyWindowHours?: number; storyIndexDays?: number } = {},
  ) {
    this.db = conn.db;
    this.dialect = conn.dialect;
    this.indexBatchSize = options.indexBatch ?? (conn.dialect === 'postgres' ? PG_INDEX_BATCH : INDEX_BATCH);
    this.storyWindowHours = options.storyWindowHours ?? DEFAULT_STORY_WINDOW_HOURS;
    this.storyIndexDays = options.storyIndexDays ?? DEFAULT_STORY_INDEX_DAYS;
  }

  get connection(): Connection {
    return this.conn;
  }

  /** Closes the database once the batch being indexed (if any) is committed; the rest stays queued. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.indexTimer) clearTimeout(this.indexTimer);
    await this.indexing?.catch(() => {});
    await this.db.destroy();
  }

  // ── The index queue ──────────────────────────────────────────────────

  /**
   * Indexes every queued article (stories and search) before it returns, in
   * batches; returns how many. The crawl's end waits for it, and so does
   * anyone who must read the indexes just after storing articles.
   */
  async flushIndexQueue(): Promise<number> {
    if (this.indexTimer) {
      clearTimeout(this.indexTimer);
      this.indexTimer = null;
    }
    let done = 0;
    // One drain at a time per process: wait for a running one, then go on.
    while (this.indexing) done += await this.indexing.catch(() => 0);
    this.indexing = this.drainIndexQueue(true);
    try {
      done += await this.indexing;
    } finally {
      this.indexing = null;
      if (this.indexAgain) {
        this.indexAgain = false;
        this.indexSoon();
      }
    }
    return done;
  }

  /** How many articles wait for the indexes, and how many of them were set aside after failing. */
  async indexQueueSize(): Promise<{ queued: number; failed: number }> {
    const r = await this.db
      .selectFrom('index_queue')
      .select((eb) => [
        eb.fn.countAll<number>().as('queued'),
        eb.fn.sum<number>(sql`case when attempts >= ${INDEX_ATTEMPTS} then 1 else 0 end`).as('failed'),
      ])
      .executeTakeFirstOrThrow();
    return { queued: Number(r.queued), failed: Number(r.failed ?? 0) };
  }

  /** Indexes the queue soon, in the background (after a feed's commit; a worker's loop now and then). */
  indexSoon(): void {
    if (this.indexing) this.indexAgain = true; // the running drain may have just seen an empty queue
    if (this.closing || this.indexTimer || this.indexing) return;
    this.indexTimer = setTimeout(() => {
      this.indexTimer = null;
      if (this.indexing || this.closing) return;
      this.indexing = this.drainIndexQueue(false)
        .catch((err) => {
          this.onIndexError?.(err);
          return 0;
        })
        .finally(() => {
          this.indexing = null;
          if (this.indexAgain) {
            this.indexAgain = false;
            this.indexSoon();
          }
        });
    }, INDEX_DELAY_MS);
    this.indexTimer.unref?.();
  }

  /**
   * Batches until the queue is empty, the store closes, or a batch had an
   * article fail (it is tried again at the next drain, up to INDEX_ATTEMPTS);
   * `strict`: a drain that indexed nothing because of a failure throws it.
   */
  private async drainIndexQueue(strict: boolean): Promise<number> {
    // PostgreSQL: several batches at once, on connections of the pool (each
    // takes its own rows); their story detections wait for each other only
    // where they share a band hash.
    const lanes = this.dialect === 'postgres' ? PG_INDEX_LANES : 1;
    const results = await Promise.all(Array.from({ length: lanes }, () => this.drainLane(strict)));
    const done = results.reduce((n, r) => n + r.done, 0);
    const failed = results.find((r) => r.failed)?.failed;
    if (failed && strict && !done) throw failed;
    return done;
  }

  private async drainLane(strict: boolean): Promise<{ done: number; failed: unknown }> {
    let done = 0;
    for (;;) {
      if (this.closing && !strict) return { done, failed: null };
      const batch = await this.indexBatch();
      done += batch.done;
      if (batch.failed) return { done, failed: batch.failed };
      if (!batch.done) return { done, failed: null };
    }
  }

  /**
   * One batch of the queue in one transaction: story detection for the new
   * articles, the search index for all, the queue rows deleted. On
   * PostgreSQL the rows are taken with SKIP LOCKED, so workers share the
   * queue. A batch that fails is done again article by article: those that
   * fail alone keep their error and, after INDEX_ATTEMPTS, wait for an
   * operator (`indexQueueSize().failed`); the others go through.
   */
  private async indexBatch(): Promise<{ done: number; failed: unknown }> {
    try {
      return {
        done: await retryDeadlock(() => this.indexArticlesOf(this.indexBatchSize, null)),
        failed: null,
      };
    } catch (err) {
      this.onIndexError?.(err);
      const ids = (
        await this.db
          .selectFrom('index_queue')
          .select('article_id')
          .where('attempts', '<', INDEX_ATTEMPTS)
          .orderBy('article_id')
          .limit(this.indexBatchSize)
          .execute()
      ).map((r) => Number(r.article_id));
      let done = 0;
      let failed: unknown = null;
      for (const id of ids) {
        try {
          done += await retryDeadlock(() => this.indexArticlesOf(1, id));
        } catch (one) {
          failed = one;
          await this.db
            .updateTable('index_queue')
            .set((eb) => ({
              attempts: eb('attempts', '+', 1),
              last_error: (one instanceof Error ? one.message : String(one)).slice(0, 500),
            }))
            .where('article_id', '=', id)
            .execute();
        }
      }
      return { done, failed };
    }
  }

  /** Takes up to `limit` queued articles (or the one given) and indexes them; returns how many. */
  private indexArticlesOf(limit: number, only: number | null): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      // The one given (tried alone after a failed batch, whatever its attempts), or the oldest not set aside.
      let q = trx
        .selectFrom('index_queue')
        .select(['article_id', 'stories', 'queued_at'])
        .where((eb) => (only !== null ? eb('article_id', '=', only) : eb('attempts', '<', INDEX_ATTEMPTS)))
        .orderBy('article_id')
        .limit(limit);
      if (this.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const rows = await q.execute();
      if (!rows.length) return 0;
      const ids = rows.map((r) => Number(r.article_id));
      // The crawler's words, for an article queued as new by this process
      // and not changed since (same queue time): otherwise from its row.
      const words = new Map<number, ArticleWords>();
      for (const r of rows) {
        const kept = this.queuedWords.get(Number(r.article_id));
        if (kept && kept.at === r.queued_at && Number(r.stories) === QUEUE_DETECT)
          words.set(Number(r.article_id), kept.words);
      }
      const now = new Date().toISOString();
      const marked = (mark: number) =>
        rows.filter((r) => Number(r.stories) === mark).map((r) => Number(r.article_id));
      // An article whose page came before it was first detected is simply detected (with its page's lead).
      const again = [...marked(QUEUE_REDETECT), ...marked(QUEUE_REDETECT_DATE)];
      const detected = new Set<number>();
      if (again.length) {
        for (const r of await trx
          .selectFrom('story_signatures')
          .select('article_id')
          .where('article_id', 'in', again)
          .execute())
          detected.add(Number(r.article_id));
      }
      await detectStories(
        trx,
        this.dialect,
        [...marked(QUEUE_DETECT), ...again.filter((id) => !detected.has(id))],
        { now, words, windowHours: this.storyWindowHours },
      );
      const redetect = (mark: number) => marked(mark).filter((id) => detected.has(id));
      const windowHours = this.storyWindowHours;
      await redetectStories(trx, this.dialect, redetect(QUEUE_REDETECT), { now, windowHours });
      await redetectStories(trx, this.dialect, redetect(QUEUE_REDETECT_DATE), {
        now,
        windowHours,
        dateChanged: true,
      });
      await indexArticles(trx, this.dialect, ids, words);
      for (let i = 0; i < ids.length; i += 500) {
        await trx
          .deleteFrom('index_queue')
          .where('article_id', 'in', ids.slice(i, i + 500))
          .execute();
      }
      for (const id of ids) this.queuedWords.delete(id);
      return ids.length;
    });
  }

  // ── Sources and feeds ────────────────────────────────────────────────

  /**
   * Makes the database agree with the sources file: new sources and feeds
   * are added, changed ones updated, and ones no longer in the file disabled
   * (never deleted: their articles stay).
   */
  async syncSources(sources: SourceConfig[], now: Date = new Date()): Promise<void> {
    const at = now.toISOString();
    await retryDeadlock(() => this.syncSourcesOnce(sources, at));
  }

  private async syncSourcesOnce(sources: SourceConfig[], at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Every process syncs at start; on PostgreSQL they take turns (SQLite's
      // BEGIN IMMEDIATE already does that).
      if (this.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(hashtext('kiosque:sync-sources'))`.execute(trx);
      const existing = await trx.selectFrom('sources').selectAll().execute();
      const bySlug = new Map(existing.map((s) => [s.slug, s]));
      // Sources made or edited in the console, and sources taken down, are
      // the console's: the file neither changes nor disables them (0007_console).
      const held = new Set(
        existing.filter((s) => s.managed_by === 'console' || s.taken_down_at !== null).map((s) => s.slug),
      );
      const seen = new Set<string>();
      for (const source of sources) {
        seen.add(source.slug);
        if (held.has(source.slug)) continue;
        const values = {
          name: source.name,
          homepage: source.homepage,
          language: source.language,
          timezone: source.timezone,
          mode: source.mode,
          enabled: source.enabled ? 1 : 0,
          settings_json: JSON.stringify({ fetch: source.fetch ?? {}, extract: source.extract ?? {} }),
          updated_at: at,
        };
        const before = bySlug.get(source.slug);
        let sourceId = before?.id;
        // Unchanged rows are not written: every process syncs the same file at
        // start, and a write would lock rows the running workers hold too.
        const changed =
          !before ||
          before.name !== values.name ||
          before.homepage !== values.homepage ||
          before.language !== values.language ||
          before.timezone !== values.timezone ||
          before.mode !== values.mode ||
          Number(before.enabled) !== values.enabled ||
          before.settings_json !== values.settings_json;
        if (sourceId === undefined) {
          const row = await trx
            .insertInto('sources')
            .values({ slug: source.slug, created_at: at, ...values })
            .returning('id')
            .executeTakeFirstOrThrow();
          sourceId = Number(row.id);
        } else if (changed) {
          await trx.updateTable('sources').set(values).where('id', '=', sourceId).execute();
        }
        const feeds = await trx
          .selectFrom('feeds')
          .select(['id', 'url', 'category', 'enabled'])
          .where('source_id', '=', sourceId)
          .execute();
        const feedByUrl = new Map(feeds.map((f) => [f.url, f.id]));
        const feedRow = new Map(feeds.map((f) => [f.url, f]));
        const wanted = new Set<string>();
        for (const feed of source.feeds) {
          wanted.add(feed.url);
          const feedId = feedByUrl.get(feed.url);
          if (feedId === undefined) {
            await trx
              .insertInto('feeds')
              .values({
                source_id: sourceId,
                url: feed.url,
                origin: originOf(feed.url),
                category: feed.category ?? null,
                enabled: 1,
                status: 'new',
                next_fetch_at: at,
                interval_s: 900,
                consecutive_errors: 0,
                created_at: at,
              })
              .execute();
          } else {
            const row = feedRow.get(feed.url);
            if (row?.category !== (feed.category ?? null) || Number(row?.enabled) !== 1) {
              await trx
                .updateTable('feeds')
                .set({ category: feed.category ?? null, enabled: 1 })
                .where('id', '=', feedId)
                .execute();
            }
          }
        }
        const gone = feeds.filter((f) => !wanted.has(f.url) && Number(f.enabled) !== 0).map((f) => f.id);
        if (gone.length) await trx.updateTable('feeds').set({ enabled: 0 }).where('id', 'in', gone).execute();
      }
      const removed = existing
        .filter((s) => !seen.has(s.slug) && !held.has(s.slug) && Number(s.enabled) !== 0)
        .map((s) => s.id);
      if (removed.length) {
        await trx
          .updateTable('sources')
          .set({ enabled: 0, updated_at: at })
          .where('id', 'in', removed)
          .execute();
      }
    });
  }

  /**
   * Takes up to `limit` feeds that are due, marking them leased by `worker`
   * until `leaseUntil`, so that no other worker takes them meanwhile. With
   * `force`, the schedule is ignored, but never a publisher's Retry-After.
   */
  async leaseDueFeeds(options: {
    worker: string;
    limit: number;
    now: Date;
    leaseMs: number;
    force?: boolean;
    sourceSlug?: string;
    excludeIds?: number[];
  }): Promise<DueFeed[]> {
    const now = options.now.toISOString();
    const leaseUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
    const worker = options.worker;
    // Workers claim origins in the order of their due rows, so two may wait
    // on each other's new origin rows: the server's victim takes its turn again.
    return retryDeadlock(() =>
      this.db.transaction().execute(async (trx) => {
        let due = trx
          .selectFrom('feeds')
          .innerJoin('sources', 'sources.id', 'feeds.source_id')
          .select(['feeds.id', 'feeds.origin'])
          .where('feeds.enabled', '=', 1)
          .where('sources.enabled', '=', 1)
          .where((eb) => eb.or([eb('feeds.lease_until', 'is', null), eb('feeds.lease_until', '<', now)]))
          .where((eb) =>
            eb.or([eb('feeds.retry_after_until', 'is', null), eb('feeds.retry_after_until', '<=', now)]),
          )
          // An origin another worker holds, or one resting after its last request, waits.
          .where(originUnavailable('feeds.origin', worker, now, true));
        if (!options.force) due = due.where('feeds.next_fetch_at', '<=', now);
        if (options.sourceSlug) due = due.where('sources.slug', '=', options.sourceSlug);
        if (options.excludeIds?.length) due = due.where('feeds.id', 'not in', options.excludeIds);
        let query = due.orderBy('feeds.next_fetch_at').limit(options.limit * 4);
        // Several workers lease at once on PostgreSQL: each skips the rows another is taking.
        if (this.dialect === 'postgres') query = query.forUpdate('feeds').skipLocked();
        const candidates = await query.execute();

        // Claim each origin before taking its feeds; an origin claimed is one
        // whose feeds we do take, so no claim is left behind unused.
        const ids = (await takeWithOrigins(trx, candidates, options.limit, worker, now, leaseUntil)).map(
          (c) => c.id,
        );
        if (!ids.length) return [];
        await trx
          .updateTable('feeds')
          .set({ lease_owner: worker, lease_until: leaseUntil })
          .where('id', 'in', ids)
          .execute();
        const rows = await trx
          .selectFrom('feeds')
          .innerJoin('sources', 'sources.id', 'feeds.source_id')
          .selectAll('feeds')
          .select(SOURCE_COLUMNS)
          .where('feeds.id', 'in', ids)
          .orderBy('feeds.next_fetch_at')
          .execute();
        return rows as DueFeed[];
      }),
    );
  }

  /**
   * Takes up to `limit` article pages that are due, like leaseDueFeeds: one
   * worker at a time per origin, the origin's rest respected.
   */
  async leaseDuePages(options: {
    worker: string;
    limit: number;
    now: Date;
    leaseMs: number;
    sourceSlug?: string;
    excludeIds?: number[];
  }): Promise<DuePage[]> {
    const now = options.now.toISOString();
    const leaseUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
    const worker = options.worker;
    // Workers claim origins in the order of their due rows, so two may wait
    // on each other's new origin rows: the server's victim takes its turn again.
    return retryDeadlock(() =>
      this.db.transaction().execute(async (trx) => {
        let due = trx
          .selectFrom('article_pages')
          .innerJoin('articles', 'articles.id', 'article_pages.article_id')
          .innerJoin('sources', 'sources.id', 'articles.source_id')
          .select(['article_pages.article_id', 'article_pages.origin'])
          .where('article_pages.status', '=', 'pending')
          .where('article_pages.next_attempt_at', '<=', now)
          .where('sources.enabled', '=', 1)
          .where((eb) =>
            eb.or([eb('article_pages.lease_until', 'is', null), eb('article_pages.lease_until', '<', now)]),
          )
          .where(originUnavailable('article_pages.origin', worker, now, true));
        if (options.sourceSlug) due = due.where('sources.slug', '=', options.sourceSlug);
        if (options.excludeIds?.length)
          due = due.where('article_pages.article_id', 'not in', options.excludeIds);
        let query = due.orderBy('article_pages.next_attempt_at').limit(options.limit * 4);
        if (this.dialect === 'postgres') query = query.forUpdate('article_pages').skipLocked();
        const candidates = await query.execute();
        const ids = (await takeWithOrigins(trx, candidates, options.limit, worker, now, leaseUntil)).map(
          (c) => Number(c.article_id),
        );
        if (!ids.length) return [];
        await trx
          .updateTable('article_pages')
          .set({ lease_owner: worker, lease_until: leaseUntil })
          .where('article_id', 'in', ids)
          .execute();
        const rows = await trx
          .selectFrom('article_pages')
          .innerJoin('articles', 'articles.id', 'article_pages.article_id')
          .innerJoin('sources', 'sources.id', 'articles.source_id')
          .select([
            'article_pages.article_id',
            'article_pages.url',
            'article_pages.origin',
            'article_pages.attempts',
            'articles.text as feed_text',
            'articles.published_at_guessed',
            'sources.slug as source_slug',
            'sources.timezone as source_timezone',
            'sources.settings_json as source_settings_json',
          ])
          .where('article_pages.article_id', 'in', ids)
          .execute();
        return rows.map((r) => ({ ...r, article_id: Number(r.article_id) }));
      }),
    );
  }

  /** Pages waiting to be fetched (pending), for crawl --once to know when it is done. */
  async countPendingPages(sourceSlug?: string, dueBy?: Date, excludeIds: number[] = []): Promise<number> {
    let q = this.db
      .selectFrom('article_pages')
      .innerJoin('articles', 'articles.id', 'article_pages.article_id')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('article_pages.status', '=', 'pending')
      .where('sources.enabled', '=', 1);
    if (sourceSlug) q = q.where('sources.slug', '=', sourceSlug);
    if (dueBy) q = q.where('article_pages.next_attempt_at', '<=', dueBy.toISOString());
    if (excludeIds.length) q = q.where('article_pages.article_id', 'not in', excludeIds);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /**
   * Records what fetching an article page gave, in one transaction: the full
   * text, author, lead image and images when it worked; the error and the
   * next attempt (or the end of attempts) when it did not. The origin is
   * released for the next request after its rest.
   */
  async savePage(page: DuePage, worker: string, outcome: PageOutcome, hostDelayMs: number): Promise<void> {
    const at = outcome.at;
    await retryDeadlock(() =>
      this.db.transaction().execute(async (trx) => {
        if (outcome.ok) {
          // Its new text goes to the search index and, when it gave the lead
          // or the date, to story detection again: through the index queue.
          // Queued first: a batch indexing it holds its queue row, then its
          // article's; taken in the same order here, no deadlock.
          await queueRows(trx, [
            {
              article_id: page.article_id,
              stories:
                outcome.publishedAt && page.published_at_guessed ? QUEUE_REDETECT_DATE : QUEUE_REDETECT,
              queued_at: at,
            },
          ]);
          await trx
            .updateTable('articles')
            .set({
              content_html: outcome.contentHtml,
              text: outcome.text,
              ...(outcome.author ? { author: outcome.author } : {}),
              ...(outcome.leadImageUrl ? { lead_image_url: outcome.leadImageUrl } : {}),
              ...(outcome.publishedAt && page.published_at_guessed
                ? { published_at: outcome.publishedAt, published_at_guessed: 0 }
                : {}),
              updated_at: at,
            })
            .where('id', '=', page.article_id)
            .execute();
          if (outcome.images.length) {
            await linkImages(
              trx,
              [
                {
                  articleId: page.article_id,
                  replace: true,
                  candidate: { images: outcome.images } as ArticleCandidate,
                },
              ],
              at,
            );
          }
        }
        await trx
          .updateTable('article_pages')
          .set({
            status: outcome.ok ? 'done' : outcome.retryAt ? 'pending' : 'failed',
            attempts: page.attempts + 1,
            next_attempt_at: outcome.ok || !outcome.retryAt ? at : outcome.retryAt,
            lease_owner: null,
            lease_until: null,
            last_error_kind: outcome.ok ? null : outcome.error.kind,
            last_error_message: outcome.ok ? null : outcome.error.message,
            method: outcome.ok ? outcome.method : null,
            fetched_at: at,
          })
          .where('article_id', '=', page.article_id)
          .execute();
        if (page.origin) {
          await releaseOriginIfIdle(
            trx,
            page.origin,
            worker,
            new Date(Date.parse(at) + hostDelayMs).toISOString(),
          );
        }
      }),
    );
    if (outcome.ok) this.indexSoon();
  }

  /** Feeds that a forced run may not poll yet, because the publisher asked us to wait. */
  async feedsWaitingForRetryAfter(now: Date, sourceSlug?: string): Promise<DueFeed[]> {
    let q = this.db
      .selectFrom('feeds')
      .innerJoin('sources', 'sources.id', 'feeds.source_id')
      .selectAll('feeds')
      .select(SOURCE_COLUMNS)
      .where('feeds.enabled', '=', 1)
      .where('sources.enabled', '=', 1)
      .where('feeds.retry_after_until', '>', now.toISOString());
    if (sourceSlug) q = q.where('sources.slug', '=', sourceSlug);
    return (await q.execute()) as DueFeed[];
  }

  /** Every enabled feed of enabled sources, with its source. */
  async enabledFeeds(sourceSlug?: string): Promise<DueFeed[]> {
    let q = this.db
      .selectFrom('feeds')
      .innerJoin('sources', 'sources.id', 'feeds.source_id')
      .selectAll('feeds')
      .select(SOURCE_COLUMNS)
      .where('feeds.enabled', '=', 1)
      .where('sources.enabled', '=', 1);
    if (sourceSlug) q = q.where('sources.slug', '=', sourceSlug);
    return (await q.orderBy('feeds.id').execute()) as DueFeed[];
  }

  async countEnabledFeeds(sourceSlug?: string): Promise<number> {
    let q = this.db
      .selectFrom('feeds')
      .innerJoin('sources', 'sources.id', 'feeds.source_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('feeds.enabled', '=', 1)
      .where('sources.enabled', '=', 1);
    if (sourceSlug) q = q.where('sources.slug', '=', sourceSlug);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async sourceExists(slug: string): Promise<boolean> {
    const row = await this.db.selectFrom('sources').select('id').where('slug', '=', slug).executeTakeFirst();
    return row !== undefined;
  }

  /** Gives back the feeds, pages and origins held by owners that `isDead` says are gone. Returns how many feeds. */
  async reclaimLeases(isDead: (owner: string) => boolean): Promise<number> {
    const owners = new Set<string>();
    for (const table of ['feeds', 'article_pages', 'crawl_hosts'] as const) {
      const rows = await this.db
        .selectFrom(table)
        .select('lease_owner')
        .distinct()
        .where('lease_owner', 'is not', null)
        .execute();
      for (const r of rows) if (r.lease_owner && isDead(r.lease_owner)) owners.add(r.lease_owner);
    }
    if (!owners.size) return 0;
    const dead = [...owners];
    const freed = { lease_owner: null, lease_until: null };
    const feeds = await this.db
      .updateTable('feeds')
      .set(freed)
      .where('lease_owner', 'in', dead)
      .executeTakeFirst();
    await this.db.updateTable('article_pages').set(freed).where('lease_owner', 'in', dead).execute();
    await this.db.updateTable('crawl_hosts').set(freed).where('lease_owner', 'in', dead).execute();
    return Number(feeds.numUpdatedRows);
  }

  /**
   * Pushes back the end of every lease `worker` still holds (feeds, pages,
   * origins): a run longer than the lease (a slow publisher, many feeds of
   * one origin in one batch) must not let another worker in beside it.
   * Leases already expired stay expired: another worker may have them now.
   */
  async renewLeases(worker: string, now: Date, leaseMs: number): Promise<void> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    for (const table of ['feeds', 'article_pages', 'crawl_hosts'] as const) {
      await this.db
        .updateTable(table)
        .set({ lease_until: until })
        .where('lease_owner', '=', worker)
        .where('lease_until', '>', at)
        .execute();
    }
  }

  /** Gives a feed back without a result (the run could not be recorded), and its origin if idle. */
  async releaseLease(feedId: number, worker: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const feed = await trx.selectFrom('feeds').select('origin').where('id', '=', feedId).executeTakeFirst();
      await trx
        .updateTable('feeds')
        .set({ lease_owner: null, lease_until: null })
        .where('id', '=', feedId)
        .where('lease_owner', '=', worker)
        .execute();
      if (feed?.origin) await releaseOriginIfIdle(trx, feed.origin, worker, new Date().toISOString());
    });
  }

  async getFeed(feedId: number): Promise<FeedRow | undefined> {
    return this.db.selectFrom('feeds').selectAll().where('id', '=', feedId).executeTakeFirst();
  }

  // ── One feed run, one transaction ─────────────────────────────────────

  /**
   * Stores the articles of one poll and the feed's new state in one
   * transaction: a crash before the commit leaves nothing half-written, and
   * a re-run finds the articles already there and stores nothing twice.
   */
  async saveFeedRun(
    sourceId: number,
    run: FeedRunRecord,
    candidates: ArticleCandidate[],
    fetchedAt: string,
  ): Promise<SaveResult> {
    // (On PostgreSQL a batch of the index queue may hold an updated
    // article's queue row and want its row: the deadlock's victim runs again.)
    const saved = await retryDeadlock(() =>
      this.db.transaction().execute(async (trx) => {
        // A source taken down while this run was fetching keeps nothing of it
        // (the takedown holds the source row until it commits: 0007_console).
        let source = trx.selectFrom('sources').select('taken_down_at').where('id', '=', sourceId);
        if (this.dialect === 'postgres') source = source.forShare();
        if ((await source.executeTakeFirst())?.taken_down_at) candidates = [];
        const { result, words } = await upsertArticles(trx, sourceId, run.feedId, candidates, fetchedAt);
        // The story and search indexes take them in batches, after this commit (flushIndexQueue).
        await queueForIndexing(trx, result, fetchedAt);
        await writeFeedState(trx, run, result);
        return { result, words };
      }),
    );
    // (Words of articles another process indexed are never taken out: start afresh past the bound.)
    if (this.queuedWords.size + saved.words.size > MAX_QUEUED_WORDS) this.queuedWords.clear();
    for (const [id, words] of saved.words) this.queuedWords.set(id, { at: fetchedAt, words });
    if (saved.result.newIds.length || saved.result.updatedIds?.length) this.indexSoon();
    return saved.result;
  }

  // ── Reading articles ─────────────────────────────────────────────────

  async listArticles(options: { source?: string; limit: number; before?: string | null }): Promise<{
    items: ArticleListItem[];
    next: string | null;
  }> {
    // Articles alone, then their sources' slugs: with the join in the same
    // query SQLite walked the sources first and sorted every article (4 s at
    // a million, measured); alone it reads \`limit\` entries of the date index.
    let q = this.db
      .selectFrom('articles')
      .select([
        'id',
        'source_id',
        'title',
        'canonical_url',
        'published_at',
        'summary',
        'language',
        'category',
        'lead_image_url',
      ]);
    if (options.source) {
      const source = await this.db
        .selectFrom('sources')
        .select('id')
        .where('slug', '=', options.source)
        .executeTakeFirst();
      if (!source) return { items: [], next: null };
      q = q.where('source_id', '=', source.id);
    }
    if (options.before) {
      const c = decodeCursor(options.before);
      if (c) {
        q = q.where((eb) =>
          eb.or([
            eb('published_at', '<', c.publishedAt),
            eb.and([eb('published_at', '=', c.publishedAt), eb('id', '<', c.id)]),
          ]),
        );
      }
    }
    const rows = await q
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit + 1)
      .execute();
    const page = rows.slice(0, options.limit);
    const ids = [...new Set(page.map((r) => r.source_id))];
    const slugs = new Map(
      ids.length
        ? (await this.db.selectFrom('sources').select(['id', 'slug']).where('id', 'in', ids).execute()).map(
            (s) => [s.id, s.slug],
          )
        : [],
    );
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: Number(r.id),
        source: slugs.get(r.source_id) ?? '',
        title: r.title,
        url: r.canonical_url,
        publishedAt: r.published_at,
        summary: r.summary,
        language: r.language,
        category: r.category,
        imageUrl: r.lead_image_url,
      })),
      next: rows.length > options.limit && last ? encodeCursor(last.published_at, Number(last.id)) : null,
    };
  }

  async getArticle(id: number): Promise<ArticleDetail | null> {
    const r = await this.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .selectAll('articles')
      .select(['sources.slug as source', 'sources.name as source_name'])
      .where('articles.id', '=', id)
      .executeTakeFirst();
    if (!r) return null;
    return {
      id: Number(r.id),
      source: r.source,
      sourceName: r.source_name,
      title: r.title,
      url: r.canonical_url,
      publishedAt: r.published_at,
      summary: r.summary,
      language: r.language,
      category: r.category,
      imageUrl: r.lead_image_url,
      contentHtml: r.content_html,
      text: r.text,
      author: r.author,
      updatedAt: r.updated_at,
      fetchedAt: r.fetched_at,
      storyId: r.story_id == null ? null : Number(r.story_id),
    };
  }

  async listSourcesWithFeeds(): Promise<SourceWithFeeds[]> {
    // A source taken down at its publisher's request is not listed (0007_console).
    const sources = await this.db
      .selectFrom('sources')
      .selectAll()
      .where('taken_down_at', 'is', null)
      .orderBy('slug')
      .execute();
    const feeds = await this.db.selectFrom('feeds').selectAll().orderBy('id').execute();
    const bySource = new Map<number, FeedRow[]>();
    for (const f of feeds) {
      const list = bySource.get(f.source_id) ?? [];
      list.push(f);
      bySource.set(f.source_id, list);
    }
    return sources.map((s: SourceRow) => ({
      slug: s.slug,
      name: s.name,
      language: s.language,
      homepage: s.homepage,
      enabled: s.enabled === 1,
      feeds: bySource.get(s.id) ?? [],
    }));
  }

  /**
   * Removes an article and leaves a tombstone, so the next crawl does not
   * bring it back. Returns false when there was no such article.
   */
  async removeArticle(id: number, reason: string, now: Date = new Date()): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const a = await trx
        .selectFrom('articles')
        .select(['id', 'source_id', 'identity', 'canonical_url'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!a) return false;
      await trx
        .insertInto('article_tombstones')
        .values({
          source_id: a.source_id,
          identity: a.identity,
          canonical_url: a.canonical_url,
          reason,
          removed_at: now.toISOString(),
        })
        .execute();
      await trx.deleteFrom('article_images').where('article_id', '=', id).execute();
      await forgetArticleStory(trx, this.dialect, id, now.toISOString());
      await trx.deleteFrom('articles').where('id', '=', id).execute();
      return true;
    });
  }

  async countArticles(): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countFailingFeeds(): Promise<number> {
    const row = await this.db
      .selectFrom('feeds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('enabled', '=', 1)
      .where('status', '=', 'failing')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async articleRows(sourceSlug?: string): Promise<ArticleRow[]> {
    let q = this.db.selectFrom('articles').selectAll('articles');
    if (sourceSlug) {
      q = q
        .innerJoin('sources', 'sources.id', 'articles.source_id')
        .where('sources.slug', '=', sourceSlug) as unknown as typeof q;
    }
    return q.orderBy('articles.id').execute();
  }

  /** Drops from the story index the articles older than KIOSQUE_STORY_INDEX_DAYS; returns how many. */
  async pruneStoryIndex(now: Date = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.storyIndexDays * 86_400_000).toISOString();
    return pruneStoryIndex(this.db, this.dialect, before);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}

/**
 * Runs a PostgreSQL transaction again when the server chose it as a
 * deadlock's victim (40P01) or could not serialize it (40001): nothing of it
 * was kept, and the other side has gone on, so a second try succeeds.
 */
async function retryDeadlock<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * i + Math.random() * 50));
    }
  }
}

// ── Origins: one worker at a time per host ──────────────────────────────

/**
 * True when the row's origin may not be asked now: another live worker holds
 * it, or it rests after its last request (`negate` gives the opposite).
 */
function originUnavailable(
  column: 'feeds.origin' | 'article_pages.origin',
  worker: string,
  now: string,
  negate = false,
) {
  const test = sql<boolean>`exists (select 1 from crawl_hosts h where h.origin = ${sql.ref(column)} and (
    (h.lease_owner is not null and h.lease_owner <> ${worker} and h.lease_until > ${now})
    or (h.lease_owner is null and h.free_at > ${now})))`;
  return negate ? sql<boolean>`not ${test}` : test;
}

/** The first `limit` candidates whose origin `worker` could claim, claiming those origins. */
async function takeWithOrigins<T extends { origin: string | null }>(
  trx: Transaction<Database>,
  candidates: T[],
  limit: number,
  worker: string,
  now: string,
  leaseUntil: string,
): Promise<T[]> {
  const claimed = new Map<string, boolean>();
  const taken: T[] = [];
  for (const c of candidates) {
    if (taken.length >= limit) break;
    if (c.origin) {
      if (!claimed.has(c.origin))
        claimed.set(c.origin, await claimOrigin(trx, c.origin, worker, now, leaseUntil));
      if (!claimed.get(c.origin)) continue;
    }
    taken.push(c);
  }
  return taken;
}

/** Takes an origin for `worker` unless another live worker holds it or it is still resting. */
async function claimOrigin(
  trx: Transaction<Database>,
  origin: string,
  worker: string,
  now: string,
  leaseUntil: string,
): Promise<boolean> {
  const row = await trx
    .insertInto('crawl_hosts')
    .values({ origin, lease_owner: worker, lease_until: leaseUntil, free_at: null })
    .onConflict((oc) =>
      oc
        .column('origin')
        .doUpdateSet({ lease_owner: worker, lease_until: leaseUntil })
        .where((eb) =>
          eb.or([
            eb('crawl_hosts.lease_owner', '=', worker),
            eb('crawl_hosts.lease_until', '<', now),
            eb.and([
              eb('crawl_hosts.lease_owner', 'is', null),
              eb.or([eb('crawl_hosts.free_at', 'is', null), eb('crawl_hosts.free_at', '<=', now)]),
            ]),
          ]),
        ),
    )
    .returning('origin')
    .executeTakeFirst();
  return row !== undefined;
}

/** Lets go of an origin once `worker` has no other leased feed there. */
async function releaseOriginIfIdle(
  trx: Transaction<Database>,
  origin: string,
  worker: string,
  freeAt: string,
): Promise<void> {
  const busyFeed = await trx
    .selectFrom('feeds')
    .select('id')
    .where('origin', '=', origin)
    .where('lease_owner', '=', worker)
    .limit(1)
    .executeTakeFirst();
  if (busyFeed) return;
  const busyPage = await trx
    .selectFrom('article_pages')
    .select('article_id')
    .where('origin', '=', origin)
    .where('lease_owner', '=', worker)
    .limit(1)
    .executeTakeFirst();
  if (busyPage) return;
  await trx
    .updateTable('crawl_hosts')
    .set({ lease_owner: null, lease_until: null, free_at: freeAt })
    .where('origin', '=', origin)
    .where('lease_owner', '=', worker)
    .execute();
}

// ── The article upsert, inside the feed run's transaction ─────────────

type Existing = Pick<
  ArticleRow,
  'id' | 'identity' | 'canonical_url' | 'content_hash' | 'published_at_guessed'
>;

/**
 * Queues a feed run's new articles (stories and search) and updated ones
 * (search only) for the indexes; an article queued twice keeps its story
 * detection.
 */
async function queueForIndexing(trx: Transaction<Database>, result: SaveResult, at: string): Promise<void> {
  await queueRows(trx, [
    ...result.newIds.map((id) => ({ article_id: id, stories: QUEUE_DETECT, queued_at: at })),
    ...(result.updatedIds ?? []).map((id) => ({ article_id: id, stories: QUEUE_SEARCH_ONLY, queued_at: at })),
  ]);
}

// What the index queue does with an article (index_queue.stories); an
// article queued twice keeps the larger: detection again covers detection.
/** Updated in place: the search index only. */
const QUEUE_SEARCH_ONLY = 0;
/** New: story detection and the search index. */
const QUEUE_DETECT = 1;
/** Its page gave it a lead: detected again if it stands alone (redetectStories), and searched. */
const QUEUE_REDETECT = 2;
/** Its page gave it its real date as well. */
const QUEUE_REDETECT_DATE = 3;

async function queueRows(
  trx: Transaction<Database>,
  rows: Array<{ article_id: number; stories: number; queued_at: string }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 300) {
    await trx
      .insertInto('index_queue')
      .values(rows.slice(i, i + 300))
      .onConflict((oc) =>
        oc.column('article_id').doUpdateSet({
          stories: sql`case when excluded.stories > index_queue.stories then excluded.stories else index_queue.stories end`,
          queued_at: sql`excluded.queued_at`,
          attempts: 0,
        }),
      )
      .execute();
  }
}

async function upsertArticles(
  trx: Transaction<Database>,
  sourceId: number,
  feedId: number,
  candidates: ArticleCandidate[],
  fetchedAt: string,
): Promise<{ result: SaveResult; words: Map<number, NonNullable<ArticleCandidate['words']>> }> {
  const result: SaveResult = { newArticles: 0, updatedArticles: 0, unchanged: 0, tombstoned: 0, newIds: [] };
  // The precomputed words of the new articles (an updated one may keep a body the page gave).
  const words = new Map<number, NonNullable<ArticleCandidate['words']>>();
  if (!candidates.length) return { result, words };

  const identities = candidates.map((c) => c.identity);
  const urls = candidates.filter((c) => c.matchByUrl && c.canonicalUrl).map((c) => c.canonicalUrl as string);

  const existing: Existing[] = [];
  const dead: Array<{ identity: string; canonical_url: string | null }> = [];
  for (const [column, values] of [
    ['identity', identities],
    ['canonical_url', urls],
  ] as const) {
    for (const part of chunks(values)) {
      existing.push(
        ...(await trx
          .selectFrom('articles')
          .select(['id', 'identity', 'canonical_url', 'content_hash', 'published_at_guessed'])
          .where('source_id', '=', sourceId)
          .where(column, 'in', part)
          .execute()),
      );
      dead.push(
        ...(await trx
          .selectFrom('article_tombstones')
          .select(['identity', 'canonical_url'])
          .where('source_id', '=', sourceId)
          .where(column, 'in', part)
          .execute()),
      );
    }
  }
  const pageDone = new Set<number>();
  for (const part of chunks(existing.map((e) => Number(e.id)))) {
    const rows = await trx
      .selectFrom('article_pages')
      .select('article_id')
      .where('article_id', 'in', part)
      .where('status', '=', 'done')
      .execute();
    for (const r of rows) pageDone.add(Number(r.article_id));
  }
  const byIdentity = new Map(existing.map((e) => [e.identity, e]));
  const byUrl = new Map(existing.filter((e) => e.canonical_url).map((e) => [e.canonical_url as string, e]));
  const deadIdentities = new Set(dead.map((d) => d.identity));
  const deadUrls = new Set(dead.filter((d) => d.canonical_url).map((d) => d.canonical_url as string));

  const seen = new Set<string>();
  const inserts: ArticleCandidate[] = [];
  const imageWork: Array<{ articleId: number; candidate: ArticleCandidate; replace: boolean }> = [];
  const pageWork: Array<{ articleId: number; url: string }> = [];
  for (const c of candidates) {
    // One feed document may list the same article twice: the first wins.
    if (seen.has(c.identity)) continue;
    seen.add(c.identity);
    if (deadIdentities.has(c.identity) || (c.matchByUrl && c.canonicalUrl && deadUrls.has(c.canonicalUrl))) {
      result.tombstoned++;
      continue;
    }
    const found =
      byIdentity.get(c.identity) ?? (c.matchByUrl && c.canonicalUrl ? byUrl.get(c.canonicalUrl) : undefined);
    if (!found) {
      inserts.push(c);
      continue;
    }
    if (found.content_hash === c.contentHash) {
      result.unchanged++;
      continue;
    }
    // Same article, new words: update it in place and keep its id. When its
    // full text came from the page, a teaser does not replace it: the page
    // is fetched again instead.
    const keepBody = c.needsPage && pageDone.has(Number(found.id));
    await trx
      .updateTable('articles')
      .set({
        title: c.title,
        summary: c.summary,
        ...(keepBody ? {} : { content_html: c.contentHtml, text: c.text, lead_image_url: c.leadImageUrl }),
        author: c.author,
        category: c.category,
        content_hash: c.contentHash,
        updated_at: fetchedAt,
        // A real date from the publisher replaces our first-seen guess, never the reverse.
        ...(found.published_at_guessed && !c.publishedAtGuessed
          ? { published_at: c.publishedAt, published_at_guessed: 0 }
          : {}),
      })
      .where('id', '=', found.id)
      .execute();
    if (!keepBody) imageWork.push({ articleId: Number(found.id), candidate: c, replace: true });
    if (c.needsPage && c.canonicalUrl) pageWork.push({ articleId: Number(found.id), url: c.canonicalUrl });
    result.updatedArticles++;
    if (!result.updatedIds) result.updatedIds = [];
    result.updatedIds.push(Number(found.id));
  }

  for (const part of chunks(inserts, 50)) {
    const rows = await trx
      .insertInto('articles')
      .values(
        part.map((c) => ({
          source_id: sourceId,
          feed_id: feedId,
          identity: c.identity,
          guid: c.guid,
          canonical_url: c.canonicalUrl,
          title: c.title,
          summary: c.summary,
          content_html: c.contentHtml,
          text: c.text,
          author: c.author,
          language: c.language,
          category: c.category,
          lead_image_url: c.leadImageUrl,
          content_hash: c.contentHash,
          published_at: c.publishedAt,
          published_at_guessed: c.publishedAtGuessed ? 1 : 0,
          fetched_at: fetchedAt,
          updated_at: fetchedAt,
        })),
      )
      // Two feeds of one source may carry the same new article at the same
      // moment (its home feed and a category feed, in two workers): the
      // second insert then finds it there and leaves it be.
      .onConflict((oc) => oc.columns(['source_id', 'identity']).doNothing())
      .returning(['id', 'identity'])
      .execute();
    const idByIdentity = new Map(rows.map((r) => [r.identity, Number(r.id)]));
    for (const c of part) {
      const id = idByIdentity.get(c.identity);
      if (id === undefined) continue;
      result.newIds.push(id);
      if (c.words) words.set(id, c.words);
      imageWork.push({ articleId: id, candidate: c, replace: false });
      if (c.needsPage && c.canonicalUrl) pageWork.push({ articleId: id, url: c.canonicalUrl });
    }
    result.newArticles += rows.length;
    result.unchanged += part.length - rows.length;
  }
  await linkImages(trx, imageWork, fetchedAt);
  await queuePages(trx, pageWork, fetchedAt);
  return { result, words };
}

/** Queues (or queues again) the pages of teaser articles, to fetch as soon as their host allows. */
async function queuePages(
  trx: Transaction<Database>,
  work: Array<{ articleId: number; url: string }>,
  at: string,
): Promise<void> {
  for (const part of chunks(work, 100)) {
    await trx
      .insertInto('article_pages')
      .values(
        part.map((w) => ({
          article_id: w.articleId,
          url: w.url,
          origin: originOf(w.url),
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.column('article_id').doUpdateSet({ status: 'pending', attempts: 0, next_attempt_at: at }),
      )
      .execute();
  }
}

/**
 * Links the images of several articles in three statements for the whole
 * feed run (not three per article): images are stored once by URL, then
 * linked in the order the feed gave them.
 */
async function linkImages(
  trx: Transaction<Database>,
  work: Array<{ articleId: number; candidate: ArticleCandidate; replace: boolean }>,
  at: string,
): Promise<void> {
  const replaced = work.filter((w) => w.replace).map((w) => w.articleId);
  for (const part of chunks(replaced)) {
    await trx.deleteFrom('article_images').where('article_id', 'in', part).execute();
  }
  const urls = [...new Set(work.flatMap((w) => w.candidate.images.map((i) => i.url)))];
  if (!urls.length) return;
  const idByUrl = new Map<string, number>();
  for (const part of chunks(urls)) {
    await trx
      .insertInto('images')
      .values(part.map((url) => ({ url, first_seen_at: at })))
      .onConflict((oc) => oc.column('url').doNothing())
      .execute();
    for (const r of await trx.selectFrom('images').select(['id', 'url']).where('url', 'in', part).execute()) {
      idByUrl.set(r.url, Number(r.id));
    }
  }
  const links = [];
  for (const { articleId, candidate } of work) {
    const seen = new Set<number>();
    for (const [position, image] of candidate.images.entries()) {
      const imageId = idByUrl.get(image.url);
      if (imageId === undefined || seen.has(imageId)) continue;
      seen.add(imageId);
      links.push({
        article_id: articleId,
        image_id: imageId,
        position,
        origin: image.origin,
        caption: image.caption,
      });
    }
  }
  for (const part of chunks(links, 100)) await trx.insertInto('article_images').values(part).execute();
}

async function writeFeedState(
  trx: Transaction<Database>,
  run: FeedRunRecord,
  saved: SaveResult,
): Promise<void> {
  const failed = run.outcome === 'error';
  await trx
    .updateTable('feeds')
    .set({
      status: run.status,
      etag: run.etag,
      last_modified: run.lastModified,
      next_fetch_at: run.nextFetchAt,
      interval_s: run.intervalS,
      retry_after_until: run.retryAfterUntil,
      consecutive_errors: run.consecutiveErrors,
      failing_since: run.failingSince,
      last_fetched_at: run.finishedAt,
      last_status: run.httpStatus,
      ...(failed
        ? {
            last_error_kind: run.error?.kind ?? 'internal',
            last_error_message: run.error?.message ?? 'unknown error',
            last_error_at: run.finishedAt,
          }
        : {
            last_success_at: run.finishedAt,
            last_error_kind: null,
            last_error_message: null,
            last_error_at: null,
          }),
      ...(run.effectiveUrl !== undefined
        ? {
            effective_url: run.effectiveUrl,
            ...(run.effectiveUrl ? { origin: originOf(run.effectiveUrl) } : {}),
          }
        : {}),
      ...(run.discovered ? { discovered_at: run.finishedAt } : {}),
      lease_owner: null,
      lease_until: null,
    })
    .where('id', '=', run.feedId)
    .execute();
  if (run.origin && run.worker) {
    const freeAt = new Date(Date.parse(run.finishedAt) + run.hostDelayMs).toISOString();
    await releaseOriginIfIdle(trx, run.origin, run.worker, freeAt);
  }
  await trx
    .insertInto('fetch_log')
    .values({
      feed_id: run.feedId,
      started_at: run.startedAt,
      duration_ms: Math.round(run.durationMs),
      outcome: run.outcome,
      http_status: run.httpStatus,
      error_kind: run.error?.kind ?? null,
      error_message: run.error?.message ?? null,
      bytes: run.bytes,
      entries: run.entries,
      new_articles: saved.newArticles,
      updated_articles: saved.updatedArticles,
      worker: run.worker,
    })
    .execute();
}
