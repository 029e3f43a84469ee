// 0020_story_keys replaces the story index's MinHash band rows with keys of
// terms (src/stories/signature.ts): every indexed article gets one row per
// term of its stored signature, under the key today's code computes, so a
// new article meets the archive's recent ones the day of the upgrade.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { connect } from '../../src/store/connect.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { termKey } from '../../src/stories/index.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';

for (const backend of BACKENDS) {
  describe(`migration 0020 on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    const made: TestDatabase[] = [];
    after(async () => {
      for (const d of made) await d.drop();
    });

    test('band rows become the keys of each signature term (days and months left out)', async () => {
      const database = await backend.create();
      made.push(database);
      const conn = await connect(database.url);
      const schema = conn.dialect === 'postgres' ? (conn.schema ?? 'public') : null;
      try {
        await migrateToLatest(conn.db, conn.dialect, schema, '0019_entry_prints');
        const db = conn.db;
        const day1 = '2026-11-01T00:00:00.000Z';
        const day2 = '2026-11-02T00:00:00.000Z';
        await sql`insert into story_signatures (article_id, source_id, published_at, terms)
          values (1, 1, ${day1}, 'seisme agadir @d2 6.8'), (2, 2, ${day2}, 'seisme ~aqnwc')`.execute(db);
        // A MinHash band row, which no new article would meet.
        await sql`insert into story_bands (band_hash, published_at, article_id) values (-5, ${day1}, 1)`.execute(
          db,
        );

        const applied = await migrateToLatest(conn.db, conn.dialect, schema);
        assert.ok(applied.includes('0020_story_keys'), applied.join(', '));

        const rows = await sql<{ band_hash: number; published_at: string; article_id: number }>`
          select band_hash, published_at, article_id from story_bands`.execute(db);
        const got = rows.rows
          .map((r) => `${Number(r.article_id)} ${r.published_at} ${Number(r.band_hash)}`)
          .sort();
        const want = [
          ...['seisme', 'agadir', '6.8'].map((t) => `1 ${day1} ${termKey(t)}`),
          ...['seisme', '~aqnwc'].map((t) => `2 ${day2} ${termKey(t)}`),
        ].sort();
        assert.deepEqual(got, want);
      } finally {
        await conn.db.destroy();
      }
    });
  });
}
