// The article pages to fetch for full text: one row per article whose feed
// gives an excerpt only, with its own schedule, lease and last error.
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('article_pages')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('origin', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error_kind', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('method', 'text')
    .addColumn('fetched_at', 'text')
    .execute();
  await db.schema
    .createIndex('article_pages_due')
    .on('article_pages')
    .columns(['status', 'next_attempt_at'])
    .execute();
}
