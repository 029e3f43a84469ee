// SQLite's WAL checkpoints, in a thread of their own. A checkpoint copies
// the pages the commits appended to the WAL back into the database file;
// SQLite does it inside the commit that crosses wal_autocheckpoint pages,
// on the thread that writes, and in bench:ingest that was 60 % of the
// commits' time (18.5 s of 49 s of SQL over two runs of 25,000 entries).
// Here a second connection in a worker thread checkpoints a few times a
// second, PASSIVE (it never blocks the writer), while the crawler's thread
// goes on writing. The writer keeps a far autocheckpoint as a safety net: if
// this thread is gone or falls behind, the WAL still cannot grow past it.
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** The writer's own checkpoint, only if the thread falls behind: ~80 MB of WAL. */
const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;
/** A WAL left larger after a checkpoint is cut back to this. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
const INTERVAL_MS = 200;

export interface Checkpointer {
  /** Checkpoints once more and ends the thread; before the writer's connection closes. */
  stop(): Promise<void>;
}

export function startCheckpointer(sqlite: SQLite.Database, file: string): Checkpointer {
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, intervalMs: INTERVAL_MS },
    // A small heap: it holds a connection and a timer.
    resourceLimits: { maxOldGenerationSizeMb: 16 },
  });
  worker.unref(); // it never keeps the process alive
  let alive = true;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Gone (the file removed, out of memory): the writer's fallback checkpoints.
  worker.on('error', () => {});
  void exited.then(() => {
    alive = false;
    // SQLite's own default again, unless the writer is closed already.
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  });
  return {
    async stop() {
      if (!alive) return;
      worker.ref(); // awaited: the process waits for it now
      worker.postMessage('stop');
      await exited;
    },
  };
}
