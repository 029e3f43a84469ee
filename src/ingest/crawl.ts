// The two ways feeds get polled: the loop that runs for ever (inside
// `npm start` and `kiosque worker`), and `kiosque crawl --once`, which polls
// every enabled feed now, whatever our schedule says, but never before a
// publisher's Retry-After.
import type { ErrorInfo } from '../util/errors.ts';
import { keepLeases, LEASE_MS, ownerIsDeadHere } from './leases.ts';
import { type PageSummary, pollPage } from './fetch-page.ts';
import { type PollDeps, type PollSummary, pollFeed } from './poll-feed.ts';
import {
  countEnabledFeeds,
  countPendingPages,
  DEFAULT_STORY_INDEX_DAYS,
  enabledFeeds,
  feedsWaitingForRetryAfter,
  leaseDueFeeds,
  leaseDuePages,
  pruneFetchLog,
  pruneStoryIndexOlderThan,
  reclaimLeases,
  releaseLease,
} from '../store/index.ts';
import { isDatabaseUnreachable, storageTrouble } from '../store/storage-errors.ts';
import { storageErrorsTotal } from '../util/metrics.ts';
import { countsSince, type WorkCounts, workCounts } from '../util/work-counts.ts';

/** How long the crawler waits before trying to write again on a full disk. */
const FULL_DISK_PAUSE_MS = 30_000;

/** The loop waits for its runs in flight before giving its leases back (after an outage). */
class WaitForRuns extends Error {}

export interface CrawlSummary {
  feeds: number;
  ok: number;
  notModified: number;
  failed: Array<{ source: string; url: string; error: ErrorInfo }>;
  /** Feeds not polled because the publisher asked us to wait (429/503 Retry-After). */
  waiting: Array<{ source: string; url: string; until: string }>;
  /** Feeds another worker kept leased for the whole run. */
  busy: Array<{ source: string; url: string }>;
  /** Article pages fetched for teasers, and the ones that failed this time. */
  pages: { fetched: number; failed: Array<{ source: string; url: string; error: ErrorInfo }> };
  newArticles: number;
  updatedArticles: number;
  discovered: Array<{ source: string; url: string }>;
  durationMs: number;
}

export interface CrawlOnceOptions {
  sourceSlug?: string;
  concurrency: number;
  leaseMs?: number;
  onProgress?: (done: number, total: number, last: PollSummary) => void;
  onPageProgress?: (last: PageSummary) => void;
}

export async function crawlOnce(deps: PollDeps, options: CrawlOnceOptions): Promise<CrawlSummary> {
  const t0 = performance.now();
  const now = deps.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? LEASE_MS;
  await reclaimLeases(deps.store, ownerIsDeadHere);
  const total = await countEnabledFeeds(deps.store, options.sourceSlug);
  const waitingFeeds = await feedsWaitingForRetryAfter(deps.store, now(), options.sourceSlug);
  const summary: CrawlSummary = {
    feeds: total,
    ok: 0,
    notModified: 0,
    failed: [],
    waiting: waitingFeeds.map((f) => ({
      source: f.source_slug,
      url: f.effective_url ?? f.url,
      until: f.retry_after_until ?? '',
    })),
    busy: [],
    pages: { fetched: 0, failed: [] },
    newArticles: 0,
    updatedArticles: 0,
    discovered: [],
    durationMs: 0,
  };
  const done = new Set<number>(waitingFeeds.map((f) => f.id));
  let finished = waitingFeeds.length;

  const record = (s: PollSummary) => {
    if (s.outcome === 'ok') summary.ok++;
    else if (s.outcome === 'not_modified') summary.notModified++;
    else if (s.error) summary.failed.push({ source: s.source, url: s.url, error: s.error });
    summary.newArticles += s.newArticles;
    summary.updatedArticles += s.updatedArticles;
    if (s.discoveredUrl) summary.discovered.push({ source: s.source, url: s.discoveredUrl });
    finished++;
    options.onProgress?.(finished, total, s);
  };

  // A crawl may outlast the lease (many feeds, slow publishers): keep them ours meanwhile.
  const stopRenewing = keepLeases(
    deps.store,
    deps.workerId,
    leaseMs,
    () => true,
    (err) => deps.log.warn({ err }, 'renewing leases failed'),
  );
  try {
    const giveUpAt = Date.now() + leaseMs;
    await drain({
      concurrency: options.concurrency,
      giveUpAt,
      done,
      lease: (limit) =>
        leaseDueFeeds(deps.store, {
          worker: deps.workerId,
          limit,
          now: now(),
          leaseMs,
          force: true,
          ...(options.sourceSlug ? { sourceSlug: options.sourceSlug } : {}),
          excludeIds: [...done],
        }),
      idOf: (feed) => feed.id,
      run: (feed) => pollFeed(deps, feed).then(record),
      hasMore: async () => finished < total,
    });
    if (finished < total) {
      summary.busy = (await enabledFeeds(deps.store, options.sourceSlug))
        .filter((f) => !done.has(f.id))
        .map((f) => ({ source: f.source_slug, url: f.effective_url ?? f.url }));
    }

    // Then the article pages of the teasers, fetched as their hosts allow.
    const pagesDone = new Set<number>();
    await drain({
      concurrency: options.concurrency,
      giveUpAt: Date.now() + leaseMs,
      done: pagesDone,
      lease: (limit) =>
        leaseDuePages(deps.store, {
          worker: deps.workerId,
          limit,
          now: now(),
          leaseMs,
          ...(options.sourceSlug ? { sourceSlug: options.sourceSlug } : {}),
          excludeIds: [...pagesDone],
        }),
      idOf: (page) => page.article_id,
      run: (page) =>
        pollPage(deps, page).then((p) => {
          if (p.ok) summary.pages.fetched++;
          else if (p.error) summary.pages.failed.push({ source: p.source, url: p.url, error: p.error });
          options.onPageProgress?.(p);
        }),
      hasMore: async () =>
        (await countPendingPages(deps.store, options.sourceSlug, now(), [...pagesDone])) > 0,
    });
    // The stories and the search index of what was stored (the indexer
    // takes the queue in batches meanwhile), before the summary.
    await deps.indexer
      .flush()
      .catch((err) => deps.log.error({ err }, 'indexing the new articles failed (they stay queued)'));
  } catch (err) {
    // What this crawl still holds is given back at once, if the database
    // lets us (on a full disk it may not: the next crawl on this machine
    // takes it back from the ended process, elsewhere the lease runs out).
    await reclaimLeases(deps.store, (owner) => owner === deps.workerId).catch(() => 0);
    throw err;
  } finally {
    stopRenewing();
  }
  summary.durationMs = performance.now() - t0;
  return summary;
}

