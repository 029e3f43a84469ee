// An index for pruning the story index by date.
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  // Band rows and signatures older than the story index keeps are pruned by date.
  await db.schema
    .createIndex('story_signatures_published')
    .on('story_signatures')
    .columns(['published_at', 'article_id'])
    .execute();
}
