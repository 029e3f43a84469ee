// What a feed said at its last stored run, entry by entry (issue 18):
// `feeds.entry_prints` holds each entry's print (16 hex digits of SHA-1
// over what the entry says and what its plan depends on), run together.
// The next poll plans only the entries whose print is new: a feed that
// gained one article is sanitized and indexed for that one, not its 20.
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  await db.schema.alterTable('feeds').addColumn('entry_prints', 'text').execute();
}
