// The articles' one read path: the JSON API's list and the site's lists page
// by the same key over (published_at, id), so a cursor means the same row to
// both, and rows published at the same instant are neither skipped nor shown
// twice across pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type ArticleCandidate,
  articleRows,
  decodeCursor,
  enabledFeeds,
  encodeCursor,
  listArticles,
  listSiteArticles,
  openDatabase,
  saveFeedRun,
  Store,
  syncSources,
} from '../../src/store/index.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';
import { feedRun, testArticle } from './feed-run.ts';

// Six articles, published two by two at the same instant: ties broken by id.
const SAME = (n: number) => new Date(Date.UTC(2026, 10, 1, 0, Math.floor(n / 2))).toISOString();
const article = (n: number): ArticleCandidate =>
  testArticle(String(n), { title: `Titre ${n}`, publishedAt: SAME(n) });

for (const backend of BACKENDS) {
  describe(`article lists on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let store: Store;
    let database: TestDatabase;
    let sourceId: number;

    before(async () => {
      database = await backend.create();
      store = new Store(await openDatabase(database.url));
      await syncSources(store, [
        {
          slug: 'le-quotidien',
          name: 'Le Quotidien',
          homepage: 'https://a.example/',
          language: 'fr',
          timezone: 'Africa/Casablanca',
          feeds: [{ url: 'https://a.example/feed' }],
          mode: 'full',
          enabled: true,
        },
      ]);
      const [feed] = await enabledFeeds(store);
      assert.ok(feed);
      sourceId = feed.source_id;
      const now = new Date().toISOString();
      await saveFeedRun(
        store,
        sourceId,
        feedRun(feed.id, { durationMs: 1, bytes: 1, entries: 6, nextFetchAt: now }),
        [0, 1, 2, 3, 4, 5].map(article),
        now,
      );
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test('the API and the site page alike, ties included, and take each other’s cursors', async () => {
      const api: number[] = [];
      const site: number[] = [];
      let apiNext: string | null = null;
      let siteNext: string | null = null;
      for (let i = 0; i < 3; i++) {
        const a = await listArticles(store, { limit: 2, before: apiNext });
        const s = await listSiteArticles(store, { sourceIds: [sourceId] }, { limit: 2, before: siteNext });
        api.push(...a.items.map((x) => x.id));
        site.push(...s.items.map((x) => x.id));
        assert.equal(a.next, s.next, 'one cursor for the same last row');
        apiNext = a.next;
        siteNext = s.next;
      }
      assert.equal(apiNext, null, 'the last page has no next');
      assert.equal(new Set(api).size, 6, 'every article once');
      assert.deepEqual(site, api);
      const ids = (await articleRows(store)).map((r) => Number(r.id));
      const newestFirst = [...ids].sort((x, y) => {
        const [px, py] = [ids.indexOf(x), ids.indexOf(y)].map((k) => SAME(k));
        return px === py ? y - x : (px as string) < (py as string) ? 1 : -1;
      });
      assert.deepEqual(api, newestFirst);
      // A cursor from the site's page reads the API's next page, and back.
      const first = await listSiteArticles(store, { sourceIds: [sourceId] }, { limit: 3 });
      const rest = await listArticles(store, { limit: 10, before: first.next });
      assert.deepEqual(
        [...first.items, ...rest.items].map((x) => x.id),
        api,
      );
    });

    test('a cursor is base64url of "published_at|id"; anything else decodes to null', () => {
      const at = '2026-11-01T00:01:00.000Z';
      assert.equal(encodeCursor(at, 42), Buffer.from(`${at}|42`).toString('base64url'));
      assert.deepEqual(decodeCursor(encodeCursor(at, 42)), { publishedAt: at, id: 42 });
      assert.equal(decodeCursor('nope'), null);
      assert.equal(decodeCursor(Buffer.from(`${at}|x`).toString('base64url')), null);
    });
  });
}
