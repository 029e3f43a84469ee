// An installation upgraded from before the search index (0009_search): the
// migrations make the index but do not fill it; they queue the archive for
// the search index alone (0014_index_queue), and the indexer fills it. A
// database that had the index from the start queues nothing.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { connect } from '../../src/store/connect.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { handleOn } from '../../src/store/index.ts';
import { Indexer } from '../../src/ingest/index.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';

for (const backend of BACKENDS) {
  describe(`an upgrade from before 0009 on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    const made: TestDatabase[] = [];
    after(async () => {
      for (const d of made) await d.drop();
    });

    test('the archive is queued for the search index, and searchable once the queue is drained', async () => {
      const database = await backend.create();
      made.push(database);
      const conn = await connect(database.url);
      const schema = conn.dialect === 'postgres' ? (conn.schema ?? 'public') : null;
      try {
        await migrateToLatest(conn.db, conn.dialect, schema, '0008_stories');
        const db = conn.db;
        const now = new Date().toISOString();
        await sql`insert into sources (id, slug, name, homepage, language, timezone, mode, enabled, settings_json, created_at, updated_at)
          values (1, 'alpha', 'Alpha', 'https://alpha.example/', 'fr', 'UTC', 'full', 1, '{}', ${now}, ${now})`.execute(
          db,
        );
        for (const [id, title] of [
          [1, 'Le budget voté à Rabat'],
          [2, 'Séisme près d’Agadir'],
        ] as const) {
          await sql`insert into articles (id, source_id, identity, title, summary, text, language, category, content_hash,
              published_at, published_at_guessed, fetched_at, updated_at)
            values (${id}, 1, ${`guid:${id}`}, ${title}, null, null, 'fr', null, ${`h${id}`}, '2026-11-01T08:00:00.000Z', 0, ${now}, ${now})`.execute(
            db,
          );
        }

        const applied = await migrateToLatest(conn.db, conn.dialect, schema);
        assert.ok(
          applied.includes('0009_search') && applied.includes('0014_index_queue'),
          applied.join(', '),
        );
        const count = async (table: 'article_search' | 'index_queue') =>
          Number(
            (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n,
          );
        assert.equal(await count('article_search'), 0, 'the migrations write no document');
        const queued = await sql<{ article_id: number; work: number }>`
          select article_id, work from index_queue order by article_id`.execute(db);
        assert.deepEqual(
          queued.rows.map((r) => [Number(r.article_id), Number(r.work)]),
          [
            [1, 0],
            [2, 0],
          ],
          'every stored article waits for the search index (and not for story detection)',
        );

        assert.equal(await new Indexer(handleOn(conn.db, conn.dialect)).flush(), 2);
        assert.equal(await count('index_queue'), 0);
        assert.equal(await count('article_search'), 2);
        const found = await sql<{ article_id: number }>`select article_id from article_search
          where title_norm like ${'%agad%'}`.execute(db);
        assert.deepEqual(
          found.rows.map((r) => Number(r.article_id)),
          [2],
        );
      } finally {
        await conn.db.destroy();
      }
    });

    test('a database made with the search index queues nothing', async () => {
      const database = await backend.create();
      made.push(database);
      const conn = await connect(database.url);
      const schema = conn.dialect === 'postgres' ? (conn.schema ?? 'public') : null;
      try {
        await migrateToLatest(conn.db, conn.dialect, schema);
        const n = await sql<{ n: number }>`select count(*) as n from index_queue`.execute(conn.db);
        assert.equal(Number(n.rows[0]?.n), 0);
      } finally {
        await conn.db.destroy();
      }
    });
  });
}
