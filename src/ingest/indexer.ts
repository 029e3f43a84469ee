// The indexer: takes the index queue in batches (story detection, then the
// search index) shortly after the crawler stores articles, in the
// background of a worker or `npm start`, or all at once at the end of
// `crawl --once`. The store only offers the queue's queries; the timing,
// lanes and retries are here.
import {
  type ArticleWords,
  type DbHandle,
  indexQueuedArticles,
  queuedArticleIds,
  recordIndexFailure,
} from '../store/index.ts';

/**
 * How many queued articles one indexing transaction takes. On PostgreSQL
 * fewer, in PG_INDEX_LANES transactions at once: a batch holds an advisory
 * lock per band hash others could look up (up to 16 an article, 32 an
 * Arabic one) until it commits, and each takes a slot of the server's
 * shared lock table (64 × max_connections by default).
 */
const INDEX_BATCH = 400;
const PG_INDEX_BATCH = 50;
const PG_INDEX_LANES = 2;
/** How long after a feed's commit the queue is indexed: the runs that finish meanwhile join the batch. */
const INDEX_DELAY_MS = 100;
/**
 * A background drain waits, up to this long, for a batch's worth of new
 * articles of this process. Each worker indexes its own (OTHERS_AFTER_MS):
 * with N workers each queues 1/N of the articles, so batches taken every
 * 100 ms would shrink with N while each batch's round trips and index
 * reads stay the same (with the wait: 50 a batch with 1, 2 and 4 workers).
 */
const INDEX_FILL_MS = 1000;
/**
 * A background drain takes the new articles this process queued (it holds
 * their words); another process's are taken once they have waited this
 * long, as left behind (the process stopped or died). Taken at once, each
 * of N workers indexed mostly others' articles (3,286 of 5,000 with 4),
 * reading each back and computing its words again: the cost per article
 * climbed with N. A minute was too short on a loaded machine (load 15 on
 * 2 cores): some worker was more than a minute behind, and the others took
 * 1,842 of 5,000 without their words.
 */
const OTHERS_AFTER_MS = 5 * 60_000;
/**
 * Precomputed words kept for queued articles at most (~5 KB an article).
 * The crawler waits for room (`room()`) rather than run ahead of the
 * indexer: at 20,000 these words were most of the crawler's heap (150 MB).
 */
const MAX_QUEUED_WORDS = 3_000;

export interface IndexerOptions {
  /** Queued articles one indexing transaction takes (tests make it 1 to interleave workers). */
  batch?: number;
  /** Told of a batch of the index queue that failed (the articles stay queued). */
  onError?: (err: unknown) => void;
  /** A story's window, in hours either side of an article (KIOSQUE_STORY_WINDOW_HOURS; default 72). */
  storyWindowHours?: number;
}

export class Indexer {
  private readonly store: DbHandle;
  private readonly batch: number;
  private readonly onError: (err: unknown) => void;
  private readonly storyWindowHours: number | undefined;
  /**
   * The new articles this process queued, with the words the crawler
   * computed for them (if it did), until their batch is indexed.
   */
  private readonly queuedWords = new Map<number, { at: string; words: ArticleWords | undefined }>();
  private indexing: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** When the background drain to come was first asked for (null: none asked). */
  private askedAt: number | null = null;
  private again = false;
  private stopping = false;
  /** Feed runs waiting for room among the queued words. */
  private readonly waitingForRoom: Array<() => void> = [];

  constructor(store: DbHandle, options: IndexerOptions = {}) {
    this.store = store;
    this.batch = options.batch ?? (store.dialect === 'postgres' ? PG_INDEX_BATCH : INDEX_BATCH);
    this.onError = options.onError ?? (() => {});
    this.storyWindowHours = options.storyWindowHours;
  }

  /**
   * A feed run queued these articles, with the words the crawler computed
   * for them: indexed soon. (Given to `saveFeedRun`.)
   */
  readonly queued = (
    words: ReadonlyMap<number, ArticleWords>,
    at: string,
    newIds: readonly number[] = [...words.keys()],
  ): void => {
    for (const id of new Set([...newIds, ...words.keys()]))
      this.queuedWords.set(id, { at, words: words.get(id) });
    this.soon();
  };

  /**
   * Resolves when there is room for more queued words: a feed run waits
   * here before it stores, so that the crawler never runs far ahead of the
   * indexer (memory bounded by design, issue 16).
   */
  room(): Promise<void> {
    if (this.queuedWords.size < MAX_QUEUED_WORDS || this.stopping) return Promise.resolve();
    this.soon();
    return new Promise((resolve) => this.waitingForRoom.push(resolve));
  }

  /** Nothing being indexed nor about to be. */
  get idle(): boolean {
    return !this.indexing && !this.timer;
  }

