// Story detection writes ~30 term counts and 16 band rows per article:
// each B-tree a row lands in is a random page dirtied. On SQLite both
// tables become clustered on their key (WITHOUT ROWID: one B-tree for
// story_terms, two for story_bands instead of two and three), and band
// rows lose their story id, which a join rewrote 16 index entries for:
// a candidate's story is read from its article.
import { sql } from 'kysely';
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create table story_terms_lean (term text primary key, articles integer not null) without rowid`.execute(
      db,
    );
    await sql`insert into story_terms_lean (term, articles) select term, articles from story_terms`.execute(
      db,
    );
    await sql`drop table story_terms`.execute(db);
    await sql`alter table story_terms_lean rename to story_terms`.execute(db);
    await sql`create table story_bands_lean (
        band_hash integer not null, published_at text not null, article_id integer not null,
        primary key (band_hash, published_at, article_id)) without rowid`.execute(db);
    await sql`insert or ignore into story_bands_lean (band_hash, published_at, article_id)
        select band_hash, published_at, article_id from story_bands`.execute(db);
    await sql`drop table story_bands`.execute(db);
    await sql`alter table story_bands_lean rename to story_bands`.execute(db);
    await db.schema.createIndex('story_bands_article').on('story_bands').column('article_id').execute();
  } else {
    await db.schema.dropIndex('story_bands_lookup').execute();
    await db.schema.alterTable('story_bands').dropColumn('story_id').execute();
    await db.schema
      .createIndex('story_bands_lookup')
      .on('story_bands')
      .columns(['band_hash', 'published_at', 'article_id'])
      .execute();
  }
}
