// The crawler's tables: sources, their feeds, the articles they bring, the
// tombstones that keep a removed article from coming back, the images, and
// the fetch log behind the feed-health page.
import { type AnyDb, idColumn, type MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  const { type: idType, withId } = idColumn(dialect);
  await db.schema
    .createTable('sources')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('homepage', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('settings_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('feeds')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('effective_url', 'text')
    .addColumn('discovered_at', 'text')
    .addColumn('category', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('next_fetch_at', 'text', (c) => c.notNull())
    .addColumn('interval_s', 'integer', (c) => c.notNull().defaultTo(900))
    .addColumn('retry_after_until', 'text')
    .addColumn('consecutive_errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing_since', 'text')
    .addColumn('last_error_kind', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('last_fetched_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('feeds_source_url', ['source_id', 'url'])
    .execute();
  await db.schema.createIndex('feeds_due').on('feeds').columns(['enabled', 'next_fetch_at']).execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id'))
    .addColumn('feed_id', 'integer', (c) => c.references('feeds.id'))
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('guid', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('content_html', 'text')
    .addColumn('text', 'text')
    .addColumn('author', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('lead_image_url', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_at_guessed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('articles_source_identity', ['source_id', 'identity'])
    .execute();
  await db.schema
    .createIndex('articles_source_url')
    .on('articles')
    .columns(['source_id', 'canonical_url'])
    .execute();
  // Newest first, for the home, the API and keyset pagination.
  await db.schema.createIndex('articles_published').on('articles').columns(['published_at', 'id']).execute();
  await db.schema
    .createIndex('articles_source_published')
    .on('articles')
    .columns(['source_id', 'published_at', 'id'])
    .execute();

  await db.schema
    .createTable('article_tombstones')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id'))
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('canonical_url', 'text')
    .addColumn('reason', 'text')
    .addColumn('removed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tombstones_identity')
    .on('article_tombstones')
    .columns(['source_id', 'identity'])
    .execute();
  await db.schema
    .createIndex('tombstones_url')
    .on('article_tombstones')
    .columns(['source_id', 'canonical_url'])
    .execute();

  await db.schema
    .createTable('images')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_images')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('image_id', 'integer', (c) => c.notNull().references('images.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('origin', 'text')
    .addColumn('caption', 'text')
    .addPrimaryKeyConstraint('article_images_pk', ['article_id', 'image_id'])
    .execute();
  await db.schema.createIndex('article_images_image').on('article_images').column('image_id').execute();

  await db.schema
    .createTable('fetch_log')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('feed_id', 'integer', (c) => c.notNull().references('feeds.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error_kind', 'text')
    .addColumn('error_message', 'text')
    .addColumn('bytes', 'integer')
    .addColumn('entries', 'integer')
    .addColumn('new_articles', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_articles', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('worker', 'text')
    .execute();
  await db.schema.createIndex('fetch_log_feed').on('fetch_log').columns(['feed_id', 'started_at']).execute();
}
