// `kiosque reindex` rebuilds the search index from the stored articles
// through the index queue: every article's document written again (a
// missing one made, a stale one replaced), and on SQLite every document then
// carries its time tags, so date filters read all ranges through them.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { reindexSearch } from '../../src/cli/reindex.ts';
import { Indexer } from '../../src/ingest/index.ts';
import { searchKey, timeTags } from '../../src/search/index.ts';
import { indexArticles, openDatabase, Store, handleOn } from '../../src/store/index.ts';
import { BACKENDS, type TestDatabase } from '../store/backends.ts';
import { runKiosque } from './run.ts';

const DATES = { 1: '2026-01-15T08:00:00.000Z', 2: '2026-03-02T08:00:00.000Z', 3: '2026-11-20T08:00:00.000Z' };

for (const backend of BACKENDS) {
  describe(`kiosque reindex on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    const made: TestDatabase[] = [];
    after(async () => {
      for (const d of made) await d.drop();
    });

    test('writes every article’s document again, the missing and the stale', async () => {
      const database = await backend.create();
      made.push(database);
      const conn = await openDatabase(database.url);
      const store = new Store(conn);
      try {
        const db = conn.db;
        const now = new Date().toISOString();
        await sql`insert into sources (id, slug, name, homepage, language, timezone, mode, enabled, settings_json, created_at, updated_at)
          values (1, 'alpha', 'Alpha', 'https://alpha.example/', 'fr', 'UTC', 'full', 1, '{}', ${now}, ${now})`.execute(
          db,
        );
        for (const [id, at] of Object.entries(DATES)) {
          await sql`insert into articles (id, source_id, identity, title, summary, text, language, category, content_hash,
              published_at, published_at_guessed, fetched_at, updated_at)
            values (${Number(id)}, 1, ${`guid:${id}`}, ${`Le budget voté ${id}`}, null, null, 'fr', null, ${`h${id}`}, ${at}, 0, ${now}, ${now})`.execute(
            db,
          );
        }
        await indexArticles(handleOn(conn.db, conn.dialect), [1, 2]);
        // Article 2's document is stale (written under an older normalisation), 3 has none.
        await sql`update article_search set title_norm = 'old' where article_id = 2`.execute(db);
        if (conn.dialect === 'sqlite') {
          await sql`update search_time_tags set from_key = ${searchKey(now, 0)}`.execute(db);
        }

        const summary = await reindexSearch(conn, store, new Indexer(store));
        assert.equal(summary.queued, 3);
        assert.equal(summary.indexed, 3);
        assert.equal(summary.failed, 0);
        assert.equal(summary.timeTagsComplete, conn.dialect === 'sqlite');

        const docs = await sql<{ article_id: number; title_norm: string }>`
          select article_id, title_norm from article_search order by article_id`.execute(db);
        assert.deepEqual(
          docs.rows.map((r) => Number(r.article_id)),
          [1, 2, 3],
        );
        assert.ok(
          docs.rows.every((r) => r.title_norm !== 'old' && r.title_norm.includes('budget')),
          JSON.stringify(docs.rows),
        );
        const left = await sql<{ n: number }>`select count(*) as n from index_queue`.execute(db);
        assert.equal(Number(left.rows[0]?.n), 0);
        if (conn.dialect === 'sqlite') {
          const from = await sql<{ from_key: number }>`select from_key from search_time_tags`.execute(db);
          assert.equal(Number(from.rows[0]?.from_key), 0, 'every document carries its time tags');
          const [week] = timeTags(searchKey(DATES[1], 1));
          const tagged =
            await sql`select rowid from search_fts where search_fts match ${`{tags} : ${week}`}`.execute(db);
          assert.equal(tagged.rows.length, 1, 'the oldest article has its week tag');
        }
      } finally {
        await store.close();
      }
    });

    if (backend.name === 'sqlite') {
      test('the command: exit 0 and a summary', async () => {
        const database = await backend.create();
        made.push(database);
        const conn = await openDatabase(database.url);
        await conn.db.destroy();
        const r = await runKiosque(['reindex'], { DATABASE_URL: database.url });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /0 articles queued, 0 indexed/);
      });
    }
  });
}
