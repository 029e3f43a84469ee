// Articles stored but not yet in the story index and the search index:
// a feed's transaction only queues them, and an indexer takes the queue
// in batches of hundreds in transactions of their own, so the pages of
// the indexes and the counts of common terms are written once a batch,
// not once a feed; on PostgreSQL workers no longer queue behind each
// other on those rows. `stories` 0: an article updated in place, for the
// search index only. A batch that fails is retried article by article;
// one that keeps failing is set aside with its error.
import { sql } from 'kysely';
import type { AnyDb, MigrationDialect } from './columns.ts';

/** index_queue.stories for an article the search index alone must take. */
const SEARCH_ONLY = 0;

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('index_queue')
    .addColumn('article_id', 'integer', (c) => c.primaryKey())
    .addColumn('stories', 'integer', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  // A database upgraded from before 0009_search has its archive outside the
  // search index (0009 makes the index, it does not fill it: filling it is
  // the indexer's work, not a migration's). Those articles are queued for
  // the search index here; the indexer of `npm start`, `kiosque worker` or
  // `kiosque reindex` drains them. On any other database every article is
  // in the index already and nothing is queued.
  // (The values as literal and cast: PostgreSQL types a parameter in a select list as text.)
  await sql`insert into index_queue (article_id, stories, queued_at)
      select a.id, ${sql.lit(SEARCH_ONLY)}, cast(${new Date().toISOString()} as text) from articles a
      where not exists (select 1 from article_search s where s.article_id = a.id)`.execute(db);
}
