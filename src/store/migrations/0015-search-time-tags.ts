// SQLite: a date filter's range read through time tags in the FTS5 tags
// column: FTS5 stops where their doclists end, where a bound on the rowid
// did not stop a query that matched nothing from walking to the oldest
// article. Documents written from now on carry them; this records from
// which key every document does (now: the archive keeps its documents as
// they are, rather than being rewritten at the upgrade; older ranges are
// read as before), and queues for the search index the few documents
// already dated after it, which the indexer writes again with their tags.
import { sql } from 'kysely';
import type { AnyDb, MigrationDialect } from './columns.ts';

/** index_queue.stories for an article the search index alone must take. */
const SEARCH_ONLY = 0;

/**
 * The search index's key of a moment with the smallest id part: the second
 * times 2^21 (the key is the publication second × 2^21 + the id's low bits).
 */
function keyOfSecond(at: Date): number {
  return Math.floor(at.getTime() / 1000) * 2 ** 21;
}

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await db.schema
    .createTable('search_time_tags')
    .addColumn('from_key', 'integer', (c) => c.notNull())
    .execute();
  const from = keyOfSecond(new Date());
  await db.insertInto('search_time_tags').values({ from_key: from }).execute();
  // An article queued already is indexed again anyway: it keeps its row.
  await sql`insert into index_queue (article_id, stories, queued_at)
      select article_id, ${sql.lit(SEARCH_ONLY)}, ${new Date().toISOString()} from article_search
      where key >= ${from}
      on conflict (article_id) do nothing`.execute(db);
}
