// Prometheus metrics for this process. Counters are per process by nature
// (Prometheus sums them across processes); the failing-feeds gauge reads the
// database at scrape time so every process reports the same truth.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'kiosque_' });

export const fetchesTotal = new client.Counter({
  name: 'kiosque_feed_fetches_total',
  help: 'Feed fetches by outcome (ok, not_modified) or error kind',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const pageFetchesTotal = new client.Counter({
  name: 'kiosque_page_fetches_total',
  help: 'Article page fetches (for teasers) by outcome (ok) or error kind',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const storageErrorsTotal = new client.Counter({
  name: 'kiosque_storage_errors_total',
  help: 'Storage errors met by the crawler and the image cache: full (disk), read_only, locked, corrupt',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const articlesIngested = new client.Counter({
  name: 'kiosque_articles_ingested_total',
  help: 'Articles stored, new or updated',
  labelNames: ['change'] as const,
  registers: [registry],
});

export const fetchDuration = new client.Histogram({
  name: 'kiosque_fetch_duration_seconds',
  help: 'Time to fetch a feed document, redirects included',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

/**
 * How long after its publisher dated it a new article was stored: what a
 * reader waits for news (the crawler's polling, then the fetch and the
 * store). Counted from a feed's second successful poll on, for entries dated
 * by the feed and at most a day old: a first crawl's backlog is not a delay.
 */
export const publishDelay = new client.Histogram({
  name: 'kiosque_publish_delay_seconds',
  help: "Time from a new article's own date (its feed entry's) to its arrival in the store",
  buckets: [15, 30, 60, 90, 120, 180, 300, 600, 1800, 3600, 3 * 3600, 24 * 3600],
  registers: [registry],
});

export const parseDuration = new client.Histogram({
  name: 'kiosque_parse_duration_seconds',
  help: 'Time to parse a feed document',
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [registry],
});

let failingFeedsReader: (() => Promise<number>) | null = null;
new client.Gauge({
  name: 'kiosque_feeds_failing',
  help: 'Enabled feeds failing for more than a day',
  registers: [registry],
  async collect() {
    if (failingFeedsReader) this.set(await failingFeedsReader());
  },
});

/** The web process tells the gauge how to count failing feeds (from the store). */
export function setFailingFeedsReader(read: () => Promise<number>): void {
  failingFeedsReader = read;
}

let indexQueueReader: (() => Promise<{ queued: number; failed: number }>) | null = null;
new client.Gauge({
  name: 'kiosque_index_queue',
  help: 'Articles stored but not yet in the story and search indexes (state="failed": set aside after failing)',
  labelNames: ['state'] as const,
  registers: [registry],
  async collect() {
    if (!indexQueueReader) return;
    const { queued, failed } = await indexQueueReader();
    this.set({ state: 'waiting' }, queued - failed);
    this.set({ state: 'failed' }, failed);
  },
});

/** The web process tells the gauge how to read the index queue (from the store). */
export function setIndexQueueReader(read: () => Promise<{ queued: number; failed: number }>): void {
  indexQueueReader = read;
}

// The event loop's delay as a histogram's percentiles, reset at each scrape.
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();
new client.Gauge({
  name: 'kiosque_event_loop_delay_seconds',
  help: 'Event-loop delay since the last scrape, by quantile',
  labelNames: ['quantile'] as const,
  registers: [registry],
  collect() {
    for (const q of [50, 90, 99]) this.set({ quantile: String(q / 100) }, loopDelay.percentile(q) / 1e9);
    this.set({ quantile: 'max' }, loopDelay.max / 1e9);
    loopDelay.reset();
  },
});
