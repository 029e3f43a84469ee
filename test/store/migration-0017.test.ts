// 0017_source_index_category: a source's newest articles with their
// category come from the index alone (the site's section menu counts them:
// articleCategories), and the lists that walked the old index still do.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { articleCategories } from '../../src/store/articles/counts.ts';
import { connect } from '../../src/store/connect.ts';
import { handleOn } from '../../src/store/handle.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';

for (const backend of BACKENDS) {
  describe(`migration 0017 on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    const made: TestDatabase[] = [];
    after(async () => {
      for (const d of made) await d.drop();
    });

    test('an upgraded database counts a source’s categories from the new index', async () => {
      const database = await backend.create();
      made.push(database);
      const conn = await connect(database.url);
      const schema = conn.dialect === 'postgres' ? (conn.schema ?? 'public') : null;
      try {
        await migrateToLatest(conn.db, conn.dialect, schema, '0016_column_names');
        const db = conn.db;
        const now = new Date().toISOString();
        await sql`insert into sources (id, slug, name, homepage, language, timezone, mode, enabled, settings_json, created_at, updated_at)
          values (1, 'alpha', 'Alpha', 'https://alpha.example/', 'fr', 'UTC', 'full', 1, '{}', ${now}, ${now})`.execute(
          db,
        );
        const categories = ['Sport', 'Économie', 'Sport', null, 'Sport', 'Économie'];
        for (const [i, category] of categories.entries()) {
          await sql`insert into articles (id, source_id, identity, title, language, category, content_hash,
              published_at, published_at_guessed, fetched_at, updated_at)
            values (${i + 1}, 1, ${`guid:${i}`}, ${`Titre ${i}`}, 'fr', ${category}, ${`h${i}`},
              ${`2026-11-0${i + 1}T08:00:00.000Z`}, 0, ${now}, ${now})`.execute(db);
        }

        const applied = await migrateToLatest(conn.db, conn.dialect, schema);
        assert.ok(applied.includes('0017_source_index_category'), applied.join(', '));

        const indexes =
          conn.dialect === 'sqlite'
            ? (await sql<{ name: string }>`select name from pragma_index_list('articles')`.execute(db)).rows
            : (
                await sql<{ name: string }>`select indexname as name from pg_indexes
                  where tablename = 'articles' and schemaname = ${schema}`.execute(db)
              ).rows;
        const names = indexes.map((r) => r.name);
        assert.ok(names.includes('articles_source_published_category'), names.join(', '));
        assert.ok(!names.includes('articles_source_published'), names.join(', '));

        const h = handleOn(db, conn.dialect);
        assert.deepEqual(await articleCategories(h, [1]), [
          { category: 'Sport', count: 3 },
          { category: 'Économie', count: 2 },
        ]);
        // The latest three only: the window walks the index from its top.
        assert.deepEqual(await articleCategories(h, [1], 3), [
          { category: 'Sport', count: 1 },
          { category: 'Économie', count: 1 },
        ]);
        if (conn.dialect === 'sqlite') {
          const plan = await sql<{ detail: string }>`explain query plan
            select category from articles where source_id = 1
            order by published_at desc, id desc limit 2000`.execute(db);
          assert.match(
            plan.rows.map((r) => r.detail).join('; '),
            /COVERING INDEX articles_source_published_category/,
          );
        }
      } finally {
        await conn.db.destroy();
      }
    });
  });
}
