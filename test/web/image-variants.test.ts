// The image proxy's resized copies, /img/<id>?w=<width> (issue 17): the
// fixture press's 960 × 540 JPEGs resized and re-encoded by what the
// browser's Accept names, kept on disk, and pictures too large to decode
// refused before any decoder sees them. What comes out is read back with
// libvips (sharp), not with our own header parser.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { createHttpClient, defaultHttpClientOptions, type HttpClient } from '../../src/fetch/index.ts';
import { blockImage, getImage } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { PLACEHOLDER_PNG } from '../../src/web/images/index.ts';
import { variantType } from '../../src/web/images/variants.ts';
import { buildServer } from '../../src/web/index.ts';
import { png } from '../fixtures/press-server/images.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import { addImage as addRow } from './image-rows.ts';

const CHROME_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
const SAFARI_15_ACCEPT = 'image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5';
const OLD_ACCEPT = 'image/png,image/*;q=0.8,*/*;q=0.5';

/** A PNG whose header says `width` × `height` and whose data is a few bytes: a decoder would allocate the whole. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    return out; // the CRC is left zero: nothing may get as far as checking it
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(64 * 1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function startPublisher() {
  // A camera's portrait photo: stored 800 × 600 with EXIF orientation 6 (turn it a quarter), shown 600 × 800.
  const sideways = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#4a7' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const files: Record<string, [string, Buffer]> = {
    '/sideways.jpg': ['image/jpeg', sideways],
    '/bomb.png': ['image/png', bombPng(30_000, 30_000)],
    '/strip.png': ['image/png', png(20_000, 2, () => [10, 20, 30, 255])],
    '/small.png': ['image/png', png(200, 100, (x, y) => [x, y, 90, 255])],
    '/anim.gif': ['image/gif', Buffer.from('GIF89a\x0a\x00\x14\x00\x00\x00\x00;', 'latin1')],
    // No size anywhere in its header.
    '/sizeless.jpg': [
      'image/jpeg',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 0]),
    ],
    // A frame header (64 × 48) and no picture data: the header says a size, libvips cannot decode it.
    '/hollow.jpg': [
      'image/jpeg',
      Buffer.from([
        0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x30, 0x00, 0x40, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11,
        0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
      ]),
    ],
  };
  const server: Server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('variantType: the format a browser gets', () => {
  test('AVIF, then WebP, when named; else the original family; GIF kept', () => {
    assert.equal(variantType(CHROME_ACCEPT, 'image/jpeg'), 'image/avif');
    assert.equal(variantType(SAFARI_15_ACCEPT, 'image/jpeg'), 'image/webp');
    assert.equal(variantType(OLD_ACCEPT, 'image/jpeg'), 'image/jpeg');
    assert.equal(variantType(OLD_ACCEPT, 'image/png'), 'image/png');
    assert.equal(variantType(undefined, 'image/webp'), 'image/jpeg');
    assert.equal(variantType('image/avif;q=0, image/webp', 'image/png'), 'image/webp');
    assert.equal(variantType(CHROME_ACCEPT, 'image/gif'), null);
  });
});

describe('image proxy: resized copies', () => {
  let w: CrawlWorld;
  let app: FastifyInstance;
  let client: HttpClient;
  let own: Awaited<ReturnType<typeof startPublisher>>;
  let cacheDir: string;
  let origin: string;

  const addImage = (url: string) => addRow(w.store, url);
  const get = (url: string, accept?: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...(accept ? { accept } : {}), ...headers } });
  const cachedFiles = () =>
    readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.img')).length;
  const pressHits = (path: string) => w.server.requests.filter((r) => r.path === path).length;

  before(async () => {
    w = await crawlWorld();
    own = await startPublisher();
    origin = w.server.publications[0]!.origin;
    cacheDir = mkdtempSync(join(tmpdir(), 'kiosque-variants-'));
    client = createHttpClient({
      ...defaultHttpClientOptions({}),
      allowHosts: w.server.allowHosts,
      hostDelayMs: 0,
      respectRobots: false,
      totalTimeoutMs: 5000,
    });
    app = await buildServer({
      store: w.store,
      log: silentLogger,
      images: { client, cacheDir, failureTtlMs: 0, hostDelayMs: 0 },
    });
  });
  after(async () => {
    await app.close();
    await client.close();
    await own.close();
    await w.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  test('a width and the Accept header give a smaller picture in AVIF, WebP or JPEG, made once and kept on disk', async () => {
    const id = await addImage(`${origin}/images/variant.jpg`);
    const original = await get(`/img/${id}`, CHROME_ACCEPT);
    assert.equal(original.headers['content-type'], 'image/jpeg');
    const originalSize = await sharp(original.rawPayload).metadata();
    assert.deepEqual([originalSize.width, originalSize.height], [960, 540]);
    const filesBefore = cachedFiles();

    for (const [accept, type, format] of [
      [CHROME_ACCEPT, 'image/avif', 'heif'],
      [SAFARI_15_ACCEPT, 'image/webp', 'webp'],
      [OLD_ACCEPT, 'image/jpeg', 'jpeg'],
    ] as const) {
      const res = await get(`/img/${id}?w=320`, accept);
      assert.equal(res.statusCode, 200, accept);
      assert.equal(res.headers['content-type'], type);
      assert.equal(res.headers.vary, 'Accept');
      assert.match(
        String(res.headers.etag),
        new RegExp(`^"[0-9a-f]{32}-320-${type === 'image/jpeg' ? 'jpg' : type.slice(6)}"$`),
      );
      const meta = await sharp(res.rawPayload).metadata();
      assert.equal(meta.format, format);
      assert.deepEqual([meta.width, meta.height], [320, 180], 'scaled, aspect kept');
      assert.ok(res.rawPayload.length < original.rawPayload.length);
      assert.equal(meta.exif, undefined, 'no metadata carried over');
    }
    assert.equal(cachedFiles(), filesBefore + 3, 'each copy on disk beside the original');
    assert.equal(pressHits('/images/variant.jpg'), 1, 'the publisher is asked once');

    // Kept: a new process serves the copy from disk without making it again.
    const other = await buildServer({
      store: w.store,
      log: silentLogger,
      images: { client, cacheDir, hostDelayMs: 0 },
    });
    try {
      const again = await other.inject({
        method: 'GET',
        url: `/img/${id}?w=320`,
        headers: { accept: CHROME_ACCEPT },
      });
      assert.equal(again.headers['content-type'], 'image/avif');
      assert.equal(cachedFiles(), filesBefore + 3);
    } finally {
      await other.close();
    }

    const etag = String((await get(`/img/${id}?w=320`, CHROME_ACCEPT)).headers.etag);
    const notModified = await get(`/img/${id}?w=320`, CHROME_ACCEPT, { 'if-none-match': etag });
    assert.equal(notModified.statusCode, 304);
  });

  test('never scaled up: a width beyond the picture gives its own size, made once for every such width', async () => {
    const id = await addImage(`${origin}/images/wide.jpg`);
    const at640 = await get(`/img/${id}?w=640`, CHROME_ACCEPT);
    assert.deepEqual((await sharp(at640.rawPayload).metadata()).width, 640);
    const at960 = await get(`/img/${id}?w=960`, CHROME_ACCEPT);
    const at1280 = await get(`/img/${id}?w=1280`, CHROME_ACCEPT);
    const meta = await sharp(at1280.rawPayload).metadata();
    assert.deepEqual([meta.width, meta.height], [960, 540]);
    assert.equal(at1280.headers.etag, at960.headers.etag, 'the 960 copy');

    const small = await addImage(`${own.origin}/small.png`);
    const files = cachedFiles();
    const a = await get(`/img/${small}?w=960`, CHROME_ACCEPT);
    const b = await get(`/img/${small}?w=1280`, CHROME_ACCEPT);
    assert.equal(a.headers.etag, b.headers.etag, 'the same copy');
    assert.deepEqual((await sharp(b.rawPayload).metadata()).width, 200);
    assert.equal(cachedFiles(), files + 2, 'the original and one copy');
    // A browser that takes PNG only gets the 200-pixel original as it is.
    const plain = await get(`/img/${small}?w=640`, OLD_ACCEPT);
    assert.equal(plain.headers['content-type'], 'image/png');
    assert.equal(plain.headers.vary, undefined);
  });

  test('a photo stored sideways is measured and resized as it is shown', async () => {
    const id = await addImage(`${own.origin}/sideways.jpg`);
    const res = await get(`/img/${id}?w=320`, CHROME_ACCEPT);
    const meta = await sharp(res.rawPayload).metadata();
    assert.deepEqual([meta.width, meta.height], [320, 427], 'upright');
    assert.equal(meta.orientation, undefined);
    const row = await getImage(w.store, id);
    assert.deepEqual([row?.width, row?.height], [600, 800], 'the size pages give it');
  });

  test('a width not in the list is a 400 that says which are', async () => {
    const id = await addImage(`${origin}/images/odd.jpg`);
    for (const bad of ['321', 'abc', '-640', '', '1e3']) {
      const res = await get(`/img/${id}?w=${bad}`, CHROME_ACCEPT);
      assert.equal(res.statusCode, 400, bad);
      assert.match(res.body, /w must be one of 320, 640, 960, 1280/);
    }
  });

  test('pictures too large to decode are the placeholder, before any decoder sees them', async () => {
    for (const path of ['/bomb.png', '/strip.png']) {
      const id = await addImage(`${own.origin}${path}`);
      for (const url of [`/img/${id}`, `/img/${id}?w=640`]) {
        const res = await get(url, CHROME_ACCEPT);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-kiosque-image'], 'failed', `${path} ${url}`);
        assert.deepEqual(res.rawPayload, PLACEHOLDER_PNG);
      }
      assert.equal((await getImage(w.store, id))?.contentHash, null, 'nothing recorded of it');
    }
  });

  test('a GIF is served as it is; a picture libvips cannot decode is its original; one with no size is the placeholder', async () => {
    const gif = await addImage(`${own.origin}/anim.gif`);
    const res = await get(`/img/${gif}?w=320`, CHROME_ACCEPT);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/gif');

    const hollow = await addImage(`${own.origin}/hollow.jpg`);
    const h = await get(`/img/${hollow}?w=320`, CHROME_ACCEPT);
    assert.equal(h.statusCode, 200);
    assert.equal(h.headers['content-type'], 'image/jpeg');
    assert.equal(h.headers.vary, undefined);
    assert.equal(h.rawPayload.length, 23, 'the original bytes');

    const sizeless = await addImage(`${own.origin}/sizeless.jpg`);
    assert.equal((await get(`/img/${sizeless}?w=320`, CHROME_ACCEPT)).headers['x-kiosque-image'], 'failed');
  });

  test('a blocked picture is the placeholder at every width', async () => {
    const id = await addImage(`${origin}/images/blocked-variant.jpg`);
    assert.equal((await get(`/img/${id}?w=640`, CHROME_ACCEPT)).headers['content-type'], 'image/avif');
    await blockImage(w.store, id);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    for (const width of [320, 640, 960, 1280]) {
      const res = await get(`/img/${id}?w=${width}`, CHROME_ACCEPT);
      assert.equal(res.headers['x-kiosque-image'], 'blocked');
    }
  });
});
