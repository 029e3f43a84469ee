// Two columns named for what they hold. article_images.origin becomes
// found_in: it holds where the image was found ('enclosure',
// 'media:content', 'media:thumbnail', 'json', 'itunes' or 'content' in a
// feed entry, 'page' on a fetched page; the feed parser calls it `from`),
// not a host origin as feeds.origin, article_pages.origin and
// crawl_hosts.origin are. index_queue.stories becomes work: it holds what
// the indexer does with the article (0 the search index only, 1 story
// detection, 2 detection again, 3 detection again after a change of date),
// not a count of stories. Renamed in place on both databases (SQLite has
// RENAME COLUMN since 3.25): the rows keep their values, and no index,
// constraint or trigger names either column.
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  await db.schema.alterTable('article_images').renameColumn('origin', 'found_in').execute();
  await db.schema.alterTable('index_queue').renameColumn('stories', 'work').execute();
}
