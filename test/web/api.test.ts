// The JSON API over a store filled by a real crawl of the fixture press server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../src/util/log.ts';
import { buildServer } from '../../src/web/index.ts';
import { type CrawlWorld, crawlWorld, publishedEntries } from '../ingest/helpers.ts';
import { BACKENDS } from '../store/backends.ts';

for (const backend of BACKENDS) {
  describe(`JSON API on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    let app: FastifyInstance;
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      return {
        status: res.statusCode,
        body: String(res.headers['content-type'] ?? '').includes('json') ? res.json() : res.body,
      };
    };

    before(async () => {
      w = await crawlWorld({}, {}, backend);
      w.server.setFault('rabat-soir', { kind: 'status', status: 500 });
      await w.crawl();
      app = await buildServer({ store: w.store, log: silentLogger });
    });
    after(async () => {
      await app.close();
      await w.close();
    });

    test('GET /api/v1/sources lists sources with their feeds and last errors', async () => {
      const { status, body } = await get('/api/v1/sources');
      assert.equal(status, 200);
      assert.equal(body.items.length, w.server.publications.length);
      const quotidien = body.items.find((s: { slug: string }) => s.slug === 'le-quotidien');
      assert.deepEqual(Object.keys(quotidien).sort(), [
        'enabled',
        'feeds',
        'homepage',
        'language',
        'name',
        'slug',
      ]);
      assert.equal(quotidien.language, 'fr');
      for (const f of quotidien.feeds) {
        assert.equal(f.status, 'ok');
        assert.ok(Date.parse(f.lastFetchedAt));
        assert.equal(f.lastError, null);
      }
      const rabat = body.items.find((s: { slug: string }) => s.slug === 'rabat-soir');
      assert.equal(rabat.feeds[0].lastError.kind, 'http_status');
      assert.match(rabat.feeds[0].lastError.message, /500/);
      assert.ok(Date.parse(rabat.feeds[0].lastError.at));
    });

    test('GET /api/v1/articles pages newest first with a cursor, over every article once', async () => {
      const seen: Array<{ id: number; publishedAt: string }> = [];
      let next: string | null = null;
      do {
        const { status, body } = await get(`/api/v1/articles?limit=7${next ? `&before=${next}` : ''}`);
        assert.equal(status, 200);
        assert.ok(body.items.length <= 7);
        seen.push(...body.items);
        next = body.next;
      } while (next);
      const expected = publishedEntries(w.server).filter((e) => e.source !== 'rabat-soir').length;
      assert.equal(seen.length, expected);
      assert.equal(new Set(seen.map((a) => a.id)).size, expected);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.publishedAt >= seen[i]!.publishedAt);
      const [first] = seen as unknown as Array<Record<string, unknown>>;
      assert.deepEqual(Object.keys(first!).sort(), [
        'category',
        'id',
        'imageUrl',
        'language',
        'publishedAt',
        'source',
        'summary',
        'title',
        'url',
      ]);
    });

    test('GET /api/v1/articles?source= filters; wrong parameters are 400 or 404 with a message', async () => {
      const { body } = await get('/api/v1/articles?source=al-akhbar&limit=100');
      assert.equal(body.items.length, publishedEntries(w.server, ['al-akhbar']).length);
      assert.ok(
        body.items.every(
          (a: { source: string; language: string }) => a.source === 'al-akhbar' && a.language === 'ar',
        ),
      );
      assert.equal((await get('/api/v1/articles?source=nobody')).status, 404);
      assert.equal((await get('/api/v1/articles?limit=0')).status, 400);
      assert.equal((await get('/api/v1/articles?limit=abc')).status, 400);
      assert.equal((await get('/api/v1/articles?before=garbage')).status, 400);
    });

    test('GET /api/v1/articles/:id gives the article with contentHtml and text', async () => {
      const { body: list } = await get('/api/v1/articles?source=le-quotidien&limit=1');
      const { status, body } = await get(`/api/v1/articles/${list.items[0].id}`);
      assert.equal(status, 200);
      for (const key of [
        'id',
        'source',
        'title',
        'url',
        'publishedAt',
        'summary',
        'language',
        'category',
        'imageUrl',
      ]) {
        assert.deepEqual(body[key], list.items[0][key], key);
      }
      assert.match(body.contentHtml, /<p>/);
      assert.ok(body.text.length > 100);
      assert.doesNotMatch(body.text, /<p>/);
      assert.equal((await get('/api/v1/articles/999999')).status, 404);
      assert.equal((await get('/api/v1/articles/12abc')).status, 400);
    });

    test('every answer carries a Content-Security-Policy without inline script', async () => {
      for (const url of ['/healthz', '/api/v1/articles?limit=1', '/nowhere']) {
        const res = await app.inject({ method: 'GET', url });
        const csp = String(res.headers['content-security-policy'] ?? '');
        assert.match(csp, /script-src 'self'(;|$)/, url);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
        assert.match(csp, /object-src 'none'/);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
      }
    });

    test('GET /healthz and /metrics', async () => {
      assert.deepEqual((await get('/healthz')).body, { status: 'ok' });
      const { status, body } = await get('/metrics');
      assert.equal(status, 200);
      assert.match(body, /kiosque_feed_fetches_total\{outcome="ok"\} \d+/);
      assert.match(body, /kiosque_feed_fetches_total\{outcome="http_status"\} \d+/);
      assert.match(body, /kiosque_articles_ingested_total\{change="new"\} \d+/);
      assert.match(body, /kiosque_fetch_duration_seconds_count \d+/);
      assert.match(body, /kiosque_parse_duration_seconds_count \d+/);
      assert.match(body, /kiosque_feeds_failing 0/);
      // The crawl indexed everything it stored.
      assert.match(body, /kiosque_index_queue\{state="waiting"\} 0/);
      assert.match(body, /kiosque_index_queue\{state="failed"\} 0/);
      assert.match(body, /kiosque_event_loop_delay_seconds\{quantile="0.99"\}/);
    });
  });
}