  /** Indexes the queue soon, in the background (after a feed's commit; a worker's loop now and then). */
  soon(): void {
    if (this.indexing) this.again = true; // the running drain may have just seen an empty queue
    if (this.stopping || this.timer || this.indexing) return;
    this.askedAt ??= Date.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.indexing || this.stopping) return;
      if (this.queuedWords.size < this.batch && Date.now() - (this.askedAt ?? 0) < INDEX_FILL_MS) {
        this.soon(); // not a batch yet: a little longer
        return;
      }
      this.askedAt = null;
      this.indexing = this.drain(false)
        .catch((err) => {
          this.onError(err);
          return 0;
        })
        .finally(() => {
          this.indexing = null;
          this.afterDrain();
        });
    }, INDEX_DELAY_MS);
    this.timer.unref?.();
  }

  /**
   * Indexes every queued article (stories and search) before it returns, in
   * batches; returns how many. The crawl's end waits for it, and so does
   * anyone who must read the indexes just after storing articles.
   */
  async flush(): Promise<number> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.askedAt = null;
    let done = 0;
    // One drain at a time per process: wait for a running one, then go on.
    while (this.indexing) done += await this.indexing.catch(() => 0);
    this.indexing = this.drain(true);
    try {
      done += await this.indexing;
    } finally {
      this.indexing = null;
      this.afterDrain();
    }
    return done;
  }

  /** Stops once the batch being indexed (if any) is committed; the rest stays queued. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.waitingForRoom.splice(0)) wake();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.indexing?.catch(() => {});
  }

  private afterDrain(): void {
    // Still full after a drain: the words are of articles another process
    // indexed (they are never taken out here); start afresh, never wait for ever.
    if (this.queuedWords.size >= MAX_QUEUED_WORDS) this.queuedWords.clear();
    for (const wake of this.waitingForRoom.splice(0)) wake();
    if (!this.again) return;
    this.again = false;
    this.soon();
  }

  /**
   * Batches until the queue is empty, the indexer stops, or a batch had an
   * article fail (it is tried again at the next drain, up to INDEX_ATTEMPTS);
   * `strict`: a drain that indexed nothing because of a failure throws it.
   */
  private async drain(strict: boolean): Promise<number> {
    // PostgreSQL: several batches at once, on connections of the pool (each
    // takes its own rows); their story detections wait for each other only
    // where they share a band hash. In the background, a lane only for each
    // batch of this process's articles (another would come back empty).
    const most = this.store.dialect === 'postgres' ? PG_INDEX_LANES : 1;
    const lanes = strict ? most : Math.max(1, Math.min(most, Math.ceil(this.queuedWords.size / this.batch)));
    const results = await Promise.all(Array.from({ length: lanes }, () => this.drainLane(strict)));
    const done = results.reduce((n, r) => n + r.done, 0);
    const failed = results.find((r) => r.failed)?.failed;
    if (failed && strict && !done) throw failed;
    return done;
  }

  private async drainLane(strict: boolean): Promise<{ done: number; failed: unknown }> {
    let done = 0;
    for (;;) {
      if (this.stopping && !strict) return { done, failed: null };
      const batch = await this.indexBatch(strict);
      done += batch.done;
      if (batch.failed) return { done, failed: batch.failed };
      if (!batch.done) return { done, failed: null };
      // In the background, a batch not filled took all there was: no empty
      // batch to end the lane (what was queued meanwhile has asked for the next drain).
      if (!strict && batch.done < this.batch) return { done, failed: null };
    }
  }

  /**
   * One batch of the queue. A batch that fails is done again article by
   * article: those that fail alone keep their error and, after
   * INDEX_ATTEMPTS, wait for an operator (the queue's `failed` count); the
   * others go through.
   */
  private async indexBatch(everyone: boolean): Promise<{ done: number; failed: unknown }> {
    try {
      return { done: await this.indexArticles(this.batch, undefined, everyone), failed: null };
    } catch (err) {
      this.onError(err);
      let done = 0;
      let failed: unknown = null;
      for (const id of await queuedArticleIds(this.store, this.batch)) {
        try {
          done += await this.indexArticles(1, id);
        } catch (one) {
          failed = one;
          await recordIndexFailure(this.store, id, one);
        }
      }
      return { done, failed };
    }
  }

  /** `everyone`: any queued article (a flush), not only this process's and those left behind. */
  private async indexArticles(limit: number, only?: number, everyone = true): Promise<number> {
    const ids = await indexQueuedArticles(this.store, {
      limit,
      ...(only !== undefined ? { only } : {}),
      ...(everyone
        ? {}
        : {
            shared: {
              mine: this.oldestQueued(limit * 4),
              othersBefore: new Date(Date.now() - OTHERS_AFTER_MS).toISOString(),
            },
          }),
      ...(this.storyWindowHours !== undefined ? { windowHours: this.storyWindowHours } : {}),
      wordsOf: (id, queuedAt) => {
        const kept = this.queuedWords.get(id);
        return kept?.at === queuedAt ? kept.words : undefined;
      },
    });
    for (const id of ids) this.queuedWords.delete(id);
    return ids.length;
  }

  /** The first `n` new articles this process queued (the lanes skip each other's). */
  private oldestQueued(n: number): number[] {
    return [...this.queuedWords.keys()].sort((a, b) => a - b).slice(0, n);
  }
}
