// POST /api/v1/images/<id>/report over a store filled by a real crawl of the
// fixture press server, on SQLite and PostgreSQL: CSRF and origin checks,
// one report per reader (by cookie, by address, a /64 as one), spoofed
// X-Forwarded-For without and with a trusted proxy, rate limits, the
// threshold (default, configured, per source), the block reaching every
// page that shows the image and the same bytes under another URL, in a
// second server on the same database; the answers with and without
// JavaScript, in French and Arabic; and the operator's side.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { JSDOM } from 'jsdom';
import {
  listBlockedImages,
  listReportedImages,
  type ReportConfig,
  setSourceThreshold,
  TrustedProxies,
  unblockImageByOperator,
} from '../../src/moderation/index.ts';
import { getImage, isImageBlocked, dbOf } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { buildServer } from '../../src/web/index.ts';
import { defaultSiteConfig } from '../../src/web/site-config.ts';
import { prepareBody } from '../../src/web/site/body.ts';
import { articleCard, resolveEdition } from '../../src/web/site/views.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { BACKENDS } from '../store/backends.ts';

const BASE = 'https://kiosque.test';
const FR_THANKS =
  "Merci d'avoir signalé! Cette image sera automatiquement bloquée après qu'elle soit signalée par plusieurs personnes.";
const AR_THANKS = 'شكرا على الإبلاغ! سيتم حجب هذه الصورة تلقائيا بعد أن يبلغ عنها عدة أشخاص.';
const { window } = new JSDOM('');
const parseHtml = (text: string): Document => new window.DOMParser().parseFromString(text, 'text/html');

interface ImageUse {
  imageId: number;
  url: string;
  articleId: number;
  path: string;
  language: string;
  sourceSlug: string;
}

interface Post {
  token?: string | null;
  origin?: string | null;
  referer?: string;
  cookie?: string;
  address?: string;
  forwardedFor?: string;
  accept?: string;
  lang?: string;
  headerToken?: boolean;
  forwardedProto?: string;
}

describe('blocked images in templates', () => {
  test('a blocked image points to the placeholder URL, with no report form; lists too', () => {
    const ids = new Map([
      ['https://q.example/a.jpg', { id: 7, width: 640, height: 480 }],
      ['https://q.example/b.jpg', { id: 8, width: null, height: null }],
    ]);
    const body = prepareBody(
      '<p><img src="https://q.example/a.jpg" alt=""></p><figure><img src="https://q.example/b.jpg" alt=""></figure>',
      ids,
      { label: 'Signaler cette image', token: 'T'.repeat(32), lang: 'fr' },
      new Set([7]),
    );
    assert.deepEqual(body.imageIds, [7, 8]);
    const doc = parseHtml(body.html);
    assert.ok(doc.querySelector('img[src="/img/7?blocked"]'));
    assert.equal(doc.querySelector('form[action="/api/v1/images/7/report"]'), null);
    const form = doc.querySelector('form[action="/api/v1/images/8/report"]');
    assert.equal(form?.querySelector('input[name="csrf_token"]')?.getAttribute('value'), 'T'.repeat(32));
    assert.equal(form?.querySelector('input[name="lang"]')?.getAttribute('value'), 'fr');

    const site = defaultSiteConfig({});
    const source = {
      id: 1,
      slug: 'le-quotidien',
      name: 'Le Quotidien',
      homepage: 'https://q.example/',
      language: 'fr',
      enabled: true,
    };
    const edition = resolveEdition(site.editions[0]!, [source]);
    const summary = {
      id: 3,
      sourceId: 1,
      title: 't',
      summary: null,
      publishedAt: '2026-11-29T10:00:00.000Z',
      category: null,
      author: null,
      canonicalUrl: null,
      leadImageId: 7,
    };
    assert.equal(articleCard(summary, edition, site.timezone)?.image?.src, '/img/7?w=640');
    assert.deepEqual(articleCard({ ...summary, leadImageBlocked: true }, edition, site.timezone)?.image, {
      src: '/img/7?blocked',
      srcset: null,
    });
  });
});

