// The readers' reports of images, the operator's decisions on them, a per-source
// report threshold, the fixed-window counters of the report rate limits, and
// the secrets every web process must share (CSRF key, address-hash salt).
//
// Pages show a blocked image as the placeholder, so a block must make cached
// pages stale: triggers bump `site_version` when an image's `blocked` flag
// changes, and when the image proxy records bytes that are those of a blocked
// image (the same picture under another URL).
import { sql } from 'kysely';
import { type AnyDb, idColumn, type MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  const { type: idType, withId } = idColumn(dialect);
  // One row per reader (network address, hashed) per image: the unique key
  // is what makes a report count once.
  await db.schema
    .createTable('image_reports')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('image_id', 'integer', (c) => c.notNull().references('images.id').onDelete('cascade'))
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('reader_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Set when an operator unblocks the image: the report no longer counts.
    .addColumn('dismissed_at', 'text')
    .addUniqueConstraint('image_reports_image_address', ['image_id', 'address_hash'])
    .execute();
  await db.schema
    .createIndex('image_reports_image_reader')
    .on('image_reports')
    .columns(['image_id', 'reader_hash'])
    .execute();
  await db.schema.createIndex('image_reports_created').on('image_reports').column('created_at').execute();

  // The last decision on an image: blocked by the readers' reports, or by an
  // operator (blocked, confirmed, unblocked).
  await db.schema
    .createTable('image_moderation')
    .addColumn('image_id', 'integer', (c) => c.primaryKey().references('images.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();

  // An operator raises it for a trusted source; null: the default.
  await db.schema.alterTable('sources').addColumn('report_threshold', 'integer').execute();

  // Rate limits shared by every process: one counter per key per window.
  await db.schema
    .createTable('report_limits')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_limits_pkey', ['key', 'window_start'])
    .execute();

  await db.schema
    .createTable('app_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  if (dialect === 'sqlite') {
    await sql`create trigger site_version_images_blocked after update of blocked on images
        when old.blocked is not new.blocked begin
        update site_version set version = version + 1 where id = 1;
      end`.execute(db);
    await sql`create trigger site_version_images_same_bytes after update of content_hash on images
        when new.content_hash is not null and new.content_hash is not old.content_hash
          and exists (select 1 from images b where b.content_hash = new.content_hash and b.blocked = 1 and b.id <> new.id)
        begin
        update site_version set version = version + 1 where id = 1;
      end`.execute(db);
  } else {
    // kiosque_bump_site_version() comes from 0005_image_cache: once per
    // transaction, at commit. A WHEN clause cannot hold a subquery, hence
    // the second function for the same-bytes case.
    await sql`create constraint trigger site_version_images_blocked
        after update of blocked on images
        deferrable initially deferred
        for each row when (old.blocked is distinct from new.blocked)
        execute function kiosque_bump_site_version()`.execute(db);
    await sql`create or replace function kiosque_bump_site_version_same_bytes() returns trigger
        language plpgsql as $$
        begin
          if exists (select 1 from images b
                     where b.content_hash = new.content_hash and b.blocked = 1 and b.id <> new.id)
             and coalesce(current_setting('kiosque.site_version_bumped', true), '') <> '1' then
            perform set_config('kiosque.site_version_bumped', '1', true);
            update site_version set version = version + 1 where id = 1;
          end if;
          return null;
        end $$`.execute(db);
    await sql`create constraint trigger site_version_images_same_bytes
        after update of content_hash on images
        deferrable initially deferred
        for each row when (new.content_hash is not null and new.content_hash is distinct from old.content_hash)
        execute function kiosque_bump_site_version_same_bytes()`.execute(db);
  }
}
