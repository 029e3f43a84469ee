// The articles' two story indexes hold only the articles in a story. Most
// articles never join one (a story needs two publications), yet every
// insert wrote an entry for its null story_id in both, and every join
// moved it; the site and the detector only ever ask for one story's
// articles (story_id = ?), which a partial index answers on SQLite and
// PostgreSQL alike.
import { sql } from 'kysely';
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  await sql`drop index articles_story`.execute(db);
  await sql`create index articles_story on articles (story_id, published_at, id) where story_id is not null`.execute(
    db,
  );
  await sql`drop index articles_story_source`.execute(db);
  await sql`create index articles_story_source on articles (story_id, source_id) where story_id is not null`.execute(
    db,
  );
}
