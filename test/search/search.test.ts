// Search on both backends: the same queries must give the same ids, in the
// same order, on SQLite FTS5 and PostgreSQL (every expectation below is one
// list, checked on each backend in turn).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { reindexSearch } from '../../src/cli/reindex.ts';
import { Indexer } from '../../src/ingest/index.ts';
import { parseQuery } from '../../src/search/index.ts';
import {
  indexArticles,
  openDatabase,
  saveFeedRun,
  searchArticles,
  type SearchRequest,
  Store,
  takeDownArticle,
  dbOf,
} from '../../src/store/index.ts';
import { BACKENDS, type TestDatabase } from '../store/backends.ts';
import { CORPUS, candidate, DOSSIERS, feedRun, type Loaded, loadCorpus } from './corpus.ts';

for (const backend of BACKENDS) {
  describe(`search on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let store: Store;
    let database: TestDatabase;
    let loaded: Loaded;
    const name = (id: number) => [...loaded.ids].find(([, v]) => v === id)?.[0] ?? `#${id}`;
    const run = async (q: string, extra: Partial<SearchRequest> = {}) =>
      (await searchArticles(store, { query: parseQuery(q), sort: 'date', limit: 50, ...extra })).ids.map(
        name,
      );
    const sourceId = (slug: string) => loaded.sources.get(slug)?.sourceId as number;

    before(async () => {
      database = await backend.create();
      store = new Store(await openDatabase(database.url));
      loaded = await loadCorpus(store, [...CORPUS, ...DOSSIERS]);
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    const dossiers = DOSSIERS.map((d) => d.name).reverse();

    test('accents ignored and French stemming: economie finds économie and économiques, newest first', async () => {
      assert.deepEqual(await run('economie'), [
        'eco-adjective',
        'eco-body',
        'eco-title',
        ...dossiers,
        'old-2020',
      ]);
      assert.deepEqual(await run('ÉCONOMIQUE'), await run('economie'));
    });

    test('Arabic: hamza forms, tashkeel and tatweel are ignored; the article prefix is light-stemmed', async () => {
      assert.deepEqual(await run('اصلاح'), ['ar-school', 'ar-eco']);
      assert.deepEqual(await run('الحكومة'), ['ar-school', 'ar-eco']);
      assert.deepEqual(await run('حكومة'), ['ar-school', 'ar-eco']);
      assert.deepEqual(await run('اقتصاد'), ['ar-eco']);
    });

    test('a phrase in quotes needs its words together and in order', async () => {
      assert.deepEqual(await run('"banque centrale"'), ['bank-phrase']);
      assert.deepEqual(await run('banque centrale'), ['bank-apart', 'bank-phrase']);
      assert.deepEqual(await run('"centrale banque"'), []);
      // a phrase never spans the title and the body
      assert.deepEqual(await run('"inchangé la banque"'), []);
    });

    test('every word is required', async () => {
      assert.deepEqual(await run('économie football'), ['eco-body']);
      assert.deepEqual(await run('économie introuvable'), []);
    });

    test('filters: source, category (any spelling), date range', async () => {
      assert.deepEqual(await run('economie', { sourceIds: [sourceId('beta')] }), [
        'eco-adjective',
        'old-2020',
      ]);
      assert.deepEqual(await run('economie', { sourceIds: [] }), []);
      assert.deepEqual(await run('economie', { categories: ['economie'] }), [
        'eco-adjective',
        'eco-title',
        'old-2020',
      ]);
      assert.deepEqual(
        await run('economie', { categories: ['Sport', 'analyses'] }).then((r) => r.length),
        26,
      );
      assert.deepEqual(
        await run('economie', {
          from: new Date(Date.UTC(2026, 10, 10)).toISOString(),
          to: new Date(Date.UTC(2026, 10, 12)).toISOString(),
        }),
        ['eco-body', 'eco-title'],
      );
    });

    test('relevance: the more query words in the title the better; newest first among equals', async () => {
      const r = await run('economie', { sort: 'relevance' });
      assert.deepEqual(r, ['eco-adjective', 'eco-title', 'old-2020', 'eco-body', ...dossiers]);
    });

    for (const sort of ['date', 'relevance'] as const) {
      test(`paging by ${sort}: every match once, in order, no gap`, async () => {
        const all = await run('economie', { sort });
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await searchArticles(store, { query: parseQuery('economie'), sort, limit: 7, cursor });
          seen.push(...page.ids.map(name));
          cursor = page.next;
          pages++;
        } while (cursor && pages < 20);
        assert.equal(pages, Math.ceil(all.length / 7));
        assert.deepEqual(seen, all);
      });
    }

    test('every plan gives the same answers (PostgreSQL: walking the newest rows, windows of the GIN index)', async () => {
      // Tiny thresholds: every word counts as common, and the walk stops after 3 rows.
      const walking = (req: SearchRequest) => searchArticles(store, req, { rareMatches: 0, walk: 3 });
      // Windows of the GIN index's matches from a hundredth of the index up
      // (×4 each), placed by the key's histogram: ANALYZE makes one.
      if (store.dialect === 'postgres') {
        await sql`analyze article_search`.execute(dbOf(store));
        const stats = await sql<{ n: number }>`select array_length(histogram_bounds::text::bigint[], 1) as n
            from pg_stats where schemaname = current_schema() and tablename = 'article_search' and attname = 'key'`.execute(
          dbOf(store),
        );
        assert.ok(Number(stats.rows[0]?.n) > 10, 'the key has a histogram to place windows by');
      }
      const windows = (req: SearchRequest) => searchArticles(store, req, { windowShare: 0.01 });
      // A filter tag typed as a word finds nothing (no article says it).
      const tag = `xs${(await dbOf(store).selectFrom('sources').select('id').executeTakeFirstOrThrow()).id}`;
      assert.deepEqual(await searchArticles(store, { query: parseQuery(tag), sort: 'date', limit: 5 }), {
        ids: [],
        next: null,
      });
      for (const q of ['economie', 'banque centrale', '"banque centrale"', 'اصلاح', 'introuvable', tag]) {
        for (const sort of ['date', 'relevance'] as const) {
          for (const limit of [2, 50]) {
            const a = await searchArticles(store, { query: parseQuery(q), sort, limit });
            const b = await walking({ query: parseQuery(q), sort, limit });
            assert.deepEqual(b, a, `${q} by ${sort}, ${limit}`);
            const c = await windows({ query: parseQuery(q), sort, limit });
            assert.deepEqual(c, a, `${q} by ${sort}, ${limit}, in windows`);
          }
        }
      }
    });

    test('a date filter gives the same answers read through time tags (SQLite, once every document has them)', async () => {
      const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString();
      const ranges: Array<[string, string | undefined]> = [
        [iso(2026, 10, 10), iso(2026, 10, 12)], // two days: one week's tag
        [iso(2026, 9, 1), undefined], // since October: weeks, up to the newest article
        [iso(2026, 0, 1), undefined], // since January: months
        [iso(2019, 0, 1), undefined], // since 2019: too long, read without tags
        [iso(2020, 0, 1), iso(2020, 0, 2)], // old-2020 alone
      ];
      const answers = async () => {
        const out: string[][] = [];
        for (const [from, to] of ranges)
          for (const sort of ['date', 'relevance'] as const)
            out.push(await run('economie', { from, to, sort }));
        return out;
      };
      const plain = await answers();
      assert.deepEqual(plain[0], ['eco-body', 'eco-title']);
      assert.deepEqual(plain[8], ['old-2020']);
      if (store.dialect === 'sqlite') {
        // The corpus was written after migration 0015 (with its tags), but is
        // dated before it: say that every document has them, as a copy does.
        await sql`update search_time_tags set from_key = 0`.execute(dbOf(store));
        await store.close();
        store = new Store(await openDatabase(database.url));
      }
      assert.deepEqual(await answers(), plain);
      if (store.dialect === 'sqlite') {
        // The tags are what a date filter reads now: a document written without
        // them is found by the word alone, not with the date filter.
        const id = loaded.ids.get('eco-body') as number;
        const { key } = await dbOf(store)
          .selectFrom('article_search')
          .select('key')
          .where('article_id', '=', id)
          .executeTakeFirstOrThrow();
        await sql`delete from search_fts where rowid = ${key}`.execute(dbOf(store));
        await sql`insert into search_fts (rowid, title, body, tags) values (${key}, 'econom', '', '')`.execute(
          dbOf(store),
        );
        assert.ok((await run('economie')).includes('eco-body'));
        assert.deepEqual(await run('economie', { from: ranges[0]?.[0], to: ranges[0]?.[1] }), ['eco-title']);
        await indexArticles(store, [id]);
        assert.deepEqual(await run('economie', { from: ranges[0]?.[0], to: ranges[0]?.[1] }), plain[0]);
      }
    });

    test('two articles of one second whose ids share their low bits: each its own key, both found', async () => {
      // A search key is the publication second × 2^21 + the id's low bits:
      // ids 2^21 apart in one second ask for one key, and one of them takes
      // the next free one, also when both are indexed in one statement.
      const source = await dbOf(store).selectFrom('sources').select('id').executeTakeFirstOrThrow();
      const at = '2026-11-20T09:30:00.000Z';
      const ids = [3_000_001, 3_000_001 + 2 ** 21];
      for (const [i, id] of ids.entries()) {
        await dbOf(store)
          .insertInto('articles')
          .values({
            id,
            source_id: source.id,
            identity: `guid:same-second-${i}`,
            title: `Zanzibarique numéro ${i + 1}`,
            text: 'Zanzibarique',
            language: 'fr',
            content_hash: `same-second-${i}`,
            published_at: at,
            published_at_guessed: 0,
            fetched_at: at,
            updated_at: at,
          })
          .execute();
      }
      await indexArticles(store, ids);
      const rows = await dbOf(store)
        .selectFrom('article_search')
        .select(['key', 'article_id'])
        .where('article_id', 'in', ids)
        .execute();
      assert.equal(rows.length, 2);
      assert.equal(new Set(rows.map((r) => Number(r.key))).size, 2, 'two keys');
      const found = (
        await searchArticles(store, { query: parseQuery('zanzibarique'), sort: 'date', limit: 10 })
      ).ids;
      assert.deepEqual([...found].sort(), ids);
      await dbOf(store).deleteFrom('article_search').where('article_id', 'in', ids).execute();
      await dbOf(store).deleteFrom('articles').where('id', 'in', ids).execute();
    });

    test('kiosque reindex fills an index made anew (migration 0009 makes it empty)', async () => {
      const before = await run('economie');
      assert.ok(before.length > 0);
      // Back to the state before 0009: no index, the migration not applied.
      if (store.dialect === 'sqlite') {
        await sql`drop trigger article_search_delete`.execute(dbOf(store));
        await sql`drop table search_fts`.execute(dbOf(store));
      }
      await sql`drop table article_search`.execute(dbOf(store));
      await sql`delete from kysely_migration where name = '0009_search'`.execute(dbOf(store));
      await store.close();
      const conn = await openDatabase(database.url);
      store = new Store(conn);
      assert.deepEqual(await run('economie'), [], 'the migration writes no document');
      const summary = await reindexSearch(conn, store, new Indexer(store));
      assert.equal(summary.failed, 0);
      assert.deepEqual(await run('economie'), before);
    });

    test('an updated article is found by its new words, a removed one no more', async () => {
      const s = loaded.sources.get('alpha');
      assert.ok(s);
      const a = { ...(CORPUS[0] as (typeof CORPUS)[0]), title: 'Le tourisme marocain progresse' };
      const indexer = new Indexer(store);
      const res = await saveFeedRun(
        store,
        s.sourceId,
        feedRun(s.feedId),
        [candidate(a, 999)],
        new Date().toISOString(),
        indexer.queued,
      );
      assert.equal(res.updatedArticles, 1);
      await indexer.flush();
      await indexer.stop();
      assert.deepEqual(await run('tourisme'), ['eco-title']);
      assert.ok(!(await run('economie')).includes('eco-title'));
      const id = loaded.ids.get('bank-phrase') as number;
      assert.ok(await takeDownArticle(store, id, 'test', { id: null, name: 'test' }));
      assert.deepEqual(await run('"banque centrale"'), []);
      assert.deepEqual(await run('banque'), ['bank-apart']);
    });
  });
}
