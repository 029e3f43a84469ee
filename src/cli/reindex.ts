// `kiosque reindex`: rebuilds the search index (and, on SQLite, the time
// tags date filters read) from the stored articles. For an installation
// upgraded from before the search index (0009_search), or after a change to
// search's normalisation. It queues every article and drains the index
// queue here; workers running meanwhile share the work, and the site keeps
// answering from the documents not yet rewritten.
import { Indexer } from '../ingest/index.ts';
import {
  indexQueueSize,
  markTimeTagsComplete,
  openDatabase,
  queueSearchReindex,
  Store,
} from '../store/index.ts';
import type { Connection, DbHandle } from '../store/index.ts';
import { loadConfig } from '../config/index.ts';
import { parseFlags } from './args.ts';

const USAGE = 'kiosque reindex   (rebuilds the search index from the stored articles)';

/** Rounds of draining before giving up on an empty queue (workers may keep queueing new articles). */
const DRAIN_ROUNDS = 10;

export interface ReindexSummary {
  /** Articles queued by this reindex (those queued already are counted in `indexed`). */
  queued: number;
  /** Articles this process indexed (workers running meanwhile may have indexed others). */
  indexed: number;
  /** Articles left in the queue after failing three times (`index_queue.last_error`). */
  failed: number;
  /** SQLite: every document now carries its time tags. */
  timeTagsComplete: boolean;
  /** The last failure met while draining (each failing article keeps its own in the queue). */
  lastError: string | null;
}

/** The reindex itself, over an open database, a store on it and an indexer that drains its queue. */
export async function reindexSearch(
  conn: Connection,
  store: DbHandle,
  indexer: Pick<Indexer, 'flush'>,
  onProgress?: (left: number) => void,
): Promise<ReindexSummary> {
  const queued = await queueSearchReindex(store);
  const timer = onProgress
    ? setInterval(() => {
        indexQueueSize(store).then(
          (s) => onProgress(s.queued),
          () => {},
        );
      }, 5000)
    : null;
  let indexed = 0;
  let left = { queued: 0, failed: 0 };
  let lastError: string | null = null;
  try {
    for (let round = 0; round < DRAIN_ROUNDS; round++) {
      // A batch whose every article failed throws; those articles are tried
      // again next round, and set aside after three failures.
      indexed += await indexer.flush().catch((err: unknown) => {
        lastError = err instanceof Error ? err.message : String(err);
        return 0;
      });
      left = await indexQueueSize(store);
      if (left.queued === left.failed) break;
    }
  } finally {
    if (timer) clearInterval(timer);
  }
  const timeTagsComplete = conn.dialect === 'sqlite' && left.queued === 0;
  if (timeTagsComplete) await markTimeTagsComplete(store);
  return { queued, indexed, failed: left.failed, timeTagsComplete, lastError };
}

export async function reindexCommand(argv: string[]): Promise<number> {
  parseFlags(argv, {}, USAGE);
  const config = loadConfig(process.env);
  const conn = await openDatabase(config.databaseUrl);
  const store = new Store(conn);
  const indexer = new Indexer(store);
  const out = process.stderr;
  try {
    out.write(`reindexing the search index of ${conn.describe}\n`);
    const summary = await reindexSearch(conn, store, indexer, (left) => out.write(`${left} articles left\n`));
    process.stdout.write(
      `${summary.queued} articles queued, ${summary.indexed} indexed by this process` +
        (summary.failed
          ? `, ${summary.failed} failed (see index_queue.last_error; the last: ${summary.lastError ?? 'unknown'})`
          : '') +
        '\n',
    );
    if (conn.dialect === 'sqlite' && !summary.timeTagsComplete && !summary.failed) {
      process.stdout.write(
        'the index queue never emptied (articles kept coming): date filters read older ranges without time tags until a reindex ends with it empty\n',
      );
    }
    return summary.failed ? 1 : 0;
  } finally {
    await indexer.stop();
    await store.close();
  }
}
