// The image proxy's knowledge of each image, and the site version the page
// cache compares.
import { sql } from 'kysely';
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  // The image proxy: what the bytes turned out to be, and the block a
  // moderator puts on an image (the same bytes under another URL are
  // found by their hash).
  await db.schema
    .alterTable('images')
    .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const [name, type] of [
    ['blocked_at', 'text'],
    ['content_hash', 'text'],
    ['content_type', 'text'],
    ['width', 'integer'],
    ['height', 'integer'],
    ['fetched_at', 'text'],
  ] as const) {
    await db.schema.alterTable('images').addColumn(name, type).execute();
  }
  await db.schema.createIndex('images_content_hash').on('images').column('content_hash').execute();

  // The page cache's "site version": one row, bumped whenever articles
  // change, read by every web process at most once a second. Kept by
  // triggers so no writer (crawl, page fetch, takedown, copy) can forget it.
  await db.schema
    .createTable('site_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('site_version').values({ id: 1, version: 0 }).execute();
  if (dialect === 'sqlite') {
    // One writer at a time in SQLite anyway: a row trigger costs a
    // microsecond or two per article written.
    for (const event of ['insert', 'update', 'delete']) {
      await sql
        .raw(`create trigger site_version_articles_${event} after ${event} on articles begin
          update site_version set version = version + 1 where id = 1;
        end`)
        .execute(db);
    }
    await sql`create trigger site_version_sources after update on sources begin
        update site_version set version = version + 1 where id = 1;
      end`.execute(db);
  } else {
    // Several workers write at once here: the bump is deferred to
    // commit (a constraint trigger) and done once per transaction, so
    // the row's lock is held for the commit only, not the whole feed run.
    await sql`create or replace function kiosque_bump_site_version() returns trigger
        language plpgsql as $$
        begin
          if coalesce(current_setting('kiosque.site_version_bumped', true), '') <> '1' then
            perform set_config('kiosque.site_version_bumped', '1', true);
            update site_version set version = version + 1 where id = 1;
          end if;
          return null;
        end $$`.execute(db);
    for (const table of ['articles', 'sources']) {
      await sql
        .raw(`create constraint trigger site_version_${table}
          after insert or update or delete on ${table}
          deferrable initially deferred
          for each row execute function kiosque_bump_site_version()`)
        .execute(db);
    }
  }
}
