// The JSON API's schemas: every route under /api declares what it takes and
// what it answers; a parameter that fails its schema answers the API's one
// error shape, naming it; and the response schemas let through every field
// the handlers send, untouched (Fastify's serializer drops what a schema
// does not name and coerces what it names wrongly).
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance, type InjectOptions, type RouteOptions } from 'fastify';
import { getArticle, getStory, listArticles, listSourcesWithFeeds, dbOf } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { articleItemSchema } from '../../src/web/api/articles.ts';
import { parameterError } from '../../src/web/api/errors.ts';
import { buildServer } from '../../src/web/index.ts';
import { QUAKE } from '../fixtures/stories/quake.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { BACKENDS } from '../store/backends.ts';

/** The routes each Fastify instance created while `build` runs declares, as its onRoute hook sees them. */
async function routesDeclaredBy<T>(build: () => Promise<T>): Promise<{ built: T; routes: RouteOptions[] }> {
  const routes: RouteOptions[] = [];
  const channel = diagnostics.channel('fastify.initialization');
  const onInit = (message: unknown) => {
    (message as { fastify: FastifyInstance }).fastify.addHook('onRoute', (route) => {
      routes.push(route);
    });
  };
  channel.subscribe(onInit);
  try {
    return { built: await build(), routes };
  } finally {
    channel.unsubscribe(onInit);
  }
}

/** The keys of an error body, and that each is a string. */
function assertErrorShape(body: Record<string, unknown>, label: string): void {
  for (const key of Object.keys(body)) {
    assert.ok(['error', 'field', 'message'].includes(key), `${label}: unexpected key ${key}`);
    assert.equal(typeof body[key], 'string', `${label}: ${key}`);
  }
  assert.ok(String(body.error).length > 0, label);
  assert.ok(String(body.message).length > 5, label);
}

