// parseFeed in worker threads, with a time and a memory bound (see
// src/util/worker-pool.ts for why a pool and why bounds): a slow parse never
// blocks the crawler's event loop, and one over its bound is killed.
import { type JobLimits, WorkerPool, workerScript } from '../util/worker-pool.ts';
import type { ParsedFeed, ParseOptions } from './types.ts';

export type ParseLimits = JobLimits;

const pool = new WorkerPool<{ text: string; options: ParseOptions }, ParsedFeed>({
  script: workerScript('parse-worker', import.meta.url),
  what: 'parsing the feed',
  timeoutMs: 10_000,
  maxHeapMb: 128,
});

/**
 * Parses a feed in a worker thread. Rejects with `parse_timeout` when the
 * parse takes longer than `timeoutMs` (default 10 s), `too_large` when it
 * needs more heap than `maxHeapMb` (default 128 MB), and with parseFeed's
 * own errors otherwise.
 */
export function parseFeedBounded(
  text: string,
  options: ParseOptions,
  limits: ParseLimits = {},
): Promise<ParsedFeed> {
  return pool.run({ text, options }, limits, options.url);
}

/** Stops every worker and fails the parses still waiting. For shutdown and tests. */
export function closeFeedParserPool(): Promise<void> {
  return pool.close();
}
