// Feed origins and the hosts table that spreads politeness across
// processes, and the first full-text index (replaced by 0009_search).
import { sql } from 'kysely';
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  // Politeness across processes: a worker claims an origin before it
  // polls feeds there, so one host gets one request at a time from the
  // whole fleet, and `free_at` keeps the delay across a hand-over.
  await db.schema.alterTable('feeds').addColumn('origin', 'text').execute();
  const feeds = await db.selectFrom('feeds').select(['id', 'url', 'effective_url']).execute();
  for (const f of feeds as Array<{ id: number; url: string; effective_url: string | null }>) {
    await db
      .updateTable('feeds')
      .set({ origin: originOf(f.effective_url ?? f.url) })
      .where('id', '=', f.id)
      .execute();
  }
  await db.schema.createIndex('feeds_origin').on('feeds').column('origin').execute();
  await db.schema
    .createTable('crawl_hosts')
    .addColumn('origin', 'text', (c) => c.primaryKey())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('free_at', 'text')
    .execute();

  // Full text, ready for the search issue: the title weighs more than the body.
  if (dialect === 'sqlite') {
    await sql`create virtual table articles_fts using fts5(
        title, text, content='articles', content_rowid='id',
        tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
    await sql`create trigger articles_fts_insert after insert on articles begin
        insert into articles_fts(rowid, title, text) values (new.id, new.title, new.text);
      end`.execute(db);
    await sql`create trigger articles_fts_delete after delete on articles begin
        insert into articles_fts(articles_fts, rowid, title, text) values ('delete', old.id, old.title, old.text);
      end`.execute(db);
    await sql`create trigger articles_fts_update after update of title, text on articles begin
        insert into articles_fts(articles_fts, rowid, title, text) values ('delete', old.id, old.title, old.text);
        insert into articles_fts(rowid, title, text) values (new.id, new.title, new.text);
      end`.execute(db);
    await sql`insert into articles_fts(articles_fts) values ('rebuild')`.execute(db);
  } else {
    // unaccent is STABLE; a generated column needs IMMUTABLE, hence the
    // wrapper naming its dictionary (the documented way to index it).
    await sql`create or replace function kiosque_unaccent(text) returns text
        language sql immutable parallel safe strict
        as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$`.execute(db);
    await sql`alter table articles add column search_vector tsvector generated always as (
        case when language = 'ar' then
          setweight(to_tsvector('arabic'::regconfig, coalesce(title, '')), 'A') ||
          setweight(to_tsvector('arabic'::regconfig, coalesce(text, '')), 'B')
        else
          setweight(to_tsvector('french'::regconfig, kiosque_unaccent(coalesce(title, ''))), 'A') ||
          setweight(to_tsvector('french'::regconfig, kiosque_unaccent(coalesce(text, ''))), 'B')
        end) stored`.execute(db);
    await sql`create index articles_search on articles using gin (search_vector)`.execute(db);
  }
}

/**
 * scheme://host[:port] of a URL, the unit of politeness, as the crawler
 * computed it when this migration was written (a frozen copy: the live one
 * may change without changing what this migration did).
 */
function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
