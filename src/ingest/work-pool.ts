// Parsing, sanitizing and extracting run in worker threads, under a time and
// a memory bound: they read publishers' bytes, and they are the crawler's
// CPU. The event loop keeps fetching and writing meanwhile, and the second
// core does the work.
import { availableParallelism } from 'node:os';
import { Semaphore } from '../fetch/politeness.ts';
import { type JobLimits, WorkerPool, workerScript } from '../util/worker-pool.ts';
import type { PageJob, PreparedPage } from './prepare-page.ts';
import type { FeedJob, PreparedFeed } from './prepare.ts';

const pool = new WorkerPool<FeedJob | PageJob, PreparedFeed | PreparedPage>({
  script: workerScript('work-worker', import.meta.url),
  what: 'preparing the articles',
  timeoutMs: 15_000,
  // A feed at the 10 MB limit needs ~60 MB (MAX_ENTRIES_PER_POLL keeps what
  // it returns small); a job that needs more fails with too_large, alone.
  maxHeapMb: 128,
  size: defaultPrepareThreads(),
});

/** The threads the pool has when no large document is being prepared. */
let threads = defaultPrepareThreads();

/**
 * Documents this large are prepared one at a time, and alone: while one
 * is, the pool keeps a single thread (the others end as they finish their
 * job and start again after it), so that the large document's heap is the
 * only one grown, not beside another thread's. Two at once in two threads
 * would need the heap of both; a thread's own ~20 MB beside the large
 * one's garbage made the peak of a crawl (bench:memory). Small jobs wait
 * the large one's few seconds.
 */
const LARGE_BYTES = 1024 * 1024;
const largeOnes = new Semaphore(1);

async function run<R>(
  payload: FeedJob | PageJob,
  size: number,
  limits: JobLimits | undefined,
  url: string,
): Promise<R> {
  const large = size > LARGE_BYTES;
  const release = large ? await largeOnes.acquire() : null;
  if (large) pool.resize(1);
  try {
    // A large one's worker ends after it, with the heap it grew.
    return (await pool.run(payload, large ? { ...limits, recycle: true } : limits, url)) as R;
  } finally {
    if (large) pool.resize(threads);
    release?.();
  }
}

export function prepareFeedOffThread(job: Omit<FeedJob, 'type'>, limits?: JobLimits): Promise<PreparedFeed> {
  const size = job.bytes?.byteLength ?? (job.text?.length ?? 0) * 2;
  return run({ type: 'feed', ...job }, size, limits, job.parse.url);
}

export function preparePageOffThread(job: Omit<PageJob, 'type'>, limits?: JobLimits): Promise<PreparedPage> {
  return run({ type: 'page', ...job }, job.html.length * 2, limits, job.url);
}

/**
 * How many threads prepare articles (KIOSQUE_PREPARE_THREADS): by default
 * 2, or 1 on a one-core machine. Each costs ~20 MB; on two cores one
 * thread made bench:ingest 10-15 % slower and its peak ~30 MB lower.
 */
export function defaultPrepareThreads(cores = availableParallelism()): number {
  return Math.min(2, Math.max(1, cores));
}

export function setPrepareThreads(count: number): void {
  threads = Math.max(1, Math.floor(count));
  pool.resize(threads);
}

/** Stops the ingest workers (shutdown, tests). */
export function closeIngestPool(): Promise<void> {
  return pool.close();
}
