// A story's source count from the index alone (refreshStory).
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createIndex('articles_story_source')
    .on('articles')
    .columns(['story_id', 'source_id'])
    .execute();
}
