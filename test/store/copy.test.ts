// kiosque migrate-db: a crawled SQLite installation copied to PostgreSQL,
// interrupted half-way, resumed, and checked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  articleRows,
  compareCounts,
  copyDatabase,
  listSourcesWithFeeds,
  openDatabase,
  Store,
  syncSources,
  takeDownArticle,
  dbOf,
  connectionOf,
} from '../../src/store/index.ts';
import { runKiosque } from '../cli/run.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { BACKENDS, SKIP_POSTGRES, type TestDatabase } from './backends.ts';

const postgres = BACKENDS.find((b) => b.name === 'postgres')!;

describe('migrate-db: SQLite to PostgreSQL', { skip: SKIP_POSTGRES ?? false }, () => {
  let w: CrawlWorld;
  const targets: TestDatabase[] = [];
  before(async () => {
    w = await crawlWorld();
    await w.crawl();
    const [victim] = await articleRows(w.store, 'al-akhbar');
    await takeDownArticle(w.store, victim!.id, 'takedown', { id: null, name: 'test' });
    // A blocked image travels with the copy.
    await dbOf(w.store).updateTable('images').set({ blocked: 1 }).where('id', '=', 1).execute();
  });
  after(async () => {
    await w.close();
    for (const t of targets) await t.drop();
  });

  test('an interrupted copy resumes, keeps every id, and the counts match', async () => {
    const target = await postgres.create();
    targets.push(target);
    const from = connectionOf(w.store);
    const to = await openDatabase(target.url);
    try {
      const finished = await copyDatabase(from, to, { batchSize: 7, maxBatches: 5 });
      assert.equal(finished, false);
      const partial = await compareCounts(from, to);
      assert.ok(
        partial.some((c) => c.target < c.source),
        'the first pass should stop early',
      );
      // Run again, as a user would after an interruption.
      assert.equal(await copyDatabase(from, to, { batchSize: 7 }), true);
      const counts = await compareCounts(from, to);
      for (const c of counts) assert.equal(c.target, c.source, c.table);
      assert.ok(counts.find((c) => c.table === 'articles')!.source > 50);
      assert.equal(counts.find((c) => c.table === 'article_tombstones')!.target, 1);
      assert.ok(counts.find((c) => c.table === 'article_pages')!.target > 0);

      const blocked = await to.db
        .selectFrom('images')
        .select('blocked')
        .where('id', '=', 1)
        .executeTakeFirst();
      assert.equal(blocked?.blocked, 1);
      const copied = new Store(to);
      const before = await articleRows(w.store);
      const after = await articleRows(copied);
      assert.deepEqual(
        after.map((a) => [a.id, a.identity, a.title]),
        before.map((a) => [a.id, a.identity, a.title]),
      );
      // New rows get fresh ids past the copied ones, and the search index is filled.
      await syncSources(copied, [
        {
          slug: 'nouvelle',
          name: 'Nouvelle',
          homepage: 'https://nouvelle.example/',
          language: 'fr',
          timezone: 'Africa/Casablanca',
          feeds: [{ url: 'https://nouvelle.example/feed' }],
          mode: 'full',
          enabled: true,
        },
      ]);
      const ids = (await listSourcesWithFeeds(copied)).map((s) => s.slug);
      assert.ok(ids.includes('nouvelle'));
      const hits = await sql<{
        n: number;
      }>`select count(*)::int as n from article_search`.execute(to.db);
      assert.equal(hits.rows[0]?.n, after.length);
    } finally {
      await to.db.destroy();
    }
  });

  test('kiosque migrate-db prints the counts and says the copy is complete', async () => {
    const target = await postgres.create();
    targets.push(target);
    const r = await runKiosque(
      ['migrate-db', '--from', w.dbUrl, '--to', target.url, '--batch-size', '50'],
      {},
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /articles\s+\d+ →\s+\d+\n/);
    assert.match(r.stdout, /copy complete/);
    assert.doesNotMatch(r.stdout, /MISMATCH/);
    const again = await runKiosque(['migrate-db', '--from', w.dbUrl, '--to', target.url], {});
    assert.equal(again.code, 0, again.stderr);
  });

  test('a wrong database URL is a clear error', async () => {
    const r = await runKiosque(['migrate-db', '--from', w.dbUrl, '--to', 'mysql://nope'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /DATABASE_URL "mysql:\/\/nope" is not understood/);
  });
});
