// The two ways feeds get polled: the loop that runs for ever (inside
// `npm start` and `kiosque worker`), and `kiosque crawl --once`, which polls
// every enabled feed now, whatever our schedule says, but never before a
// publisher's Retry-After.
import type { ErrorInfo } from '../util/errors.ts';
import { LEASE_MS, ownerIsDeadHere } from './leases.ts';
import { type PollDeps, type PollSummary, pollFeed } from './poll-feed.ts';

export interface CrawlSummary {
  feeds: number;
  ok: number;
  notModified: number;
  failed: Array<{ source: string; url: string; error: ErrorInfo }>;
  /** Feeds not polled because the publisher asked us to wait (429/503 Retry-After). */
  waiting: Array<{ source: string; url: string; until: string }>;
  /** Feeds another worker kept leased for the whole run. */
  busy: Array<{ source: string; url: string }>;
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
}

export async function crawlOnce(deps: PollDeps, options: CrawlOnceOptions): Promise<CrawlSummary> {
  const t0 = performance.now();
  const now = deps.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? LEASE_MS;
  await deps.store.reclaimLeases(ownerIsDeadHere);
  const total = await deps.store.countEnabledFeeds(options.sourceSlug);
  const waitingFeeds = await deps.store.feedsWaitingForRetryAfter(now(), options.sourceSlug);
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

  // Lease in small batches and keep `concurrency` polls in flight. A feed
  // may not be leasable yet: its origin is held by another worker or rests
  // after its last request. Then wait a little and ask again, for at most a
  // lease period; what is still held by others after that is reported busy.
  const inFlight = new Set<Promise<void>>();
  const giveUpAt = Date.now() + leaseMs;
  while (finished < total) {
    let leased = 0;
    while (inFlight.size < options.concurrency) {
      const batch = await deps.store.leaseDueFeeds({
        worker: deps.workerId,
        limit: options.concurrency - inFlight.size,
        now: now(),
        leaseMs,
        force: true,
        ...(options.sourceSlug ? { sourceSlug: options.sourceSlug } : {}),
        excludeIds: [...done],
      });
      if (!batch.length) break;
      leased += batch.length;
      for (const feed of batch) {
        done.add(feed.id);
        const p: Promise<void> = pollFeed(deps, feed)
          .then(record)
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    }
    if (inFlight.size) await Promise.race(inFlight);
    else if (leased === 0) {
      if (Date.now() > giveUpAt) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (finished < total) {
    summary.busy = (await deps.store.enabledFeeds(options.sourceSlug))
      .filter((f) => !done.has(f.id))
      .map((f) => ({ source: f.source_slug, url: f.effective_url ?? f.url }));
  }
  summary.durationMs = performance.now() - t0;
  return summary;
}

/** The loop that runs for ever: polls feeds as they fall due. */
export class CrawlerLoop {
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;

  constructor(
    private readonly deps: PollDeps,
    private readonly options: { concurrency: number; idleMs?: number; leaseMs?: number },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    const now = this.deps.now ?? (() => new Date());
    let reclaimedAt = 0;
    while (this.running) {
      // Feeds and origins held by a process of this machine that died are
      // given back at once; elsewhere their leases simply expire.
      if (Date.now() - reclaimedAt > 30_000) {
        reclaimedAt = Date.now();
        await this.deps.store.reclaimLeases(ownerIsDeadHere).catch(() => 0);
      }
      let leased = 0;
      const free = this.options.concurrency - this.inFlight.size;
      if (free > 0) {
        try {
          const batch = await this.deps.store.leaseDueFeeds({
            worker: this.deps.workerId,
            limit: free,
            now: now(),
            leaseMs: this.options.leaseMs ?? LEASE_MS,
          });
          leased = batch.length;
          for (const feed of batch) {
            const p: Promise<void> = pollFeed(this.deps, feed)
              .then(() => undefined)
              .catch((err) => {
                this.deps.log.error({ err, feed: feed.url }, 'feed run failed to record');
                return this.deps.store.releaseLease(feed.id, this.deps.workerId).catch(() => undefined);
              })
              .finally(() => {
                this.inFlight.delete(p);
                this.wake?.();
              });
            this.inFlight.add(p);
          }
        } catch (err) {
          this.deps.log.error({ err }, 'leasing due feeds failed');
        }
      }
      if (!this.running) break;
      // Sleep until a poll finishes or the idle period passes, then look again.
      if (leased === 0 || this.inFlight.size >= this.options.concurrency) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.idleMs ?? 5000);
          timer.unref?.();
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }
}
