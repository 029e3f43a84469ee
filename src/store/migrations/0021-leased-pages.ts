// The article pages a worker holds, found without reading them all.
// article_pages keeps a row for every page fetched ('done'), so in a press
// of full-text sources it grows with the articles; after each feed run and
// each page, a worker asks whether it still holds a page at an origin
// (releaseOriginIfIdle), and at start which workers hold any (owners.ts).
// With no index for them both read the whole table: at 200,000 pages done,
// 13.5 ms a question in the writer's one thread (SQLite, measured on a
// loaded machine; 0.002 ms through this index). Only held rows are in this
// index, so it stays a few rows long.
import { sql } from 'kysely';
import type { AnyDb, MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, _dialect: MigrationDialect): Promise<void> {
  await sql`create index article_pages_leased on article_pages (lease_owner, origin) where lease_owner is not null`.execute(
    db,
  );
}
