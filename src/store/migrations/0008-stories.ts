// Story clusters: a story per group of articles telling the same event, and
// the index detection reads (signatures, LSH bands, term counts).
import { type AnyDb, idColumn, type MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  const { type: idType, withId } = idColumn(dialect);
  // Story clusters (src/stories): an article belongs to at most one
  // story; an article no other covers has none (story_id null).
  await db.schema.alterTable('articles').addColumn('story_id', 'integer').execute();
  await db.schema
    .createIndex('articles_story')
    .on('articles')
    .columns(['story_id', 'published_at', 'id'])
    .execute();
  await db.schema
    .createTable('stories')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('first_article_id', 'integer', (c) => c.notNull())
    .addColumn('first_source_id', 'integer', (c) => c.notNull())
    .addColumn('article_count', 'integer', (c) => c.notNull())
    .addColumn('source_count', 'integer', (c) => c.notNull())
    .addColumn('first_published_at', 'text', (c) => c.notNull())
    .addColumn('last_published_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The home's "most covered today": stories by last activity.
  await db.schema
    .createIndex('stories_last_published')
    .on('stories')
    .columns(['last_published_at', 'id'])
    .execute();
  // The terms each article was compared on (its signature's source),
  // so a candidate is checked without re-reading and re-normalising it.
  await db.schema
    .createTable('story_signatures')
    .addColumn('article_id', 'integer', (c) => c.primaryKey())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .execute();
  // LSH bands: one row per (band hash, article); a lookup reads the
  // rows of one hash inside the time window from one index range.
  await db.schema
    .createTable('story_bands')
    .addColumn('band_hash', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('story_id', 'integer')
    .execute();
  await db.schema
    .createIndex('story_bands_lookup')
    .on('story_bands')
    .columns(['band_hash', 'published_at', 'article_id', 'story_id'])
    .execute();
  await db.schema.createIndex('story_bands_article').on('story_bands').column('article_id').execute();
  // How many articles each term appeared in: a term in a large share of
  // the archive ("gouvernement", "maroc") tells no event from another.
  await db.schema
    .createTable('story_terms')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('articles', 'integer', (c) => c.notNull())
    .execute();
}
