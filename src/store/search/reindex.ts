// Rebuilding the search index from the stored articles (`kiosque reindex`):
// every article is queued, search only, in the index queue, and the indexer
// writes each document again through the same code as a new article's
// (normalisation, key, and on SQLite the time tags). Through the queue, not
// beside it, so a reindex and running workers never write one article's
// document at once: they share the queue's rows.
import { sql } from 'kysely';
import { type DbHandle, KYSELY } from '../handle.ts';

/** index_queue.work of an article the search index alone must take (an article queued already keeps its row). */
const SEARCH_ONLY = 0;

/** Queues every stored article for the search index; returns how many were queued (not queued already). */
export async function queueSearchReindex(
  { [KYSELY]: db }: DbHandle,
  at: string = new Date().toISOString(),
): Promise<number> {
  const r = await sql`insert into index_queue (article_id, work, queued_at)
      select id, ${sql.lit(SEARCH_ONLY)}, cast(${at} as text) from articles where true
      on conflict (article_id) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * SQLite: records that every document carries its time tags, so a date
 * filter reads all ranges through them. Only once the queue is empty after
 * a reindex: each article then had its document written by today's code.
 */
export async function markTimeTagsComplete({ [KYSELY]: db, dialect }: DbHandle): Promise<void> {
  if (dialect !== 'sqlite') return;
  await db.updateTable('search_time_tags').set({ from_key: 0 }).execute();
}
