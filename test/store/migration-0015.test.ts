// 0015_search_time_tags (SQLite): documents written from the upgrade on
// carry time tags; the migration records from which key every document has
// them, and queues for the search index only the documents dated after it
// (a future date), not the archive: the indexer writes them again.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { searchKey, timeTags } from '../../src/search/index.ts';
import { connect } from '../../src/store/connect.ts';
import { indexArticles, handleOn } from '../../src/store/index.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { Indexer } from '../../src/ingest/index.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';

const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;
describe('migration 0015 on sqlite', () => {
  const made: TestDatabase[] = [];
  after(async () => {
    for (const d of made) await d.drop();
  });

  test('records the key from which documents have time tags; the indexer rewrites only the ones dated after it', async () => {
    const database = await sqlite.create();
    made.push(database);
    const conn = await connect(database.url);
    try {
      await migrateToLatest(conn.db, conn.dialect, null, '0014_index_queue');
      const db = conn.db;
      const now = new Date().toISOString();
      await sql`insert into sources (id, slug, name, homepage, language, timezone, mode, enabled, settings_json, created_at, updated_at)
        values (1, 'alpha', 'Alpha', 'https://alpha.example/', 'fr', 'UTC', 'full', 1, '{}', ${now}, ${now})`.execute(
        db,
      );
      const dates = { 1: '2026-01-15T08:00:00.000Z', 2: '2099-06-01T08:00:00.000Z' } as const;
      for (const [id, at] of Object.entries(dates)) {
        await sql`insert into articles (id, source_id, identity, title, summary, text, language, category, content_hash,
            published_at, published_at_guessed, fetched_at, updated_at)
          values (${Number(id)}, 1, ${`guid:${id}`}, 'Le budget voté', null, null, 'fr', null, ${`h${id}`}, ${at}, 0, ${now}, ${now})`.execute(
          db,
        );
      }
      await indexArticles(handleOn(db, 'sqlite'), [1, 2]);
      // As 0014 wrote them: no time tags.
      for (const id of [1, 2]) {
        const { key } = (
          await sql<{ key: number }>`select key from article_search where article_id = ${id}`.execute(db)
        ).rows[0]!;
        await sql`delete from search_fts where rowid = ${key}`.execute(db);
        await sql`insert into search_fts (rowid, title, body, tags) values (${key}, 'budget vot', '', 'xs1')`.execute(
          db,
        );
      }
      const before = searchKey(new Date().toISOString(), 0);
      const applied = await migrateToLatest(conn.db, conn.dialect, null);
      assert.ok(applied.includes('0015_search_time_tags'), applied.join(', '));
      const from = Number(
        (await sql<{ from_key: number }>`select from_key from search_time_tags`.execute(db)).rows[0]
          ?.from_key,
      );
      assert.ok(from >= before && from <= searchKey(new Date().toISOString(), 0), 'the key of the upgrade');
      const tagged = async (id: 1 | 2) => {
        const key = searchKey(dates[id], id);
        const [week] = timeTags(key);
        const r =
          await sql`select rowid from search_fts where search_fts match ${`{tags} : ${week}`}`.execute(db);
        return r.rows.length === 1;
      };
      const queued = await sql<{ article_id: number; work: number }>`
        select article_id, work from index_queue order by article_id`.execute(db);
      assert.deepEqual(
        queued.rows.map((r) => [Number(r.article_id), Number(r.work)]),
        [[2, 0]],
        'only the document dated after the upgrade is queued, for the search index alone',
      );
      assert.equal(await tagged(2), false, 'not written by the migration itself');
      assert.equal(await new Indexer(handleOn(conn.db, conn.dialect)).flush(), 1);
      assert.equal(await tagged(2), true, 'dated after the upgrade: written again, with its tags');
      assert.equal(await tagged(1), false, 'the archive is left as it was');
    } finally {
      await conn.db.destroy();
    }
  });
});
