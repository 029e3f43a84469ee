// 0016_column_names renames article_images.origin to found_in and
// index_queue.stories to work: an upgraded database keeps its rows, their
// values under the new names, and the queue's upsert (which compares the
// work of an article queued twice) runs on the renamed column.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { connect } from '../../src/store/connect.ts';
import { IndexWork, queueArticles } from '../../src/store/index-queue/queue.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';

for (const backend of BACKENDS) {
  describe(`migration 0016 on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    const made: TestDatabase[] = [];
    after(async () => {
      for (const d of made) await d.drop();
    });

    test('image links and queued articles keep their values under the new column names', async () => {
      const database = await backend.create();
      made.push(database);
      const conn = await connect(database.url);
      const schema = conn.dialect === 'postgres' ? (conn.schema ?? 'public') : null;
      try {
        await migrateToLatest(conn.db, conn.dialect, schema, '0015_search_time_tags');
        const db = conn.db;
        const now = new Date().toISOString();
        await sql`insert into sources (id, slug, name, homepage, language, timezone, mode, enabled, settings_json, created_at, updated_at)
          values (1, 'alpha', 'Alpha', 'https://alpha.example/', 'fr', 'UTC', 'full', 1, '{}', ${now}, ${now})`.execute(
          db,
        );
        for (const id of [1, 2]) {
          await sql`insert into articles (id, source_id, identity, title, summary, text, language, category, content_hash,
              published_at, published_at_guessed, fetched_at, updated_at)
            values (${id}, 1, ${`guid:${id}`}, 'Séisme près d’Agadir', null, null, 'fr', null, ${`h${id}`},
              '2026-11-01T08:00:00.000Z', 0, ${now}, ${now})`.execute(db);
        }
        await sql`insert into images (id, url, first_seen_at)
          values (1, 'https://alpha.example/a.jpg', ${now}), (2, 'https://alpha.example/b.jpg', ${now})`.execute(
          db,
        );
        await sql`insert into article_images (article_id, image_id, position, origin, caption)
          values (1, 1, 0, 'media:content', 'Agadir'), (1, 2, 1, 'page', null), (2, 1, 0, null, null)`.execute(
          db,
        );
        await sql`insert into index_queue (article_id, stories, queued_at, attempts, last_error)
          values (1, 3, ${now}, 2, 'timeout'), (2, 0, ${now}, 0, null)`.execute(db);

        const applied = await migrateToLatest(conn.db, conn.dialect, schema);
        assert.ok(applied.includes('0016_column_names'), applied.join(', '));

        const links = await sql<{
          article_id: number;
          image_id: number;
          position: number;
          found_in: string | null;
          caption: string | null;
        }>`select * from article_images order by article_id, position`.execute(db);
        assert.deepEqual(
          links.rows.map((r) => [
            Number(r.article_id),
            Number(r.image_id),
            Number(r.position),
            r.found_in,
            r.caption,
          ]),
          [
            [1, 1, 0, 'media:content', 'Agadir'],
            [1, 2, 1, 'page', null],
            [2, 1, 0, null, null],
          ],
        );
        assert.ok(!('origin' in links.rows[0]!), 'no origin column left on article_images');

        const queued = await sql<{
          article_id: number;
          work: number;
          queued_at: string;
          attempts: number;
          last_error: string | null;
        }>`select * from index_queue order by article_id`.execute(db);
        assert.deepEqual(
          queued.rows.map((r) => [
            Number(r.article_id),
            Number(r.work),
            r.queued_at,
            Number(r.attempts),
            r.last_error,
          ]),
          [
            [1, 3, now, 2, 'timeout'],
            [2, 0, now, 0, null],
          ],
        );
        assert.ok(!('stories' in queued.rows[0]!), 'no stories column left on index_queue');

        // Queued again: the larger work stays (article 1), a larger one replaces a smaller (article 2).
        await db.transaction().execute((trx) =>
          queueArticles(trx, [
            { articleId: 1, work: IndexWork.detect, queuedAt: now },
            { articleId: 2, work: IndexWork.detect, queuedAt: now },
          ]),
        );
        const requeued = await db
          .selectFrom('index_queue')
          .select(['article_id', 'work'])
          .orderBy('article_id')
          .execute();
        assert.deepEqual(
          requeued.map((r) => [Number(r.article_id), Number(r.work)]),
          [
            [1, IndexWork.redetectDate],
            [2, IndexWork.detect],
          ],
        );
      } finally {
        await conn.db.destroy();
      }
    });
  });
}