/**
 * Keeps `concurrency` runs in flight, leasing in small batches. When nothing
 * can be leased (an origin held by another worker, or resting after its last
 * request) but `hasMore` says work remains, waits a little and asks again,
 * until `giveUpAt`.
 */
async function drain<T>(options: {
  concurrency: number;
  giveUpAt: number;
  done: Set<number>;
  lease: (limit: number) => Promise<T[]>;
  idOf: (item: T) => number;
  run: (item: T) => Promise<void>;
  hasMore: () => Promise<boolean>;
}): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  // A run that fails (the database gone, the disk full) ends the crawl, but
  // only once the other runs in flight have ended: closing the process
  // under them would fail them half-way for a reason of ours.
  let failure: { err: unknown } | null = null;
  for (;;) {
    let leased = 0;
    while (!failure && inFlight.size < options.concurrency) {
      const batch = await options.lease(options.concurrency - inFlight.size);
      if (!batch.length) break;
      leased += batch.length;
      for (const item of batch) {
        options.done.add(options.idOf(item));
        const p: Promise<void> = options
          .run(item)
          .catch((err: unknown) => {
            failure ??= { err };
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    }
    if (inFlight.size) {
      await Promise.race(inFlight);
      continue;
    }
    if (failure) throw (failure as { err: unknown }).err;
    if (leased > 0) continue;
    if (!(await options.hasMore()) || Date.now() > options.giveUpAt) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How often at most a worker looks for due feeds between two runs' ends, or when it keeps finding none. */
const BUSY_POLL_MS = 1000;

/** How often a worker prunes the story index of its old articles. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** The loop that runs for ever: polls feeds as they fall due. */
export class CrawlerLoop {
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();
  private wake: (() => void) | null = null;
  private pendingWake = false;
  private loopDone: Promise<void> | null = null;
  /** When the database stopped answering (null: it answers). */
  private unreachableSince: number | null = null;
  /** Feeds leased here whose run failed to record and whose lease could not be given back yet. */
  private readonly unreleased = new Set<number>();
  /** The database went away: this worker's leases are given back once its runs are over. */
  private afterOutage = false;
  /** No new runs before this time (ms): the disk was full. */
  private pausedUntil = 0;
  /** When the disk was found full (null: it is not). */
  private fullSince: number | null = null;
  /** Turns in a row whose claims found nothing. */
  private emptyTurns = 0;
  /** The work counts at the end of the last round (logged then). */
  private countedAt: WorkCounts = { ...workCounts };

  /** The disk is full: runs pause for a while, said once until space is back. */
  private pauseForSpace(): void {
    const pauseMs = this.options.fullDiskPauseMs ?? FULL_DISK_PAUSE_MS;
    this.pausedUntil = Date.now() + pauseMs;
    if (this.fullSince !== null) return;
    this.fullSince = Date.now();
    this.deps.log.error(
      { database: this.deps.store.describe },
      `the disk that holds ${this.deps.store.describe} is full: crawling paused, trying again every ${Math.round(pauseMs / 1000)} s (nothing stored is lost; free some space)`,
    );
  }

  private spaceIsBack(): void {
    if (this.fullSince === null) return;
    this.deps.log.warn(
      { seconds: Math.round((Date.now() - this.fullSince) / 1000) },
      'there is space on the disk again: crawling again',
    );
    this.fullSince = null;
  }

  constructor(
    private readonly deps: PollDeps,
    private readonly options: {
      concurrency: number;
      idleMs?: number;
      leaseMs?: number;
      /** KIOSQUE_STORY_INDEX_DAYS: how long pruning keeps an article in the story index. */
      storyIndexDays?: number;
      /** How long runs pause on a full disk (default 30 s; tests shorten it). */
      fullDiskPauseMs?: number;
    },
  ) {}

  private get storyIndexDays(): number {
    return this.options.storyIndexDays ?? DEFAULT_STORY_INDEX_DAYS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.run();
  }

  /** Something became due (a WebSub push arrived): look for due feeds now, not after the idle time. */
  nudge(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Nothing in flight, nothing to claim, nothing to index: a round of work
   * is over. What it cost in claims, retries and index batches is logged,
   * once per round that did work (the idle polls before it included).
   */
  private roundOver(): void {
    const { delta, now } = countsSince(this.countedAt);
    if (!delta.feedsClaimed && !delta.indexed) return;
    this.countedAt = now;
    this.deps.log.info({ counts: delta }, 'crawler round over');
  }

  private track(work: Promise<void>): void {
    const p: Promise<void> = work.finally(() => {
      this.inFlight.delete(p);
      // A run may end while the loop is busy leasing: remember it, so the
      // loop does not go to sleep with a free slot.
      this.pendingWake = true;
      this.wake?.();
    });
    this.inFlight.add(p);
  }

  private async run(): Promise<void> {
    const now = this.deps.now ?? (() => new Date());
    const leaseMs = this.options.leaseMs ?? LEASE_MS;
    // A feed or page run may outlast the lease (a slow publisher, several feeds of one
    // origin in a batch): renew while work is in flight, so no other worker comes in beside it.
    const stopRenewing = keepLeases(
      this.deps.store,
      this.deps.workerId,
      leaseMs,
      () => this.inFlight.size > 0,
      (err) => this.deps.log.warn({ err }, 'renewing leases failed'),
    );
    try {
      await this.loop(now);
    } finally {
      stopRenewing();
    }
  }

  private async loop(now: () => Date): Promise<void> {
    let reclaimedAt = 0;
    let prunedAt = 0;
    let queueAt = 0;
    while (this.running) {
      // Articles left in the index queue (a worker stopped or died before
      // indexing what it stored): taken up by any worker once they have
      // waited five minutes (the indexer's OTHERS_AFTER_MS), within six.
      if (Date.now() - queueAt > 60_000) {
        queueAt = Date.now();
        this.deps.indexer.soon();
      }
      // Feeds and origins held by a process of this machine that died are
      // given back at once; elsewhere their leases simply expire.
      if (Date.now() - reclaimedAt > 30_000) {
        reclaimedAt = Date.now();
        await reclaimLeases(this.deps.store, ownerIsDeadHere).catch(() => 0);
      }
      // The story index keeps its last weeks only (any worker may do it; the deletes are idempotent).
      if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = Date.now();
        await pruneStoryIndexOlderThan(this.deps.store, now(), this.storyIndexDays)
          .then((n) => {
            if (n) this.deps.log.info({ articles: n }, 'old articles left the story index');
          })
          .catch((err) => this.deps.log.warn({ err }, 'pruning the story index failed'));
        await pruneFetchLog(this.deps.store, now()).catch((err) =>
          this.deps.log.warn({ err }, 'pruning the fetch log failed'),
        );
      }
      let leased = 0;
      // Every claim filled: more may be waiting, claimed at once. One that
      // came back short found all there was: the next claim waits for a run
      // to end (its origin freed) or the idle time; asked again at once, it
      // came back empty (two claims, feeds and pages, per wasted turn).
      let filled = false;
      const free = this.options.concurrency - this.inFlight.size;
      // A full disk: no new runs (each would fetch, then fail to store)
      // until the pause ends; then one round tries again.
      if (free > 0 && Date.now() >= this.pausedUntil) {
        try {
          // After an outage, what this worker held when the database went
          // away (feeds, pages, their origins; a lease taken whose answer was
          // lost) is given back once its runs in flight are over, so that
          // nothing waits for its lease to run out.
          if (this.afterOutage) {
            if (this.inFlight.size > 0) throw new WaitForRuns();
            await reclaimLeases(this.deps.store, (owner) => owner === this.deps.workerId);
            this.afterOutage = false;
            this.unreleased.clear();
          }
          // Feeds whose run could not be recorded: polled again, not left leased until their lease ends.
          for (const id of [...this.unreleased]) {
            await releaseLease(this.deps.store, id, this.deps.workerId);
            this.unreleased.delete(id);
          }
          const batch = await leaseDueFeeds(this.deps.store, {
            worker: this.deps.workerId,
            limit: free,
            now: now(),
            leaseMs: this.options.leaseMs ?? LEASE_MS,
          });
          leased = batch.length;
          filled = batch.length >= free;
          for (const feed of batch) {
            this.track(
              pollFeed(this.deps, feed).then(
                () => this.spaceIsBack(),
                (err) => {
                  if (isDatabaseUnreachable(err)) this.afterOutage = true;
                  const trouble = storageTrouble(err);
                  if (trouble) storageErrorsTotal.inc({ kind: trouble });
                  if (trouble === 'full') {
                    // Said once for all by pauseForSpace; a stack per feed
                    // would bury that line under the same fact.
                    this.pauseForSpace();
                    this.deps.log.warn(
                      { feed: feed.url },
                      'feed run not stored (the disk is full): polled again once there is space',
                    );
                  } else this.deps.log.error({ err, feed: feed.url }, 'feed run failed to record');
                  // With the database away the lease cannot be given back now:
                  // it is, once the database answers again (below).
                  return releaseLease(this.deps.store, feed.id, this.deps.workerId).catch(() => {
                    this.unreleased.add(feed.id);
                  });
                },
              ),
            );
          }
          // Feeds first; what capacity is left goes to the pages of teasers.
          const room = free - batch.length;
          if (room > 0) {
            const pages = await leaseDuePages(this.deps.store, {
              worker: this.deps.workerId,
              limit: room,
              now: now(),
              leaseMs: this.options.leaseMs ?? LEASE_MS,
            });
            leased += pages.length;
            filled = pages.length >= room;
            for (const page of pages) {
              this.track(
                pollPage(this.deps, page).then(
                  () => undefined,
                  (err) => {
                    this.deps.log.error({ err, page: page.url }, 'page run failed to record');
                  },
                ),
              );
            }
          }
          if (this.unreachableSince !== null) {
            this.deps.log.warn(
              { seconds: Math.round((Date.now() - this.unreachableSince) / 1000) },
              `the database ${this.deps.store.describe} is back: crawling again`,
            );
            this.unreachableSince = null;
          }
        } catch (err) {
          if (err instanceof WaitForRuns) {
            // (the loop sleeps until a run ends)
          } else if (isDatabaseUnreachable(err)) {
            this.afterOutage = true;
            // Said once an outage, not at every try; the loop tries again after its idle time.
            if (this.unreachableSince === null) {
              this.unreachableSince = Date.now();
              this.deps.log.warn(
                { error: (err as Error).message },
                `the database ${this.deps.store.describe} cannot be reached: retrying every ${Math.round((this.options.idleMs ?? 5000) / 1000)} s`,
              );
            }
          } else if (storageTrouble(err) === 'full') {
            // Leasing writes too: a disk found full here pauses the runs
            // like a run that could not store, said once, not every turn.
            storageErrorsTotal.inc({ kind: 'full' });
            this.pauseForSpace();
          } else this.deps.log.error({ err }, 'leasing due feeds failed');
        }
      }
      if (!this.running) break;
      // Sleep until a poll finishes or the idle period passes, then look again.
      const full = this.inFlight.size >= this.options.concurrency;
      // Work found, every claim filled, and room left: lease more at once.
      if (leased > 0 && filled && !full) continue;
      // A run ended while we were leasing: look again before sleeping.
      if (this.pendingWake && !full) {
        this.pendingWake = false;
        continue;
      }
      this.pendingWake = false;
      if (leased === 0 && this.inFlight.size === 0 && this.deps.indexer.idle) this.roundOver();
      // Runs in flight: the end of one wakes the loop (a slot and maybe an
      // origin freed), so the timer need not poll more than once a second.
      // With none, the idle time says when to look again, doubled after
      // each turn that found nothing, up to a second (a short idle time is
      // for starting at once, not for asking ten times a second while other
      // workers hold every due feed's origin).
      const idleMs = this.options.idleMs ?? 5000;
      const longest = Math.max(idleMs, BUSY_POLL_MS);
      this.emptyTurns = leased > 0 ? 0 : this.emptyTurns + 1;
      const sleepMs =
        this.inFlight.size > 0
          ? longest
          : Math.min(longest, idleMs * 2 ** Math.min(10, Math.max(0, this.emptyTurns - 1)));
      await new Promise<void>((resolve) => {
        // Not unref'd: with the database away no socket is open, and this
        // timer is what keeps a worker alive until it comes back.
        const timer = setTimeout(resolve, sleepMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
