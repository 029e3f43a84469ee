// The page cache: hits and misses, validators, compression, and invalidation
// when a crawl stores new articles — in this process or through another
// connection to the same database (another process), on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { crawlOnce, Indexer, newWorkerId } from '../../src/ingest/index.ts';
import { listArticles, openDatabase, readSiteVersion, Store } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { negotiateEncoding, SizedLru } from '../../src/web/cache/index.ts';
import { buildServer } from '../../src/web/index.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { BACKENDS } from '../store/backends.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const VERSION_CHECK_MS = 100;

describe('SizedLru', () => {
  test('evicts the least recently used past its size, and skips what is too big', () => {
    const evicted: string[] = [];
    const lru = new SizedLru<string, number>(10, (key) => evicted.push(key));
    lru.set('a', 1, 4);
    lru.set('b', 2, 4);
    assert.equal(lru.get('a'), 1); // a is now the most recent
    lru.set('c', 3, 4);
    assert.deepEqual(evicted, ['b']);
    assert.equal(lru.size, 8);
    lru.set('big', 4, 11);
    assert.equal(lru.peek('big'), undefined);
    lru.resize('a', 7); // a is the oldest now, so it goes
    assert.deepEqual(evicted, ['b', 'a']);
    assert.equal(lru.size, 4);
  });
});

describe('negotiateEncoding', () => {
  test('prefers br, then gzip; q=0 refuses', () => {
    assert.equal(negotiateEncoding('gzip, deflate, br'), 'br');
    assert.equal(negotiateEncoding('gzip'), 'gzip');
    assert.equal(negotiateEncoding('br;q=0, gzip;q=0.5'), 'gzip');
    assert.equal(negotiateEncoding('deflate'), null);
    assert.equal(negotiateEncoding('identity'), null);
    assert.equal(negotiateEncoding(undefined), null);
    assert.equal(negotiateEncoding('*'), 'br');
  });
});

