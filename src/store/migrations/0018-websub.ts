// WebSub (issue 18): a feed that names a hub is subscribed to, and the hub
// pushes its new content. `websub_subscriptions` is one row a feed: the hub
// and topic asked, the callback's unguessable token, the secret the pushes
// are signed with, and where the subscription stands. `websub_pushes` holds
// what a hub pushed (the feed document, base64: its bytes decide its
// charset) until a crawler stores it, so a web process that receives it
// never parses or writes articles itself. `fetch_log.via` tells a run that
// read a push ('push') from one that asked the publisher (null), and the
// log gains an index by time, for pruning it by age.
import type { AnyDb, MigrationDialect } from './columns.ts';
import { idColumn } from './columns.ts';

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('websub_subscriptions')
    .addColumn('feed_id', 'integer', (c) => c.primaryKey())
    .addColumn('hub', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('secret', 'text', (c) => c.notNull())
    /** 'pending' (asked, not yet verified) | 'active' | 'denied' */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('reason', 'text')
    .addColumn('pushes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_push_at', 'text')
    .execute();
  const id = idColumn(dialect);
  await db.schema
    .createTable('websub_pushes')
    .addColumn('id', id.type, id.withId)
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('websub_pushes_feed').on('websub_pushes').columns(['feed_id', 'id']).execute();
  await db.schema.alterTable('fetch_log').addColumn('via', 'text').execute();
  // The log is pruned by age now (a feed asked every 90 s writes ~1,000 rows a day): by this index.
  await db.schema.createIndex('fetch_log_started').on('fetch_log').column('started_at').execute();
}
