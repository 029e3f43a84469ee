// "Lire aussi" costs a search (~15 ms); it is kept per article, so an
// article page pays it once, not on every render (no site_version
// trigger: a list found is not a change of the site).
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('article_read_also')
    .addColumn('article_id', 'integer', (c) => c.primaryKey())
    .addColumn('ids', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
}
