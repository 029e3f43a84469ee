// The indexes behind the reader's site lists.
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  // The reader's site lists by category and by author, newest first,
  // paged by key: each list walks its own index from the top.
  await db.schema
    .createIndex('articles_category_published')
    .on('articles')
    .columns(['category', 'published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('articles_author_published')
    .on('articles')
    .columns(['author', 'published_at', 'id'])
    .execute();
  // "Lire aussi": the same source and category, recent first.
  await db.schema
    .createIndex('articles_source_category_published')
    .on('articles')
    .columns(['source_id', 'category', 'published_at', 'id'])
    .execute();
}
