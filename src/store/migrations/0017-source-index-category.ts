// A source's newest articles with their category, from the index alone:
// articles_source_published (source_id, published_at, id) gains category at
// its end. The site's section menu counts the categories of each source's
// latest 2,000 articles (articleCategories); through the old index each
// row was a read of the article's own page, 9–18 ms a source at a million
// articles, in the server's one thread, every time the menu was refreshed
// (the cold pages' p99). Same prefix, so every list that walked the old
// index walks this one; the index count, and so the cost of an insert, is
// unchanged. Building it takes ~15 s at a million articles, once.
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createIndex('articles_source_published_category')
    .on('articles')
    .columns(['source_id', 'published_at', 'id', 'category'])
    .execute();
  await db.schema.dropIndex('articles_source_published').execute();
}
