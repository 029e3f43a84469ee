// The search pages, their feed, the API and "Lire aussi", through the real
// server (buildServer) over a store filled through the crawler's write path,
// on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { JSDOM } from 'jsdom';
import { openDatabase, readAlso as readAlsoOf, Store, dbOf } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { buildServer } from '../../src/web/index.ts';
import { defaultSiteConfig } from '../../src/web/site-config.ts';
import { BACKENDS, type TestDatabase } from '../store/backends.ts';
import { CORPUS, DOSSIERS, type Loaded, loadCorpus } from './corpus.ts';

const BASE = 'https://kiosque.test';
const { window } = new JSDOM('');
const parseHtml = (text: string) => new window.DOMParser().parseFromString(text, 'text/html');

for (const backend of BACKENDS) {
  describe(`search pages and API on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let store: Store;
    let database: TestDatabase;
    let app: FastifyInstance;
    let loaded: Loaded;
    const get = (url: string) => app.inject({ method: 'GET', url });
    const id = (name: string) => loaded.ids.get(name) as number;

    before(async () => {
      database = await backend.create();
      store = new Store(await openDatabase(database.url));
      loaded = await loadCorpus(store, [...CORPUS, ...DOSSIERS]);
      app = await buildServer({
        store,
        log: silentLogger,
        site: { ...defaultSiteConfig({}), baseUrl: BASE },
      });
    });
    after(async () => {
      await app.close();
      await store.close();
      await database.drop();
    });

    test('every page has a search form (GET, no script) to its edition’s search page', async () => {
      for (const [path, action] of [
        ['/fr/', '/fr/recherche'],
        ['/ar/', '/ar/recherche'],
      ]) {
        const doc = parseHtml((await get(path as string)).body);
        const form = doc.querySelector('header form[role=search]');
        assert.equal(form?.getAttribute('action'), action);
        assert.equal(form?.getAttribute('method'), 'get');
        assert.ok(form?.querySelector('input[name=q]'));
      }
    });

    test('/fr/recherche shows highlighted, escaped results in the site frame, with a feed of the search', async () => {
      const res = await get('/fr/recherche?q=economie&tri=date');
      assert.equal(res.statusCode, 200);
      const doc = parseHtml(res.body);
      assert.ok(doc.querySelector('nav.ticker'), 'in the site frame');
      const links = [...doc.querySelectorAll('ol.search-results li h2 a')].map((a) => a.getAttribute('href'));
      assert.equal(links.length, 20);
      assert.equal(links[0], `/fr/beta/${id('eco-adjective')}`);
      assert.ok(doc.querySelector('ol.search-results mark'));
      assert.match(
        doc.querySelector('ol.search-results li h2')?.innerHTML ?? '',
        /<mark>économiques<\/mark>/,
      );
      const next = doc.querySelector('nav.pager a[rel=next]')?.getAttribute('href');
      assert.ok(next?.startsWith('/fr/recherche?q=economie&tri=date&avant='));
      if (!next) return;
      const page2 = parseHtml((await get(next)).body);
      const links2 = [...page2.querySelectorAll('ol.search-results li h2 a')].map((a) =>
        a.getAttribute('href'),
      );
      assert.equal(links2.length, 29 - 20);
      assert.equal(new Set([...links, ...links2]).size, links.length + links2.length);
      const feed = doc.querySelector(
        'link[rel=alternate][type="application/rss+xml"][href*="recherche.rss"]',
      );
      assert.equal(feed?.getAttribute('href'), '/fr/recherche.rss?q=economie&tri=date');
    });

    test('a query with markup is shown escaped', async () => {
      const res = await get(`/fr/recherche?q=${encodeURIComponent('<script>alert(1)</script> économie')}`);
      assert.equal(res.statusCode, 200);
      assert.ok(!res.body.includes('<script>alert(1)'));
      assert.ok(res.body.includes('&lt;script&gt;'));
    });

    test('the Arabic edition searches its sources with Arabic normalisation', async () => {
      const res = await get(`/ar/recherche?q=${encodeURIComponent('الحكومة')}`);
      assert.equal(res.statusCode, 200);
      const links = [...parseHtml(res.body).querySelectorAll('ol.search-results li h2 a')].map((a) =>
        a.getAttribute('href'),
      );
      assert.deepEqual(links.sort(), [`/ar/gamma/${id('ar-eco')}`, `/ar/gamma/${id('ar-school')}`].sort());
    });

    test("bad queries and filters are a 400 that says what is wrong, in the edition's language", async () => {
      for (const [url, says] of [
        ['/fr/recherche?q=%22%22', /^Tapez un ou plusieurs mots/],
        ['/fr/recherche?q=economie&source=gamma', /^Aucune source « gamma » ici\.$/],
        ['/fr/recherche?q=economie&du=2026-13-01', /^« 2026-13-01 » n’est pas une date \(AAAA-MM-JJ\)\.$/],
        ['/fr/recherche?q=economie&du=2026-11-12&au=2026-11-01', /précède/],
        ['/fr/recherche?q=economie&tri=hasard', /^Le tri est par pertinence ou par date\.$/],
        ['/fr/recherche?q=economie&avant=xyz', /reprenez depuis la première/],
        ['/ar/recherche?q=%22%22', /^اكتب كلمة أو أكثر/],
        ['/ar/recherche?q=economie&du=2026-13-01', /ليس تاريخًا/],
        ['/ar/recherche?q=economie&tri=hasard', /^الترتيب حسب الأهمية أو حسب التاريخ\.$/],
      ] as const) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, url);
        const said = parseHtml(res.body).querySelector('p.error')?.textContent ?? '';
        assert.match(said, says, url);
        assert.doesNotMatch(said, /\b(the|is not|query|before)\b/, `${url}: no English on the page`);
      }
      const empty = await get('/fr/recherche');
      assert.equal(empty.statusCode, 200, 'the empty search page is the form');
    });

    test('the RSS feed of a search lists its newest matches', async () => {
      const res = await get('/fr/recherche.rss?q=economie&categorie=economie');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /application\/rss\+xml/);
      const doc = new window.DOMParser().parseFromString(res.body, 'application/xml');
      const links = [...doc.querySelectorAll('item > link')].map((l) => l.textContent);
      assert.deepEqual(links, [
        `${BASE}/fr/beta/${id('eco-adjective')}`,
        `${BASE}/fr/alpha/${id('eco-title')}`,
        `${BASE}/fr/beta/${id('old-2020')}`,
      ]);
    });

    test('GET /api/v1/search answers items shaped as /api/v1/articles, paged by next', async () => {
      const list = (await get('/api/v1/articles?limit=1')).json() as {
        items: Array<Record<string, unknown>>;
      };
      const res = await get('/api/v1/search?q=economie&sort=date&limit=10');
      assert.equal(res.statusCode, 200);
      const body = res.json() as {
        items: Array<Record<string, unknown>>;
        next: string | null;
        highlights: Record<string, { title: string; snippet: string | null }>;
      };
      assert.deepEqual(Object.keys(body.items[0] ?? {}).sort(), Object.keys(list.items[0] ?? {}).sort());
      assert.equal(body.items[0]?.id, id('eco-adjective'));
      assert.equal(body.items[0]?.source, 'beta');
      assert.match(body.highlights[String(id('eco-adjective'))]?.title ?? '', /<mark>économiques<\/mark>/);
      const seen = body.items.map((i) => i.id);
      let next = body.next;
      while (next) {
        const page = (
          await get(`/api/v1/search?q=economie&sort=date&limit=10&cursor=${next}`)
        ).json() as typeof body;
        seen.push(...page.items.map((i) => i.id));
        next = page.next;
      }
      assert.equal(seen.length, 29);
      assert.equal(new Set(seen).size, 29);
      const filtered = (
        await get('/api/v1/search?q=economie&source=beta&from=2026-11-01&to=2026-11-30')
      ).json() as typeof body;
      assert.deepEqual(
        filtered.items.map((i) => i.id),
        [id('eco-adjective')],
      );
      for (const url of [
        '/api/v1/search',
        '/api/v1/search?q=economie&limit=0',
        '/api/v1/search?q=economie&sort=best',
        '/api/v1/search?q=economie&cursor=abc',
        '/api/v1/search?q=economie&from=yesterday',
        '/api/v1/search?q=economie&source=nope',
        '/api/v1/search?q=economie&color=red',
      ]) {
        const bad = await get(url);
        assert.equal(bad.statusCode, 400, url);
        assert.ok((bad.json() as { message: string }).message.length > 5);
      }
    });

    test('"Lire aussi" lists articles sharing key terms first, then the newest of the source; never the article or its story', async () => {
      const readAlso = async (name: string) => {
        const res = await get(`/fr/beta/${id(name)}`);
        assert.equal(res.statusCode, 200);
        return [...parseHtml(res.body).querySelectorAll('#read-also-title + ul a, section.read-also a')].map(
          (a) => a.getAttribute('href'),
        );
      };
      const beta = loaded.sources.get('beta')?.sourceId as number;
      const onPage = await readAlso('bank-phrase');
      assert.equal(onPage[0], `/fr/alpha/${id('bank-apart')}`, 'related by text first');
      const ofBeta = await dbOf(store)
        .selectFrom('articles')
        .select('id')
        .where('source_id', '=', beta)
        .execute();
      // Every other article of its source, up to five in all.
      assert.equal(onPage.length, Math.min(5, 1 + ofBeta.length - 1), 'then filled from its source');
      assert.ok(!onPage.includes(`/fr/beta/${id('bank-phrase')}`), 'never the article itself');
      assert.ok(
        onPage.slice(1).every((href) => href?.startsWith('/fr/beta/')),
        `the rest from its own source: ${onPage}`,
      );
      // Found once and kept (article_read_also): the story rule is applied again on every reading.
      const sourceIds = [...loaded.sources.values()].map((s) => s.sourceId);
      const bank = { id: id('bank-phrase'), sourceId: beta };
      const ids = async () => (await readAlsoOf(store, bank, 5, sourceIds)).map((a) => a.id);
      assert.equal((await ids())[0], id('bank-apart'));
      const kept = await dbOf(store)
        .selectFrom('article_read_also')
        .select('ids')
        .where('article_id', '=', id('bank-phrase'))
        .executeTakeFirstOrThrow();
      // The related one first, then the newest of its source that stand in, kept with it.
      assert.match(kept.ids, new RegExp(`^${sourceIds.join(',')}\\|${id('bank-apart')}(,\\d+)+$`));
      await dbOf(store)
        .updateTable('articles')
        .set({ story_id: 4242 })
        .where('id', 'in', [id('bank-phrase'), id('bank-apart')])
        .execute();
      // (the page itself is in the page cache until the site version is read again: ask the query)
      const apart = await ids();
      assert.ok(!apart.includes(id('bank-apart')), 'not of its story');
      assert.ok(!apart.includes(id('bank-phrase')));
      assert.equal(apart.length, Math.min(5, ofBeta.length - 1), 'the newest of its source stand in');
      await dbOf(store)
        .updateTable('articles')
        .set({ story_id: null })
        .where('id', '=', id('bank-apart'))
        .execute();
      assert.equal((await ids())[0], id('bank-apart'));
    });
  });
}
