// The SQLite checkpointer's thread (see checkpointer.ts). Plain JavaScript,
// nothing but better-sqlite3: it needs no loader and little memory.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { fileMustExist: true });
let timer = null;
const checkpoint = () => {
  // PASSIVE: copies what no reader still needs and never waits for the
  // writer; the writer starts the WAL afresh at its next commit.
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy or locked this time: the next tick tries again
  }
};
timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
