// Parsing, sanitizing and extracting run in worker threads, under a time and
// a memory bound: they read publishers' bytes, and they are the crawler's
// CPU. The event loop keeps fetching and writing meanwhile, and the second
// core does the work.
import { type JobLimits, WorkerPool } from '../util/worker-pool.ts';
import type { FeedJob, PageJob, PreparedFeed, PreparedPage } from './prepare.ts';

const pool = new WorkerPool<FeedJob | PageJob, PreparedFeed | PreparedPage>({
  script: new URL('./work-worker.mjs', import.meta.url),
  what: 'preparing the articles',
  timeoutMs: 15_000,
  maxHeapMb: 512,
});

export function prepareFeedOffThread(job: Omit<FeedJob, 'type'>, limits?: JobLimits): Promise<PreparedFeed> {
  return pool.run({ type: 'feed', ...job }, limits, job.parse.url) as Promise<PreparedFeed>;
}

export function preparePageOffThread(job: Omit<PageJob, 'type'>, limits?: JobLimits): Promise<PreparedPage> {
  return pool.run({ type: 'page', ...job }, limits, job.url) as Promise<PreparedPage>;
}

/** Stops the ingest workers (shutdown, tests). */
export function closeIngestPool(): Promise<void> {
  return pool.close();
}
