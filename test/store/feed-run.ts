// A feed run that went well, for tests that store articles through the
// crawler's own save (saveFeedRun) without a crawl.
import type { FeedRunRecord } from '../../src/store/index.ts';

export function feedRun(feedId: number, extra: Partial<FeedRunRecord> = {}): FeedRunRecord {
  const now = new Date().toISOString();
  return {
    feedId,
    worker: 'test',
    origin: null,
    hostDelayMs: 0,
    startedAt: now,
    finishedAt: now,
    durationMs: 5,
    outcome: 'ok',
    httpStatus: 200,
    error: null,
    bytes: 100,
    entries: 1,
    etag: null,
    lastModified: null,
    status: 'ok',
    nextFetchAt: new Date(Date.now() + 900_000).toISOString(),
    intervalS: 900,
    retryAfterUntil: null,
    consecutiveErrors: 0,
    failingSince: null,
    ...extra,
  };
}
