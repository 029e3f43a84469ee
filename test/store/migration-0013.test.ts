// 0013_story_index_lean rebuilds the story index tables (clustered on their
// keys on SQLite, band rows without a story id): an archive upgraded with
// its index in place keeps every band row and term count, and detection
// carries on over them.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { connect } from '../../src/store/connect.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';

for (const backend of BACKENDS) {
  describe(`migration 0013 on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    const made: TestDatabase[] = [];
    after(async () => {
      for (const d of made) await d.drop();
    });

    test('band rows and term counts survive the rebuild; story ids leave the band rows', async () => {
      const database = await backend.create();
      made.push(database);
      const conn = await connect(database.url);
      const schema = conn.dialect === 'postgres' ? (conn.schema ?? 'public') : null;
      try {
        await migrateToLatest(conn.db, conn.dialect, schema, '0012_story_prune');
        const db = conn.db;
        await sql`insert into story_bands (band_hash, published_at, article_id, story_id)
          values (-5, '2026-11-01T00:00:00.000Z', 1, 7), (12, '2026-11-01T00:00:00.000Z', 1, 7),
                 (-5, '2026-11-02T00:00:00.000Z', 2, null)`.execute(db);
        await sql`insert into story_terms (term, articles) values ('seisme', 2), ('agadir', 1)`.execute(db);

        const applied = await migrateToLatest(conn.db, conn.dialect, schema, '0013_story_index_lean');
        assert.ok(applied.includes('0013_story_index_lean'), applied.join(', '));

        const bands = await sql<{ band_hash: number; published_at: string; article_id: number }>`
          select * from story_bands order by band_hash, published_at`.execute(db);
        assert.deepEqual(
          bands.rows.map((r) => [Number(r.band_hash), r.published_at, Number(r.article_id)]),
          [
            [-5, '2026-11-01T00:00:00.000Z', 1],
            [-5, '2026-11-02T00:00:00.000Z', 2],
            [12, '2026-11-01T00:00:00.000Z', 1],
          ],
        );
        assert.ok(!('story_id' in bands.rows[0]!), 'band rows carry no story id');
        const terms = await sql<{ term: string; articles: number }>`
          select term, articles from story_terms order by term`.execute(db);
        assert.deepEqual(
          terms.rows.map((r) => [r.term, Number(r.articles)]),
          [
            ['agadir', 1],
            ['seisme', 2],
          ],
        );
        // The upsert detection runs still finds its conflict target.
        await sql`insert into story_terms (term, articles) values ('seisme', 1)
          on conflict (term) do update set articles = story_terms.articles + excluded.articles`.execute(db);
        const seisme = await sql<{
          articles: number;
        }>`select articles from story_terms where term = 'seisme'`.execute(db);
        assert.equal(Number(seisme.rows[0]!.articles), 3);
        if (conn.dialect === 'sqlite') {
          const tables = await sql<{ name: string; sql: string }>`
            select name, sql from sqlite_master where name in ('story_bands', 'story_terms')`.execute(db);
          for (const t of tables.rows) assert.match(t.sql, /without rowid/i, t.name);
        }
      } finally {
        await conn.db.destroy();
      }
    });
  });
}