for (const backend of BACKENDS) {
  describe(`image reports on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    let cacheDir: string;
    const apps: FastifyInstance[] = [];
    let app: FastifyInstance;
    let token: string;
    let pool: ImageUse[] = [];
    let nextAddress = 1;

    /** A fresh address for every reader of these tests, so no test meets another's rate limit. */
    const freshAddress = () => {
      const n = nextAddress++;
      return `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    };
    /** An image (with an article showing it) no other test has used. */
    const takeImage = (language = 'fr'): ImageUse => {
      const at = pool.findIndex((u) => u.language === language);
      assert.ok(at >= 0, `an unused ${language} image is left`);
      return pool.splice(at, 1)[0] as ImageUse;
    };

    async function server(reports: Partial<ReportConfig> = {}): Promise<FastifyInstance> {
      const a = await buildServer({
        store: w.store,
        log: silentLogger,
        site: { ...defaultSiteConfig({}), baseUrl: BASE },
        images: { cacheDir, client: w.client, statusTtlMs: 0 },
        // Every request reads the site version: a block shows at the next request, no waiting.
        pageCache: { versionCheckMs: 0 },
        reports: {
          threshold: 3,
          trustProxy: null,
          limits: { perReader: 1000, perAddress: 1000, windowS: 600 },
          ...reports,
        },
      });
      apps.push(a);
      return a;
    }

    function post(target: FastifyInstance, imageId: number | string, p: Post = {}) {
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
        accept: p.accept ?? 'application/json',
      };
      if (p.origin !== null) headers.origin = p.origin ?? BASE;
      if (p.referer) headers.referer = p.referer;
      if (p.cookie) headers.cookie = p.cookie;
      if (p.forwardedFor) headers['x-forwarded-for'] = p.forwardedFor;
      if (p.forwardedProto) headers['x-forwarded-proto'] = p.forwardedProto;
      const form = new URLSearchParams();
      const t = p.token === undefined ? token : p.token;
      if (t !== null && p.headerToken) headers['x-csrf-token'] = t;
      else if (t !== null) form.set('csrf_token', t);
      if (p.lang) form.set('lang', p.lang);
      return target.inject({
        method: 'POST',
        url: `/api/v1/images/${imageId}/report`,
        headers,
        payload: form.toString(),
        remoteAddress: p.address ?? freshAddress(),
      });
    }

    const readerCookie = (res: LightMyRequestResponse): string => {
      const raw = String(res.headers['set-cookie'] ?? '');
      const m = /^(kiosque_reader=[A-Za-z0-9_-]{22});/.exec(raw);
      assert.ok(m, `a reader cookie is set: ${raw}`);
      return m[1] as string;
    };
    const json = (res: LightMyRequestResponse) => res.json() as Record<string, unknown>;
    const reportCount = async (imageId: number) =>
      Number(
        (
          await dbOf(w.store)
            .selectFrom('image_reports')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('image_id', '=', imageId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      w = await crawlWorld({}, {}, backend);
      await w.crawl();
      cacheDir = mkdtempSync(join(tmpdir(), 'kiosque-report-img-'));
      app = await server();
      // Every image shown as an article's lead image, with that article's page.
      const rows = await dbOf(w.store)
        .selectFrom('article_images')
        .innerJoin('articles', 'articles.id', 'article_images.article_id')
        .innerJoin('sources', 'sources.id', 'articles.source_id')
        .innerJoin('images', 'images.id', 'article_images.image_id')
        .select([
          'images.id as image_id',
          'images.url',
          'articles.id as article_id',
          'sources.slug',
          'sources.language',
        ])
        .whereRef('images.url', '=', 'articles.lead_image_url')
        .orderBy('articles.id')
        .execute();
      const seen = new Set<number>();
      for (const r of rows) {
        const imageId = Number(r.image_id);
        if (seen.has(imageId)) continue;
        seen.add(imageId);
        pool.push({
          imageId,
          url: r.url,
          articleId: Number(r.article_id),
          path: `/${r.language}/${r.slug}/${r.article_id}`,
          language: r.language,
          sourceSlug: r.slug,
        });
      }
      assert.ok(pool.length >= 20, `enough images crawled (${pool.length})`);
      const page = await app.inject({ method: 'GET', url: pool[0]?.path ?? '/' });
      token = parseHtml(page.body).querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
      assert.match(token, /^[A-Za-z0-9_-]{32}$/);
    });
    after(async () => {
      for (const a of apps) await a.close();
      await w?.close();
      if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
      pool = [];
    });

    test('an article page carries the token, a form per image naming /img/<id>, and the script', async () => {
      const use = takeImage();
      const res = await app.inject({ method: 'GET', url: use.path });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['set-cookie'], undefined, 'no cookie on pages');
      const doc = parseHtml(res.body);
      const forms = [...doc.querySelectorAll('form.report-image')];
      assert.ok(forms.length >= 1);
      for (const form of forms) {
        assert.equal(form.getAttribute('method'), 'post');
        const id = /^\/api\/v1\/images\/(\d+)\/report$/.exec(form.getAttribute('action') ?? '')?.[1];
        assert.ok(id, form.outerHTML);
        assert.ok(doc.querySelector(`img[src^="/img/${id}?w="]`), `the image ${id} is on the page`);
        assert.equal(form.querySelector('input[name="csrf_token"]')?.getAttribute('value'), token);
        assert.equal(form.querySelector('input[name="lang"]')?.getAttribute('value'), 'fr');
      }
      assert.ok(doc.querySelector(`form[action="/api/v1/images/${use.imageId}/report"]`));
      const script = doc.querySelector('script[src^="/static/report."]')?.getAttribute('src') ?? '';
      const js = await app.inject({ method: 'GET', url: script });
      assert.equal(js.statusCode, 200);
      assert.match(String(js.headers['content-type']), /^text\/javascript/);
      assert.match(js.body, /report-image/);
      const live = await app.inject({ method: 'GET', url: '/api/v1/images/report-token' });
      assert.equal(live.json().token, token);
      assert.equal(live.headers['cache-control'], 'no-store');
    });

    test('CSRF: no token, a wrong token, another origin, no origin at all are refused, and nothing counts', async () => {
      const { imageId } = takeImage();
      const cases: Array<[Post, number, string]> = [
        [{ token: null }, 403, 'csrf'],
        [{ token: 'A'.repeat(32) }, 403, 'csrf'],
        [{ token: 'short' }, 403, 'csrf'],
        [{ origin: 'https://evil.example' }, 403, 'cross_origin'],
        [{ origin: 'null' }, 403, 'cross_origin'],
        [{ origin: null }, 403, 'cross_origin'],
        [{ origin: null, referer: 'https://evil.example/page' }, 403, 'cross_origin'],
      ];
      for (const [p, status, error] of cases) {
        const res = await post(app, imageId, p);
        assert.equal(res.statusCode, status, JSON.stringify(p));
        assert.equal(json(res).error, error, JSON.stringify(p));
        assert.ok(String(json(res).message).length > 10);
      }
      assert.equal(await reportCount(imageId), 0);
      // The same-origin Referer stands in for a missing Origin; the header carries the token as well as the field.
      const byReferer = await post(app, imageId, { origin: null, referer: `${BASE}/fr/` });
      assert.equal(byReferer.statusCode, 200);
      const byHeader = await post(app, imageId, { headerToken: true });
      assert.equal(byHeader.statusCode, 200);
      assert.equal(json(byHeader).status, 'reported');
      assert.equal(await reportCount(imageId), 2);
    });

    test('bad ids and bodies are 400, an unknown image 404, an unknown type 415', async () => {
      for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
        const res = await post(app, id);
        assert.equal(res.statusCode, 400, id);
        assert.equal(json(res).error, 'bad_request');
        assert.match(String(json(res).message), /is not an image id/);
      }
      const missing = await post(app, 2_000_000_000);
      assert.equal(missing.statusCode, 404);
      assert.equal(json(missing).error, 'not_found');
      const { imageId } = takeImage();
      const array = await app.inject({
        method: 'POST',
        url: `/api/v1/images/${imageId}/report`,
        headers: { 'content-type': 'application/json', origin: BASE, 'x-csrf-token': token },
        payload: '[1,2]',
      });
      assert.equal(array.statusCode, 400);
      assert.match(array.json().message, /the body must be a form or a JSON object/);
      const text = await app.inject({
        method: 'POST',
        url: `/api/v1/images/${imageId}/report`,
        headers: { 'content-type': 'text/plain', origin: BASE, 'x-csrf-token': token },
        payload: 'hello',
      });
      assert.equal(text.statusCode, 400);
      const badJson = await app.inject({
        method: 'POST',
        url: `/api/v1/images/${imageId}/report`,
        headers: { 'content-type': 'application/json', origin: BASE, 'x-csrf-token': token },
        payload: '{"csrf_token":',
      });
      assert.equal(badJson.statusCode, 400);
      const multipart = await app.inject({
        method: 'POST',
        url: `/api/v1/images/${imageId}/report`,
        headers: { 'content-type': 'application/xml', origin: BASE, 'x-csrf-token': token },
        payload: '<report/>',
      });
      assert.equal(multipart.statusCode, 415);
      assert.match(multipart.json().message, /x-www-form-urlencoded or application\/json/);
      // A script may send JSON.
      const asJson = await app.inject({
        method: 'POST',
        url: `/api/v1/images/${imageId}/report`,
        headers: { 'content-type': 'application/json', origin: BASE },
        payload: JSON.stringify({ csrf_token: token }),
        remoteAddress: freshAddress(),
      });
      assert.equal(asJson.statusCode, 200);
      assert.equal(asJson.json().status, 'reported');
      // No route lets a reader unblock.
      for (const method of ['DELETE', 'PUT', 'PATCH'] as const) {
        const res = await app.inject({
          method,
          url: `/api/v1/images/${imageId}/report`,
          headers: { origin: BASE },
        });
        assert.equal(res.statusCode, 404, method);
      }
    });

    test('one reader counts once: the same cookie from another address, the same address without its cookie, one IPv6 /64', async () => {
      const { imageId } = takeImage();
      const home = freshAddress();
      const first = await post(app, imageId, { address: home });
      assert.equal(first.statusCode, 200);
      assert.equal(json(first).status, 'reported');
      assert.equal(json(first).message, FR_THANKS);
      const cookie = readerCookie(first);
      assert.match(
        String(first.headers['set-cookie']),
        /; Path=\/api\/v1\/images; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
      );

      const moved = await post(app, imageId, { cookie, address: freshAddress() });
      assert.equal(json(moved).status, 'already_reported', 'same cookie, another network');
      assert.equal(moved.headers['set-cookie'], undefined, 'a valid cookie is kept');
      const cleared = await post(app, imageId, { address: home });
      assert.equal(json(cleared).status, 'already_reported', 'same address, cookies cleared');
      assert.equal(json(cleared).message, FR_THANKS);
      assert.equal(await reportCount(imageId), 1);

      const six = takeImage();
      assert.equal(json(await post(app, six.imageId, { address: '2001:db8:5:6::1' })).status, 'reported');
      assert.equal(
        json(await post(app, six.imageId, { address: '2001:db8:5:6:ffff::99' })).status,
        'already_reported',
        'another address of the same /64',
      );
      assert.equal(json(await post(app, six.imageId, { address: '2001:db8:5:7::1' })).status, 'reported');
      // No raw address is stored.
      const stored = await dbOf(w.store).selectFrom('image_reports').selectAll().execute();
      for (const r of stored) assert.match(r.address_hash, /^[0-9a-f]{32}$/);
      assert.ok(!JSON.stringify(stored).includes('2001:db8'));
      assert.ok(!JSON.stringify(stored).includes(home));
    });

    test('a made-up X-Forwarded-For without a trusted proxy is one reader', async () => {
      const { imageId } = takeImage();
      const peer = freshAddress();
      for (const spoofed of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) {
        const res = await post(app, imageId, { address: peer, forwardedFor: spoofed });
        assert.equal(res.statusCode, 200);
      }
      assert.equal(await reportCount(imageId), 1);
      assert.equal(await isImageBlocked(w.store, imageId), false);
    });

    test('behind a trusted proxy three forwarded readers block the image on every page that shows it, in every process', async () => {
      const proxied = await server({ trustProxy: TrustedProxies.parse('127.0.0.1') });
      const other = await server(); // another process on the same database
      const use = takeImage();
      const second = takeImage(); // a second article shows the same image
      const third = takeImage(); // a third shows the same bytes under another URL
      const copyUrl = `${use.url}${use.url.includes('?') ? '&' : '?'}copy=2`;
      await dbOf(w.store)
        .insertInto('images')
        .values({ url: copyUrl, first_seen_at: new Date().toISOString() })
        .execute();
      const copy = Number(
        (
          await dbOf(w.store)
            .selectFrom('images')
            .select('id')
            .where('url', '=', copyUrl)
            .executeTakeFirstOrThrow()
        ).id,
      );
      await dbOf(w.store)
        .insertInto('article_images')
        .values([
          {
            article_id: second.articleId,
            image_id: use.imageId,
            position: 90,
            found_in: 'test',
            caption: null,
          },
          { article_id: third.articleId, image_id: copy, position: 90, found_in: 'test', caption: null },
        ])
        .execute();
      await dbOf(w.store)
        .updateTable('articles')
        .set({ lead_image_url: use.url })
        .where('id', '=', second.articleId)
        .execute();
      await dbOf(w.store)
        .updateTable('articles')
        .set({ lead_image_url: copyUrl })
        .where('id', '=', third.articleId)
        .execute();
      // Both seen once by readers (the proxy learns their bytes' hash), and the pages cached.
      for (const id of [use.imageId, copy])
        assert.equal((await other.inject({ method: 'GET', url: `/img/${id}` })).statusCode, 200);
      assert.equal(
        (await getImage(w.store, copy))?.contentHash,
        (await getImage(w.store, use.imageId))?.contentHash,
      );
      const pages: Array<[string, number]> = [
        [use.path, use.imageId],
        [second.path, use.imageId],
        [third.path, copy],
      ];
      for (const [path, id] of pages) {
        const doc = parseHtml((await other.inject({ method: 'GET', url: path })).body);
        assert.ok(doc.querySelector(`img[src^="/img/${id}?w="]`), `${path} shows /img/${id}`);
        assert.equal((await other.inject({ method: 'GET', url: path })).headers['x-kiosque-cache'], 'hit');
      }

      for (const [i, client] of ['203.0.113.21', '203.0.113.22', '203.0.113.23'].entries()) {
        const res = await post(proxied, use.imageId, {
          address: '127.0.0.1',
          forwardedFor: `10.9.9.9, ${client}`,
        });
        assert.equal(res.statusCode, 200);
        assert.equal(json(res).status, 'reported');
        assert.equal(json(res).blocked, i === 2, `blocked after the third reader, not before (${i + 1})`);
      }
      assert.equal(await reportCount(use.imageId), 3);
      assert.ok(await isImageBlocked(w.store, use.imageId));
      assert.ok(await isImageBlocked(w.store, copy), 'the same bytes elsewhere');

      for (const target of [other, proxied]) {
        for (const [path, id] of pages) {
          const res = await target.inject({ method: 'GET', url: path });
          assert.notEqual(res.headers['x-kiosque-cache'], 'hit', `${path}: the cached page is dropped`);
          const doc = parseHtml(res.body);
          assert.equal(
            doc.querySelector(`img[src^="/img/${id}?w="], img[srcset*="/img/${id}?"]`),
            null,
            `${path} no longer shows the picture`,
          );
          assert.ok(doc.querySelector(`img[src="/img/${id}?blocked"]`), `${path} shows the placeholder`);
          assert.equal(
            doc.querySelector(`form[action="/api/v1/images/${id}/report"]`),
            null,
            'nothing left to report',
          );
        }
        for (const id of [use.imageId, copy]) {
          for (const url of [`/img/${id}`, `/img/${id}?blocked`]) {
            const img = await target.inject({ method: 'GET', url });
            assert.equal(img.headers['x-kiosque-image'], 'blocked', url);
            assert.equal(img.headers['content-type'], 'image/png');
          }
        }
      }

      // The operator sees it, with its articles; unblocking brings it back and the old reports stop counting.
      const blocked = (await listBlockedImages(w.store)).find((b) => b.id === use.imageId);
      assert.ok(blocked);
      assert.equal(blocked.reports, 3);
      assert.equal(blocked.thumbnail, `/img/${use.imageId}`);
      assert.equal(blocked.decision?.by, 'reports');
      assert.deepEqual(
        blocked.articles.map((a) => a.id).sort((a, b) => a - b),
        [use.articleId, second.articleId].sort((a, b) => a - b),
      );
      assert.ok(await unblockImageByOperator(w.store, use.imageId, 'ops'));
      assert.equal(await isImageBlocked(w.store, use.imageId), false);
      assert.equal(await isImageBlocked(w.store, copy), false);
      const back = parseHtml((await other.inject({ method: 'GET', url: second.path })).body);
      assert.ok(back.querySelector(`img[src^="/img/${use.imageId}?w="]`));
      const again = await post(proxied, use.imageId, { address: '127.0.0.1', forwardedFor: '203.0.113.24' });
      assert.equal(json(again).blocked, false, 'one new report after an unblock blocks nothing');
      assert.equal(
        json(await post(proxied, use.imageId, { address: '127.0.0.1', forwardedFor: '203.0.113.21' })).status,
        'already_reported',
        'a reader whose report was dismissed cannot report it again',
      );
    });

    test('over TLS at a trusted proxy the cookie is Secure', async () => {
      const proxied = await server({ trustProxy: TrustedProxies.parse('127.0.0.0/8') });
      const { imageId } = takeImage();
      const res = await post(proxied, imageId, {
        address: '127.0.0.1',
        forwardedFor: '203.0.113.40',
        forwardedProto: 'https',
      });
      assert.match(String(res.headers['set-cookie']), /; Secure$/);
      const plain = await post(proxied, imageId, { address: '127.0.0.1', forwardedFor: '203.0.113.41' });
      assert.doesNotMatch(String(plain.headers['set-cookie']), /Secure/);
    });

    test('rate limits trip with 429 and Retry-After, per reader and per address', async () => {
      const limited = await server({ limits: { perReader: 3, perAddress: 5, windowS: 600 } });
      const images = [takeImage(), takeImage(), takeImage(), takeImage(), takeImage(), takeImage()];
      // One reader (cookie) on changing networks.
      const first = await post(limited, images[0]!.imageId);
      const cookie = readerCookie(first);
      for (const use of images.slice(1, 3))
        assert.equal((await post(limited, use.imageId, { cookie })).statusCode, 200);
      const over = await post(limited, images[3]!.imageId, { cookie });
      assert.equal(over.statusCode, 429);
      assert.equal(json(over).error, 'rate_limited');
      assert.match(String(json(over).message), /too many reports from this reader/);
      const retry = Number(over.headers['retry-after']);
      assert.ok(retry >= 1 && retry <= 600, `Retry-After ${over.headers['retry-after']}`);
      assert.equal(await reportCount(images[3]!.imageId), 0);

      // One address whose readers clear their cookies.
      const address = freshAddress();
      const statuses: number[] = [];
      for (const use of images) statuses.push((await post(limited, use.imageId, { address })).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    });

    test('the threshold is configurable, and an operator raises it for a trusted source', async () => {
      const two = await server({ threshold: 2 });
      const a = takeImage();
      assert.equal(json(await post(two, a.imageId)).blocked, false);
      assert.equal(json(await post(two, a.imageId)).blocked, true, 'blocked by the second reader');

      const b = takeImage();
      assert.ok(await setSourceThreshold(w.store, b.sourceSlug, 4));
      try {
        const blockedAfter: boolean[] = [];
        for (let i = 0; i < 4; i++) blockedAfter.push(json(await post(two, b.imageId)).blocked as boolean);
        assert.deepEqual(blockedAfter, [false, false, false, true]);
        const pending = takeImage();
        await post(two, pending.imageId);
        const reported = await listReportedImages(w.store, { defaultThreshold: 2 });
        const row = reported.find((r) => r.id === pending.imageId);
        assert.equal(row?.reports, 1);
        assert.equal(row?.threshold, pending.sourceSlug === b.sourceSlug ? 4 : 2);
        assert.equal(row?.articles[0]?.id, pending.articleId);
        assert.ok(!reported.some((r) => r.id === b.imageId), 'a blocked image is not in the reported queue');
      } finally {
        await setSourceThreshold(w.store, b.sourceSlug, null);
      }
      await assert.rejects(() => setSourceThreshold(w.store, b.sourceSlug, 0), /whole number from 1/);
      assert.equal(await setSourceThreshold(w.store, 'no-such-source', 5), false);
    });

    test('without JavaScript: a page in the edition’s language with the message and a link back', async () => {
      const fr = takeImage('fr');
      const res = await post(app, fr.imageId, {
        accept: 'text/html,application/xhtml+xml',
        referer: `${BASE}${fr.path}`,
        lang: 'fr',
      });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-store');
      const doc = parseHtml(res.body);
      assert.equal(doc.documentElement.getAttribute('lang'), 'fr');
      assert.equal(doc.querySelector('.report-answer')?.textContent, FR_THANKS);
      assert.equal(doc.querySelector('main a[href]:last-of-type')?.getAttribute('href'), fr.path);

      const ar = takeImage('ar');
      // The edition from the Referer's path when the form names none; no Referer link from elsewhere.
      const arRes = await post(app, ar.imageId, { accept: 'text/html', referer: `${BASE}${ar.path}` });
      const arDoc = parseHtml(arRes.body);
      assert.equal(arDoc.documentElement.getAttribute('dir'), 'rtl');
      assert.equal(arDoc.querySelector('.report-answer')?.textContent, AR_THANKS);
      const refused = await post(app, ar.imageId, { accept: 'text/html', token: null, lang: 'ar' });
      assert.equal(refused.statusCode, 403);
      assert.equal(
        parseHtml(refused.body).querySelector('.report-answer')?.textContent,
        'هذه الصفحة قديمة: أعد تحميلها ثم أبلغ عن الصورة من جديد.',
      );
      assert.equal(parseHtml(refused.body).querySelector('main a')?.getAttribute('href'), '/ar/');
      // JSON in Arabic too.
      const arJson = await post(app, ar.imageId, { lang: 'ar' });
      assert.equal(json(arJson).message, AR_THANKS);
    });
  });
}