/** What JSON.stringify makes of a value, read back: the body as the handler built it. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('every /api route declares its schemas', () => {
  let w: CrawlWorld;
  let app: FastifyInstance;
  let routes: RouteOptions[];

  before(async () => {
    w = await crawlWorld({}, { only: ['le-quotidien'] });
    const declared = await routesDeclaredBy(() => buildServer({ store: w.store, log: silentLogger }));
    app = declared.built;
    routes = declared.routes.filter((r) => r.url.startsWith('/api/'));
  });
  after(async () => {
    await app?.close();
    await w?.close();
  });

  test('the API is these routes', () => {
    const seen = [
      ...new Set(routes.filter((r) => r.method !== 'HEAD').map((r) => `${String(r.method)} ${r.url}`)),
    ];
    assert.deepEqual(seen.sort(), [
      'GET /api/v1/articles',
      'GET /api/v1/articles/:id',
      'GET /api/v1/images/report-token',
      'GET /api/v1/search',
      'GET /api/v1/sources',
      'GET /api/v1/stories/:id',
      'POST /api/v1/images/:id/report',
    ]);
  });

  test('each declares its path parameters, its query and its answers', () => {
    // The routes that read a query string; the others take none.
    const withQuery = new Set(['/api/v1/articles', '/api/v1/search']);
    for (const r of routes) {
      const label = `${String(r.method)} ${r.url}`;
      const schema = r.schema as Record<string, { properties?: Record<string, unknown> } | undefined>;
      assert.ok(schema, `${label} has no schema`);
      const names = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
      if (names.length) assert.deepEqual(Object.keys(schema.params?.properties ?? {}), names, label);
      else assert.equal(schema.params, undefined, label);
      if (withQuery.has(r.url)) assert.ok(schema.querystring?.properties, `${label}: no querystring schema`);
      const response = schema.response as Record<string, unknown> | undefined;
      assert.ok(response?.['200'] ?? response?.[200], `${label}: no response schema for 200`);
    }
  });
});

for (const backend of BACKENDS) {
  describe(`the API's answers through its schemas on ${backend.name}`, {
    skip: backend.skip ?? false,
  }, () => {
    let w: CrawlWorld;
    let app: FastifyInstance;
    const get = (url: string) => app.inject({ method: 'GET', url });

    before(async () => {
      w = await crawlWorld({}, {}, backend);
      w.server.setFault('rabat-soir', { kind: 'status', status: 500 });
      // One event told by two publications, so that the crawl makes a story
      // whatever the generated headlines happen to say.
      w.server.publishArticle('le-quotidien', QUAKE['le-quotidien']);
      w.server.publishArticle('l-eco-du-jour', QUAKE['l-eco-du-jour']);
      await w.crawl();
      app = await buildServer({ store: w.store, log: silentLogger });
    });
    after(async () => {
      await app?.close();
      await w?.close();
    });

    test('?limit=abc and other parameters failing a schema: 400, the parameter named', async () => {
      for (const [url, field, message] of [
        ['/api/v1/articles?limit=abc', 'limit', 'limit must be a whole number'],
        ['/api/v1/articles?limit=', 'limit', 'limit must be a whole number'],
        ['/api/v1/articles?limit=1.5', 'limit', 'limit must be a whole number'],
        ['/api/v1/articles?limit=0', 'limit', 'limit must be at least 1'],
        ['/api/v1/articles?limit=101', 'limit', 'limit must be at most 100'],
        ['/api/v1/articles?limit=1&limit=2', 'limit', 'limit must be a whole number'],
        ['/api/v1/articles?source=a&source=b', 'source', 'source is given more than once'],
        ['/api/v1/articles?source=Le_Quotidien', 'source', /^source does not have the expected form/],
        [`/api/v1/articles?before=${'x'.repeat(201)}`, 'before', 'before is longer than 200 characters'],
        ['/api/v1/search?q=economie&q=bourse', 'q', 'q is given more than once'],
        ['/api/v1/search?q=economie&limit=abc', 'limit', 'limit is a whole number from 1 to 100'],
        ['/api/v1/search?q=economie&color=red', 'color', 'unknown parameter "color"'],
      ] as const) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, url);
        assert.match(String(res.headers['content-type']), /^application\/json/, url);
        const body = res.json();
        assert.deepEqual(Object.keys(body), ['error', 'field', 'message'], url);
        assert.equal(body.error, 'bad_request', url);
        assert.equal(body.field, field, url);
        if (typeof message === 'string') assert.equal(body.message, message, url);
        else assert.match(body.message, message, url);
      }
    });

    test('a bad parameter on each resource answers {error, field?, message}', async () => {
      const cases: Array<[string, number, string | InjectOptions]> = [
        ['articles', 400, '/api/v1/articles?limit=abc'],
        ['articles', 400, '/api/v1/articles?before=garbage'],
        ['articles', 404, '/api/v1/articles?source=nobody'],
        ['article', 400, '/api/v1/articles/12abc'],
        ['article', 404, '/api/v1/articles/999999'],
        ['search', 400, '/api/v1/search?q=economie&from=yesterday'],
        ['search', 400, '/api/v1/search'],
        ['story', 400, '/api/v1/stories/abc'],
        ['story', 404, '/api/v1/stories/999999'],
        [
          'image report',
          400,
          {
            method: 'POST',
            url: '/api/v1/images/abc/report',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            payload: '{}',
          },
        ],
        [
          'image report',
          415,
          {
            method: 'POST',
            url: '/api/v1/images/1/report',
            headers: { 'content-type': 'text/csv' },
            payload: 'a,b',
          },
        ],
      ];
      for (const [resource, status, request] of cases) {
        const res = await app.inject(request);
        const label = `${resource}: ${typeof request === 'string' ? request : JSON.stringify(request)}`;
        assert.equal(res.statusCode, status, label);
        assertErrorShape(res.json(), label);
      }
    });

    test('GET /api/v1/articles and /articles/:id send what the store gives, byte for byte', async () => {
      const list = await get('/api/v1/articles?limit=50');
      assert.equal(list.statusCode, 200);
      const expected = await listArticles(w.store, { limit: 50 });
      assert.ok(expected.items.length > 10);
      // Nulls among the values, so the schema's nullable fields are exercised.
      assert.ok(expected.items.some((a) => a.category === null || a.imageUrl === null || a.summary === null));
      assert.equal(list.body, JSON.stringify(expected));

      for (const item of expected.items.slice(0, 5)) {
        const article = await getArticle(w.store, item.id);
        assert.ok(article);
        const { sourceName, updatedAt, fetchedAt: _f, ...rest } = article;
        const res = await get(`/api/v1/articles/${item.id}`);
        assert.equal(res.statusCode, 200);
        assert.equal(res.body, JSON.stringify({ ...rest, sourceName, updatedAt }));
      }
    });

    test('GET /api/v1/sources keeps every source and feed field, errors included', async () => {
      const res = await get('/api/v1/sources');
      assert.equal(res.statusCode, 200);
      const body = res.json() as { items: Array<Record<string, unknown> & { feeds: unknown[] }> };
      const sources = await listSourcesWithFeeds(w.store);
      assert.deepEqual(
        body.items.map((s) => [s.slug, s.name, s.language, s.homepage, s.enabled]),
        sources.map((s) => [s.slug, s.name, s.language, s.homepage, s.enabled]),
      );
      for (const [i, s] of sources.entries()) {
        const feeds = s.feeds.filter((f) => f.enabled === 1);
        assert.deepEqual(
          body.items[i]?.feeds,
          asJson(
            feeds.map((f) => ({
              url: f.effective_url ?? f.url,
              configuredUrl: f.url,
              category: f.category,
              status: f.status,
              lastFetchedAt: f.last_fetched_at,
              lastSuccessAt: f.last_success_at,
              nextFetchAt: f.next_fetch_at,
              lastError:
                f.last_error_kind && f.last_error_at
                  ? { kind: f.last_error_kind, message: f.last_error_message ?? '', at: f.last_error_at }
                  : null,
            })),
          ),
          s.slug,
        );
      }
      const failing = body.items.find((s) => s.slug === 'rabat-soir') as {
        feeds: Array<{ lastError: unknown }>;
      };
      assert.deepEqual(Object.keys(failing.feeds[0]?.lastError ?? {}), ['kind', 'message', 'at']);
    });

    test('GET /api/v1/stories/:id keeps every field of the story and its articles', async () => {
      const row = await dbOf(w.store)
        .selectFrom('articles')
        .select('story_id')
        .where('story_id', 'is not', null)
        .executeTakeFirst();
      assert.ok(row?.story_id, 'the crawl made a story');
      const story = await getStory(w.store, Number(row.story_id));
      assert.ok(story);
      const body = (await get(`/api/v1/stories/${row.story_id}`)).json();
      assert.deepEqual(Object.keys(body), [
        'id',
        'title',
        'firstPublisher',
        'firstArticleId',
        'articleCount',
        'sourceCount',
        'firstPublishedAt',
        'lastPublishedAt',
        'articles',
      ]);
      assert.equal(body.id, story.id);
      assert.deepEqual(body.firstPublisher, { source: story.firstSource.slug, name: story.firstSource.name });
      assert.equal(body.articleCount, story.articleCount);
      assert.equal(body.sourceCount, story.sourceCount);
      assert.equal(body.lastPublishedAt, story.lastPublishedAt);
      assert.deepEqual(
        body.articles,
        asJson(story.articles.map(({ sourceId: _s, ...a }) => a)).map((a: Record<string, unknown>) => ({
          id: a.id,
          source: a.source,
          sourceName: a.sourceName,
          title: a.title,
          url: a.url,
          publishedAt: a.publishedAt,
          language: a.language,
        })),
      );
    });

    test('GET /api/v1/search items have the fields of /api/v1/articles, highlights by id', async () => {
      const list = (await get('/api/v1/articles?limit=1')).json() as {
        items: Array<Record<string, unknown>>;
      };
      // A word of the newest title: a query that finds something.
      const word = String(list.items[0]?.title)
        .split(/[^\p{L}]+/u)
        .sort((a, b) => b.length - a.length)[0];
      const res = await get(`/api/v1/search?q=${encodeURIComponent(word ?? '')}&sort=date&limit=5`);
      assert.equal(res.statusCode, 200);
      const body = res.json() as {
        items: Array<Record<string, unknown>>;
        next: string | null;
        highlights: Record<string, { title: string; snippet: string | null }>;
      };
      assert.ok(body.items.length > 0);
      for (const item of body.items) {
        assert.deepEqual(Object.keys(item), Object.keys(list.items[0] ?? {}));
        assert.deepEqual(Object.keys(body.highlights[String(item.id)] ?? {}), ['title', 'snippet']);
      }
      assert.deepEqual(Object.keys(body), ['items', 'next', 'highlights']);
    });
  });
}

describe('the schema pieces', () => {
  test('an open schema passes through what it does not name; nulls stay null', async () => {
    const app = Fastify();
    const sent = {
      id: 1,
      source: 's',
      title: 't',
      url: null,
      publishedAt: '2026-01-01T00:00:00.000Z',
      summary: null,
      language: 'fr',
      category: null,
      imageUrl: null,
      extra: { nested: [1, 'two'] },
    };
    app.get('/x', { schema: { response: { 200: articleItemSchema } } }, async () => sent);
    const res = await app.inject('/x');
    assert.equal(res.body, JSON.stringify(sent));
    await app.close();
  });

  test('schema errors become a field and a sentence', () => {
    const cases: Array<[Parameters<typeof parameterError>[0][0], string, string]> = [
      [
        { instancePath: '/limit', keyword: 'type', params: { type: 'integer' } },
        'limit',
        'limit must be a whole number',
      ],
      [{ instancePath: '/q', keyword: 'type', params: { type: 'string' } }, 'q', 'q is given more than once'],
      [{ instancePath: '', keyword: 'required', params: { missingProperty: 'id' } }, 'id', 'id is required'],
      [
        { instancePath: '/sort', keyword: 'enum', params: { allowedValues: ['relevance', 'date'] } },
        'sort',
        'sort is one of "relevance", "date"',
      ],
    ];
    for (const [error, field, message] of cases) {
      const err = parameterError([error], 'querystring');
      assert.equal(err.field, field);
      assert.equal(err.message, message);
      assert.equal(err.statusCode, 400);
    }
  });
});
