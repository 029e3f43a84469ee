// The search index both backends share: one row per article in
// `article_search` (its key sorts by publication time), and on SQLite a
// contentless FTS5 table beside it; the first full-text index (0002) goes.
// The archive already stored is not indexed here: 0014_index_queue queues
// it for the indexer.
import { sql } from 'kysely';
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  if (dialect === 'sqlite') {
    // 0002's FTS5 over the raw text (no stemming, no Arabic folding) goes.
    for (const t of ['insert', 'delete', 'update']) {
      await sql.raw(`drop trigger if exists articles_fts_${t}`).execute(db);
    }
    await sql`drop table if exists articles_fts`.execute(db);
    await sql`create table article_search (
        key integer primary key,
        article_id integer not null unique references articles(id) on delete cascade,
        title_norm text not null,
        lead_norm text not null)`.execute(db);
    await sql`create virtual table search_fts using fts5(
        title, body, tags, content='', contentless_delete=1,
        tokenize='unicode61 remove_diacritics 0')`.execute(db);
    await sql`create trigger article_search_delete after delete on article_search begin
        delete from search_fts where rowid = old.key;
      end`.execute(db);
  } else {
    // 0002's generated french/arabic tsvector goes: PostgreSQL's stemmers are
    // not SQLite's; both now index the tokens src/search makes.
    await sql`drop index if exists articles_search`.execute(db);
    await sql`alter table articles drop column if exists search_vector`.execute(db);
    await sql`create table article_search (
        key bigint primary key,
        article_id integer not null unique references articles(id) on delete cascade,
        title_norm text not null,
        lead_norm text not null,
        tsv tsvector not null)`.execute(db);
    await sql`create index article_search_tsv on article_search using gin (tsv)`.execute(db);
  }
}
