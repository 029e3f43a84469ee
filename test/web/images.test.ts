// The image proxy, /img/<id>, against the fixture press server (and, for
// what the press server does not play — SVG, validators — a small loopback
// server of our own), on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  createHttpClient,
  DEFAULT_MAX_BYTES,
  defaultHttpClientOptions,
  type HttpClient,
} from '../../src/fetch/index.ts';
import { blockImage, getImage, openDatabase, Store, unblockImage } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { PLACEHOLDER_PNG, sniffImage } from '../../src/web/images/index.ts';
import { buildServer } from '../../src/web/index.ts';
import { png, solidJpeg } from '../fixtures/press-server/images.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { BACKENDS } from '../store/backends.ts';
import { addImage as addRow } from './image-rows.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STATUS_TTL_MS = 150;
const IMAGE_LIMIT = 256 * 1024;

/** A publisher the press server cannot play: SVG, and images with validators. */
async function startOwnPublisher() {
  const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const photo = png(40, 30, (x, y) => [x * 5, y * 7, 100, 255]);
  let failing = false;
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '/', headers: req.headers });
    if (req.url === '/logo.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      res.end('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>');
      return;
    }
    if (req.url === '/photo.png') {
      if (failing) {
        res.writeHead(500).end('down');
        return;
      }
      const validators = { etag: '"photo-v1"', 'last-modified': 'Tue, 25 Nov 2025 13:00:00 GMT' };
      if (req.headers['if-none-match'] === '"photo-v1"') {
        res.writeHead(304, validators).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png', ...validators });
      res.end(photo);
      return;
    }
    if (req.url === '/lying.jpg') {
      // Says JPEG, is PNG: the bytes decide.
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(photo);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    photo,
    setFailing: (v: boolean) => {
      failing = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('sniffImage', () => {
  test('knows the raster types by their bytes, with sizes where cheap', () => {
    assert.deepEqual(sniffImage(solidJpeg(64, 48, [10, 20, 30])), {
      type: 'image/jpeg',
      width: 64,
      height: 48,
    });
    assert.deepEqual(sniffImage(png(7, 5, () => [0, 0, 0, 255])), { type: 'image/png', width: 7, height: 5 });
    const gif = Buffer.from('GIF89a\x0a\x00\x14\x00\x00\x00\x00', 'latin1');
    assert.deepEqual(sniffImage(gif), { type: 'image/gif', width: 10, height: 20 });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'latin1');
    webp.write('WEBPVP8X', 8, 'latin1');
    webp.writeUIntLE(299, 24, 3);
    webp.writeUIntLE(149, 27, 3);
    assert.deepEqual(sniffImage(webp), { type: 'image/webp', width: 300, height: 150 });
    const avif = Buffer.alloc(32);
    avif.writeUInt32BE(28, 0);
    avif.write('ftypmif1', 4, 'latin1');
    avif.write('mif1avifmiaf', 16, 'latin1');
    assert.equal(sniffImage(avif)?.type, 'image/avif');
    assert.deepEqual(sniffImage(PLACEHOLDER_PNG), { type: 'image/png', width: 160, height: 90 });
  });

  test('refuses SVG, HTML, text and empty bodies', () => {
    for (const body of [
      '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      '<?xml version="1.0"?><svg/>',
      '<!DOCTYPE html><html></html>',
      'GIF8',
      '',
    ]) {
      assert.equal(sniffImage(Buffer.from(body)), null, body);
    }
  });
});

for (const backend of BACKENDS) {
  describe(`image proxy on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    let app: FastifyInstance;
    let client: HttpClient;
    let own: Awaited<ReturnType<typeof startOwnPublisher>>;
    let cacheDir: string;
    let origin: string;
    const added = new Map<string, number>();

    const addImage = async (url: string): Promise<number> => {
      const id = added.get(url) ?? (await addRow(w.store, url));
      added.set(url, id);
      return id;
    };
    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers });
    const pressHits = (path: string) => w.server.requests.filter((r) => r.path === path).length;
    const assertPlaceholder = (res: Awaited<ReturnType<typeof get>>, why: string, status = 200) => {
      assert.equal(res.statusCode, status);
      assert.equal(res.headers['content-type'], 'image/png');
      assert.equal(res.headers['x-kiosque-image'], why);
      assert.match(String(res.headers['cache-control']), /^public, max-age=\d{1,3}$/);
      assert.deepEqual(res.rawPayload, PLACEHOLDER_PNG);
    };

    before(async () => {
      w = await crawlWorld({}, {}, backend);
      own = await startOwnPublisher();
      origin = w.server.publications[0]!.origin;
      cacheDir = mkdtempSync(join(tmpdir(), 'kiosque-img-'));
      client = createHttpClient({
        ...defaultHttpClientOptions({}),
        allowHosts: w.server.allowHosts,
        hostDelayMs: 0,
        totalTimeoutMs: 3000,
        headersTimeoutMs: 1500,
        maxBytes: { ...DEFAULT_MAX_BYTES, image: IMAGE_LIMIT },
      });
      app = await buildServer({
        store: w.store,
        log: silentLogger,
        images: { client, cacheDir, statusTtlMs: STATUS_TTL_MS, failureTtlMs: 0, hostDelayMs: 0 },
      });
    });
    after(async () => {
      await app.close();
      await client.close();
      await own.close();
      await w.close();
      rmSync(cacheDir, { recursive: true, force: true });
    });

    test('the first request fetches, the next ones come from the cache with our validators', async () => {
      const id = await addImage(`${origin}/images/first.jpg`);
      const direct = Buffer.from(await (await fetch(`${origin}/images/first.jpg`)).arrayBuffer());
      const before = pressHits('/images/first.jpg');

      const first = await get(`/img/${id}`);
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['content-type'], 'image/jpeg');
      assert.equal(first.headers['x-kiosque-cache'], 'miss');
      assert.match(String(first.headers.etag), /^"[0-9a-f]{32}"$/);
      assert.match(String(first.headers['cache-control']), /^public, max-age=\d+$/);
      assert.deepEqual(first.rawPayload, direct);
      assert.equal(pressHits('/images/first.jpg'), before + 1);

      const second = await get(`/img/${id}`);
      assert.equal(second.statusCode, 200);
      assert.equal(second.headers['x-kiosque-cache'], 'hit');
      assert.deepEqual(second.rawPayload, direct);
      assert.equal(second.headers.etag, first.headers.etag);
      assert.equal(pressHits('/images/first.jpg'), before + 1, 'no second request to the publisher');

      const row = await getImage(w.store, id);
      assert.equal(row?.contentType, 'image/jpeg');
      assert.match(row?.contentHash ?? '', /^[0-9a-f]{64}$/);
      assert.ok(row?.width && row.height, 'JPEG size read from its frame header');
      assert.ok(row?.fetchedAt);

      const notModified = await get(`/img/${id}`, { 'if-none-match': String(first.headers.etag) });
      assert.equal(notModified.statusCode, 304);
      assert.equal(notModified.rawPayload.length, 0);
    });

    test('the bytes are on disk: a new process serves them without asking the publisher', async () => {
      const id = await addImage(`${origin}/images/kept.jpg`);
      await get(`/img/${id}`);
      const before = pressHits('/images/kept.jpg');
      const other = await buildServer({
        store: w.store,
        log: silentLogger,
        images: { client, cacheDir, hostDelayMs: 0 },
      });
      try {
        const res = await other.inject({ method: 'GET', url: `/img/${id}` });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-kiosque-cache'], 'hit');
        assert.equal(pressHits('/images/kept.jpg'), before);
      } finally {
        await other.close();
      }
    });

    test('an unknown or malformed id is a 404 with the placeholder', async () => {
      assertPlaceholder(await get('/img/999999'), 'unknown', 404);
      assertPlaceholder(await get('/img/abc'), 'unknown', 404);
      assertPlaceholder(await get('/img/0'), 'unknown', 404);
      assertPlaceholder(await get('/img/99999999999999'), 'unknown', 404);
    });

    test('a blocked image is the placeholder, within the status TTL, in every process', async () => {
      const id = await addImage(`${origin}/images/to-block.jpg`);
      assert.equal((await get(`/img/${id}`)).headers['content-type'], 'image/jpeg');
      // Another process blocks it, through its own connection.
      const moderator = new Store(await openDatabase(w.dbUrl));
      try {
        assert.equal(await blockImage(moderator, id), true);
        await sleep(STATUS_TTL_MS + 50);
        assertPlaceholder(await get(`/img/${id}`), 'blocked');
        await unblockImage(moderator, id);
        await sleep(STATUS_TTL_MS + 50);
        const back = await get(`/img/${id}`);
        assert.equal(back.headers['content-type'], 'image/jpeg');
        assert.equal(back.headers['x-kiosque-cache'], 'hit');
      } finally {
        await moderator.close();
      }
    });

    test('the same bytes under another id are blocked too (by content hash)', async () => {
      // The press server makes an image from its name: the query string changes the URL, not the bytes.
      const blocked = await addImage(`${origin}/images/same.jpg?copy=1`);
      const copy = await addImage(`${origin}/images/same.jpg?copy=2`);
      const later = await addImage(`${origin}/images/same.jpg?copy=3`);
      assert.equal((await get(`/img/${blocked}`)).statusCode, 200);
      assert.equal((await get(`/img/${copy}`)).headers['content-type'], 'image/jpeg');
      await blockImage(w.store, blocked);
      await sleep(STATUS_TTL_MS + 50);
      assertPlaceholder(await get(`/img/${blocked}`), 'blocked');
      assertPlaceholder(await get(`/img/${copy}`), 'blocked');
      // Never fetched before: its hash is learnt on the first fetch, and it is blocked at once.
      assertPlaceholder(await get(`/img/${later}`), 'blocked');
      assert.equal(
        (await getImage(w.store, later))?.contentHash,
        (await getImage(w.store, blocked))?.contentHash,
      );
    });

    test('a failing fetch is the placeholder: 404, reset, too large, HTML, SVG', async () => {
      const pub = w.server.publications[0]!.slug;
      const cases: Array<[string, () => void]> = [
        ['/images/missing.gif', () => {}],
        ['/images/reset.jpg', () => w.server.setFault(pub, { kind: 'reset', path: '/images/reset.jpg' })],
        [
          '/images/huge.jpg',
          () => w.server.setFault(pub, { kind: 'huge', bytes: IMAGE_LIMIT * 4, path: '/images/huge.jpg' }),
        ],
        ['/images/page.jpg', () => w.server.setFault(pub, { kind: 'html', path: '/images/page.jpg' })],
      ];
      for (const [path, arrange] of cases) {
        arrange();
        const id = await addImage(`${origin}${path}`);
        assertPlaceholder(await get(`/img/${id}`), 'failed');
        assert.ok(pressHits(path) >= 1, `${path} was asked`);
      }
      w.server.setFault(pub, null);
      const svg = await addImage(`${own.origin}/logo.svg`);
      assertPlaceholder(await get(`/img/${svg}`), 'failed');
      // A wrong Content-Type does not matter; the bytes decide.
      const lying = await addImage(`${own.origin}/lying.jpg`);
      const res = await get(`/img/${lying}`);
      assert.equal(res.headers['content-type'], 'image/png');
    });

    test('a redirect to a refused address is the placeholder, and nothing reaches it', async () => {
      const pub = w.server.publications[0]!.slug;
      w.server.setFault(pub, {
        kind: 'redirect-to',
        location: `${w.server.forbiddenOrigin}/images/evil.png`,
        path: '/images/moved.jpg',
      });
      try {
        const id = await addImage(`${origin}/images/moved.jpg`);
        assertPlaceholder(await get(`/img/${id}`), 'failed');
        assert.equal(pressHits('/images/moved.jpg'), 1);
        assert.deepEqual(w.server.forbiddenRequests, []);
      } finally {
        w.server.setFault(pub, null);
      }
    });

    test("the reader's headers never reach the publisher", async () => {
      const id = await addImage(`${origin}/images/private.jpg`);
      await get(`/img/${id}`, {
        cookie: 'session=reader-secret',
        referer: 'https://kiosque.example/fr/le-quotidien/1',
        'x-forwarded-for': '203.0.113.7',
        'x-real-ip': '203.0.113.7',
        'user-agent': 'ReaderBrowser/1.0',
        authorization: 'Bearer reader',
        'accept-language': 'fr-MA',
      });
      const asked = w.server.requests.filter((r) => r.path === '/images/private.jpg');
      assert.equal(asked.length, 1);
      const headers = asked[0]!.headers;
      for (const name of [
        'cookie',
        'referer',
        'x-forwarded-for',
        'x-real-ip',
        'authorization',
        'accept-language',
      ]) {
        assert.equal(headers[name], undefined, name);
      }
      assert.match(headers['user-agent'] ?? '', /^Kiosque\//);
      assert.doesNotMatch(JSON.stringify(headers), /203\.0\.113\.7|reader-secret|ReaderBrowser/);
    });

    test('concurrent requests for an uncached image share one fetch', async () => {
      const pub = w.server.publications[0]!.slug;
      w.server.setFault(pub, { kind: 'slow', ms: 300, path: '/images/popular.jpg' });
      try {
        const id = await addImage(`${origin}/images/popular.jpg`);
        const answers = await Promise.all(Array.from({ length: 12 }, () => get(`/img/${id}`)));
        for (const res of answers) {
          assert.equal(res.statusCode, 200);
          assert.equal(res.headers['content-type'], 'image/jpeg');
        }
        assert.equal(pressHits('/images/popular.jpg'), 1);
      } finally {
        w.server.setFault(pub, null);
      }
    });

    test('images are never compressed', async () => {
      const id = await addImage(`${origin}/images/banner.png`);
      for (const encoding of ['br', 'gzip', 'gzip, deflate, br']) {
        const res = await get(`/img/${id}`, { 'accept-encoding': encoding });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'image/png');
        assert.equal(res.headers['content-encoding'], undefined);
      }
      const placeholder = await get('/img/999999', { 'accept-encoding': 'br' });
      assert.equal(placeholder.headers['content-encoding'], undefined);
    });

    test("after the max age the publisher's validators are sent back; a failure serves the old bytes", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kiosque-img-'));
      const ownClient = createHttpClient({
        ...defaultHttpClientOptions({}),
        allowHosts: ['127.0.0.1'],
        hostDelayMs: 0,
        respectRobots: false,
        totalTimeoutMs: 3000,
      });
      const fresh = await buildServer({
        store: w.store,
        log: silentLogger,
        images: { client: ownClient, cacheDir: dir, revalidateAfterMs: 0, failureTtlMs: 0, hostDelayMs: 0 },
      });
      try {
        const id = await addImage(`${own.origin}/photo.png`);
        const inject = () => fresh.inject({ method: 'GET', url: `/img/${id}` });
        const first = await inject();
        assert.equal(first.headers['x-kiosque-cache'], 'miss');
        assert.deepEqual(first.rawPayload, own.photo);
        const second = await inject();
        assert.equal(second.headers['x-kiosque-cache'], 'revalidated');
        assert.deepEqual(second.rawPayload, own.photo);
        const asked = own.seen.filter((r) => r.path === '/photo.png');
        assert.equal(asked.length, 2);
        assert.equal(asked[0]!.headers['if-none-match'], undefined);
        assert.equal(asked[1]!.headers['if-none-match'], '"photo-v1"');
        assert.equal(asked[1]!.headers['if-modified-since'], 'Tue, 25 Nov 2025 13:00:00 GMT');

        own.setFailing(true);
        const third = await inject();
        assert.equal(third.statusCode, 200);
        assert.equal(third.headers['x-kiosque-cache'], 'stale');
        assert.deepEqual(third.rawPayload, own.photo);
      } finally {
        own.setFailing(false);
        await fresh.close();
        await ownClient.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('the disk cache stays within its bound, least recently used out first', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kiosque-img-'));
      // Each press JPEG is a few KB: room for about two.
      const one = (await get(`/img/${await addImage(`${origin}/images/first.jpg`)}`)).rawPayload.length;
      const small = await buildServer({
        store: w.store,
        log: silentLogger,
        images: {
          client,
          cacheDir: dir,
          maxCacheBytes: 2 * (one + 512) + 100,
          memoryBytes: 0,
          hostDelayMs: 0,
        },
      });
      const files = () =>
        readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && e.name.endsWith('.img'))
          .map((e) => e.name);
      try {
        const ids = [];
        for (const name of ['lru-a', 'lru-b', 'lru-c'])
          ids.push(await addImage(`${origin}/images/${name}.jpg`));
        const [a, b, c] = ids as [number, number, number];
        await small.inject({ method: 'GET', url: `/img/${a}` });
        await small.inject({ method: 'GET', url: `/img/${b}` });
        await small.inject({ method: 'GET', url: `/img/${a}` }); // a is now more recent than b
        await small.inject({ method: 'GET', url: `/img/${c}` });
        await sleep(50); // unlink runs in the background
        assert.equal(files().length, 2);
        const before = pressHits('/images/lru-a.jpg');
        const again = await small.inject({ method: 'GET', url: `/img/${a}` });
        assert.equal(again.headers['x-kiosque-cache'], 'hit');
        assert.equal(pressHits('/images/lru-a.jpg'), before);
        const evicted = await small.inject({ method: 'GET', url: `/img/${b}` });
        assert.equal(evicted.headers['x-kiosque-cache'], 'miss');
      } finally {
        await small.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    // Issue 19: a cache that cannot be written (a full disk; here a folder
    // that cannot exist, under a file: root writes anywhere else) costs the
    // cache, not the reader's image.
    test('an image cache that cannot be written still serves every image', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kiosque-img-nowrite-'));
      writeFileSync(join(dir, 'a-file'), '');
      const blocked = await buildServer({
        store: w.store,
        log: silentLogger,
        images: { client, cacheDir: join(dir, 'a-file', 'cache'), failureTtlMs: 0, hostDelayMs: 0 },
      });
      try {
        const id = await addImage(`${origin}/images/nowrite.jpg`);
        const direct = Buffer.from(await (await fetch(`${origin}/images/nowrite.jpg`)).arrayBuffer());
        for (let i = 0; i < 2; i++) {
          const res = await blocked.inject({ method: 'GET', url: `/img/${id}` });
          assert.equal(res.statusCode, 200);
          assert.equal(res.headers['content-type'], 'image/jpeg');
          assert.deepEqual(res.rawPayload, direct);
        }
      } finally {
        await blocked.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
