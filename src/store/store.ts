// The one place that speaks SQL. Every method is one query or one
// transaction; callers never see Kysely. Written against Kysely's common
// subset so that PostgreSQL (next issue) needs no rewrite.
import { type Kysely, sql, type Transaction } from 'kysely';
import { originOf } from '../sources/index.ts';
import type { SourceConfig } from '../sources/types.ts';
import type { ErrorInfo } from '../util/errors.ts';
import type { Connection, Dialect } from './connect.ts';
import { type ArticleWords, IndexWork, indexQueueSize, queueArticles } from './index-queue/queue.ts';
import type { ArticleRow, Database, FeedRow } from './schema.ts';
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
  releaseOriginIfIdle,
  renewLeases,
} from './leases/index.ts';
import { retryDeadlock } from './retry-deadlock.ts';
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
  writeFeedState,
} from './sources/index.ts';

// The sources' and leases' records, where callers found them before.
export type { DueFeed, DuePage, FeedRunRecord, SourceWithFeeds };

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
  words?: ArticleWords;
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

const IN_CHUNK = 400;

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
  async savePage(page: DuePage, worker: string, outcome: PageOutcome, hostDelayMs: number): Promise<void> {
    const at = outcome.at;
    await retryDeadlock(() =>
      this.db.transaction().execute(async (trx) => {
        if (outcome.ok) {
          // Its new text goes to the search index and, when it gave the lead
          // or the date, to story detection again: through the index queue.
          // Queued first: a batch indexing it holds its queue row, then its
          // article's; taken in the same order here, no deadlock.
          await queueArticles(trx, [
            {
              articleId: page.article_id,
              work:
                outcome.publishedAt && page.published_at_guessed
                  ? IndexWork.redetectDate
                  : IndexWork.redetect,
              queuedAt: at,
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
  async saveFeedRun(
    sourceId: number,
    run: FeedRunRecord,
    candidates: ArticleCandidate[],
    fetchedAt: string,
    onQueued?: (words: ReadonlyMap<number, ArticleWords>, at: string) => void,
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
        // The story and search indexes take them in batches, after this commit (the indexer).
        await queueForIndexing(trx, result, fetchedAt);
        await writeFeedState(trx, run, result);
        return { result, words };
      }),
    );
    if (saved.result.newIds.length || saved.result.updatedIds?.length) onQueued?.(saved.words, fetchedAt);
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

  listSourcesWithFeeds(): Promise<SourceWithFeeds[]> {
    return listSourcesWithFeeds(this);
  }

  async countArticles(): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  countFailingFeeds(): Promise<number> {
    return countFailingFeeds(this);
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
    return pruneStoryIndex(this, before);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
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
  await queueArticles(trx, [
    ...result.newIds.map((id) => ({ articleId: id, work: IndexWork.detect, queuedAt: at })),
    ...(result.updatedIds ?? []).map((id) => ({ articleId: id, work: IndexWork.searchOnly, queuedAt: at })),
  ]);
}

async function upsertArticles(
  trx: Transaction<Database>,
  sourceId: number,
  feedId: number,
  candidates: ArticleCandidate[],
  fetchedAt: string,
): Promise<{ result: SaveResult; words: Map<number, ArticleWords> }> {
  const result: SaveResult = { newArticles: 0, updatedArticles: 0, unchanged: 0, tombstoned: 0, newIds: [] };
  // The precomputed words of the new articles (an updated one may keep a body the page gave).
  const words = new Map<number, ArticleWords>();
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