for (const backend of BACKENDS) {
  describe(`page cache on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    let app: FastifyInstance;
    let renders = 0;
    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers });

    /** A page of the latest titles, long enough to be compressed, rendered from the store. */
    const addTestRoutes = (server: FastifyInstance, counter: () => void) => {
      server.get('/test/latest', { config: { pageCache: true } }, async (_request, reply) => {
        counter();
        const { items } = await listArticles(w.store, { limit: 100 });
        const list = items.map((a) => `<li>${a.title}</li>`).join('\n');
        reply.type('text/html; charset=utf-8').header('content-language', 'fr');
        return `<!DOCTYPE html><html><body><ul>${list}</ul></body></html>`;
      });
      server.get('/test/uncached', async (_request, reply) => {
        counter();
        return reply.type('text/html').send('<p>fresh every time</p>'.repeat(100));
      });
      server.get('/test/missing', { config: { pageCache: true } }, async (_request, reply) => {
        counter();
        return reply.code(404).type('text/html').send('<p>not here</p>');
      });
    };

    before(async () => {
      w = await crawlWorld({}, {}, backend);
      await w.crawl();
      app = await buildServer({
        store: w.store,
        log: silentLogger,
        pageCache: { versionCheckMs: VERSION_CHECK_MS, enabled: true },
      });
      addTestRoutes(app, () => renders++);
    });
    after(async () => {
      await app.close();
      await w.close();
    });

    test('the first request renders, the next ones are served from the cache', async () => {
      const start = renders;
      const first = await get('/test/latest');
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['x-kiosque-cache'], 'miss');
      assert.match(String(first.headers.etag), /^W\/"[\w-]+"$/);
      assert.equal(first.headers['cache-control'], 'public, max-age=60');
      assert.equal(first.headers.vary, 'Accept-Encoding');
      const second = await get('/test/latest');
      assert.equal(second.statusCode, 200);
      assert.equal(second.headers['x-kiosque-cache'], 'hit');
      assert.equal(second.body, first.body);
      assert.equal(second.headers.etag, first.headers.etag);
      assert.equal(second.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(second.headers['content-language'], 'fr', "the route's own headers are replayed");
      assert.ok(second.headers['content-security-policy'], 'the site-wide headers are still there');
      assert.equal(renders, start + 1);
      // Another URL (query string included) is another page.
      assert.equal((await get('/test/latest?page=2')).headers['x-kiosque-cache'], 'miss');
    });

    test('If-None-Match with the ETag is a 304, on a hit and on a miss', async () => {
      const page = await get('/test/latest');
      const etag = String(page.headers.etag);
      const hit = await get('/test/latest', { 'if-none-match': etag });
      assert.equal(hit.statusCode, 304);
      assert.equal(hit.body, '');
      assert.equal(hit.headers.etag, etag);
      const strong = await get('/test/latest', { 'if-none-match': `"x", ${etag.slice(2)}` });
      assert.equal(strong.statusCode, 304, 'weak comparison');
      const other = await get('/test/latest', { 'if-none-match': 'W/"something-else"' });
      assert.equal(other.statusCode, 200);
      const missed = await get('/test/latest?fresh=1', { 'if-none-match': etag });
      assert.equal(missed.headers['x-kiosque-cache'], 'miss');
      assert.equal(missed.statusCode, 304);
    });

    test('compression: br and gzip bodies made once, kept, and decoded to the same page', async () => {
      const plain = await get('/test/latest?z=1');
      const start = renders;
      for (const [encoding, decode] of [
        ['br', brotliDecompressSync],
        ['gzip', gunzipSync],
      ] as const) {
        for (let i = 0; i < 2; i++) {
          const res = await get('/test/latest?z=1', {
            'accept-encoding': encoding === 'br' ? 'gzip, deflate, br' : 'gzip',
          });
          assert.equal(res.statusCode, 200);
          assert.equal(res.headers['content-encoding'], encoding);
          assert.equal(res.headers['x-kiosque-cache'], 'hit');
          assert.equal(res.headers.etag, plain.headers.etag);
          assert.ok(res.rawPayload.length < plain.rawPayload.length / 2);
          assert.equal(decode(res.rawPayload).toString('utf8'), plain.body);
        }
      }
      assert.equal(renders, start);
      // A miss answered compressed too.
      const miss = await get('/test/latest?z=2', { 'accept-encoding': 'br' });
      assert.equal(miss.headers['x-kiosque-cache'], 'miss');
      assert.equal(brotliDecompressSync(miss.rawPayload).toString('utf8'), plain.body);
      // Routes outside the page cache are compressed by @fastify/compress, on every request.
      const api = await get('/api/v1/articles?limit=50', { 'accept-encoding': 'gzip' });
      assert.equal(api.headers['content-encoding'], 'gzip');
      assert.equal(api.headers['x-kiosque-cache'], undefined);
    });

    test('only 200 answers of marked routes are cached', async () => {
      const start = renders;
      await get('/test/uncached');
      const again = await get('/test/uncached');
      assert.equal(again.headers['x-kiosque-cache'], undefined);
      assert.equal(again.headers.etag, undefined);
      await get('/test/missing');
      const missing = await get('/test/missing');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.headers['x-kiosque-cache'], undefined);
      assert.equal(renders, start + 4);
    });

    test('new articles from a crawl in this process invalidate the pages', async () => {
      await get('/test/latest');
      assert.equal((await get('/test/latest')).headers['x-kiosque-cache'], 'hit');
      const versionBefore = await readSiteVersion(w.store);
      const pub = w.server.publications[0]!;
      w.server.publish(pub.slug, 2);
      const summary = await w.crawl(pub.slug);
      assert.ok(summary.newArticles >= 2);
      assert.ok((await readSiteVersion(w.store)) > versionBefore, 'the site version moved');
      await sleep(VERSION_CHECK_MS + 20);
      const after = await get('/test/latest');
      assert.equal(after.headers['x-kiosque-cache'], 'miss');
      const newest = pub.entries(pub.feeds[0]!.url)[0]!;
      assert.ok(after.body.includes(newest.title.slice(0, 20)), 'the new article is on the page');
    });

    test('new articles stored through another connection (another process) invalidate the pages', async () => {
      await get('/test/latest');
      assert.equal((await get('/test/latest')).headers['x-kiosque-cache'], 'hit');
      const worker = new Store(await openDatabase(w.dbUrl));
      const indexer = new Indexer(worker);
      try {
        const pub = w.server.publications[1]!;
        w.server.publish(pub.slug, 1);
        const summary = await crawlOnce(
          { store: worker, indexer, client: w.client, log: silentLogger, workerId: newWorkerId('other') },
          { concurrency: 4, sourceSlug: pub.slug },
        );
        assert.ok(summary.newArticles >= 1);
      } finally {
        await indexer.stop();
        await worker.close();
      }
      // Within the version check interval the old page may still be served; after it, never.
      await sleep(VERSION_CHECK_MS + 20);
      assert.equal((await get('/test/latest')).headers['x-kiosque-cache'], 'miss');
      assert.equal((await get('/test/latest')).headers['x-kiosque-cache'], 'hit');
    });

    test('switched off, every request renders, with validators still', async () => {
      const off = await buildServer({ store: w.store, log: silentLogger, pageCache: { enabled: false } });
      let count = 0;
      addTestRoutes(off, () => count++);
      try {
        const first = await off.inject({ method: 'GET', url: '/test/latest' });
        const second = await off.inject({
          method: 'GET',
          url: '/test/latest',
          headers: { 'accept-encoding': 'br' },
        });
        assert.equal(first.headers['x-kiosque-cache'], 'off');
        assert.equal(second.headers['x-kiosque-cache'], 'off');
        assert.equal(second.headers['content-encoding'], 'br', '@fastify/compress does it');
        assert.equal(brotliDecompressSync(second.rawPayload).toString('utf8'), first.body);
        assert.equal(count, 2);
        const revalidated = await off.inject({
          method: 'GET',
          url: '/test/latest',
          headers: { 'if-none-match': String(first.headers.etag) },
        });
        assert.equal(revalidated.statusCode, 304);
      } finally {
        await off.close();
      }
    });

    test("the site's pages are cached when they exist", async () => {
      const first = await get('/fr/');
      if (first.statusCode !== 200) return; // the site's routes are not there (yet)
      assert.equal(first.headers['x-kiosque-cache'], 'miss');
      const second = await get('/fr/');
      assert.equal(second.headers['x-kiosque-cache'], 'hit');
      assert.equal(second.body, first.body);
    });
  });
}
