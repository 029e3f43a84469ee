// What a worker process spent on sharing the database with others, counted
// per process: claims (feed and page leases) and those that came back empty,
// transactions run again after a deadlock or a serialization failure, and the
// index queue's batches with their sizes. The crawler's loop logs them once a
// round of work is over (`bench:ingest` sums them); plain numbers, so that
// the store can count without knowing of the logger or the metrics.

export interface WorkCounts {
  /** leaseDueFeeds / leaseDuePages calls, and those that took nothing. */
  feedClaims: number;
  emptyFeedClaims: number;
  feedsClaimed: number;
  pageClaims: number;
  emptyPageClaims: number;
  /** Transactions a deadlock (40P01) or a serialization failure (40001) undid (run again up to 4 times). */
  deadlockRetries: number;
  serializationRetries: number;
  /** Index queue batches that took articles, those that found none, and the articles taken. */
  indexBatches: number;
  emptyIndexBatches: number;
  indexed: number;
  /** New articles indexed without the crawler's words (read back and their words computed again). */
  indexedWithoutWords: number;
  /** Worker threads started (each loads its modules and compiles its code again). */
  threadsStarted: number;
}

const zero = (): WorkCounts => ({
  feedClaims: 0,
  emptyFeedClaims: 0,
  feedsClaimed: 0,
  pageClaims: 0,
  emptyPageClaims: 0,
  deadlockRetries: 0,
  serializationRetries: 0,
  indexBatches: 0,
  emptyIndexBatches: 0,
  indexed: 0,
  indexedWithoutWords: 0,
  threadsStarted: 0,
});

/** This process's counts since it started. */
export const workCounts: WorkCounts = zero();

/** The counts since `since` (a copy taken earlier), and a copy of now's. */
export function countsSince(since: WorkCounts): { delta: WorkCounts; now: WorkCounts } {
  const delta = zero();
  for (const k of Object.keys(delta) as Array<keyof WorkCounts>) delta[k] = workCounts[k] - since[k];
  return { delta, now: { ...workCounts } };
}
