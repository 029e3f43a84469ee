import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { createHttpClient } from '../../src/fetch/index.ts';
import type { FetchOutcome, HttpClient } from '../../src/fetch/index.ts';
import { startServer, testOptions, type TestServer } from './helpers.ts';

const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Le Matin — المغرب</title></channel></rss>`;
const LAST_MODIFIED = 'Sat, 01 Mar 2025 10:00:00 GMT';

function document(outcome: FetchOutcome) {
  assert.equal(outcome.ok, true, outcome.ok ? '' : `${outcome.error.kind}: ${outcome.error.message}`);
  if (!outcome.ok || outcome.notModified) throw new Error('expected a document');
  return outcome;
}

function failure(outcome: FetchOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got HTTP ${outcome.status}`);
  return outcome.error;
}

describe('HTTP client against a loopback publisher', () => {
  let server: TestServer;
  let client: HttpClient;

  before(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      switch (url.pathname) {
        case '/feed-etag': {
          if (req.headers['if-none-match'] === 'W/"v1"') {
            res.writeHead(304, { etag: 'W/"v1"' }).end();
            return;
          }
          res
            .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: 'W/"v1"' })
            .end(FEED);
          return;
        }
        case '/feed-lm': {
          if (req.headers['if-modified-since'] === LAST_MODIFIED) {
            res.writeHead(304).end(); // no validators on the 304
            return;
          }
          res
            .writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': LAST_MODIFIED })
            .end(FEED);
          return;
        }
        case '/echo':
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
          return;
        case '/gzip':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
          res.end(zlib.gzipSync(FEED));
          return;
        case '/deflate':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
          res.end(zlib.deflateSync(FEED));
          return;
        case '/deflate-raw':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
          res.end(zlib.deflateRawSync(FEED));
          return;
        case '/br':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'br' });
          res.end(zlib.brotliCompressSync(FEED));
          return;
        case '/corrupt-gzip':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
          res.end(Buffer.from('this is not gzip at all'));
          return;
        case '/cp1256':
          res.writeHead(200, { 'content-type': 'text/html; charset=windows-1256' });
          res.end(iconv.encode('<p>المغرب اليوم</p>', 'windows-1256'));
          return;
        case '/liar':
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(iconv.encode('<p>L’été coûte 5 €</p>', 'windows-1252'));
          return;
        case '/404':
        case '/410':
        case '/500': {
          const status = Number(url.pathname.slice(1));
          res.writeHead(status, { 'content-type': 'text/html' }).end('<h1>error</h1>');
          return;
        }
        case '/429-seconds':
          res.writeHead(429, { 'retry-after': '120' }).end('slow down');
          return;
        case '/429-date':
          res
            .writeHead(429, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() })
            .end('slow down');
          return;
        case '/503':
          res.writeHead(503).end('maintenance');
          return;
        case '/cf-header':
          res
            .writeHead(403, { 'cf-mitigated': 'challenge', server: 'cloudflare' })
            .end('<html>challenge</html>');
          return;
        case '/cf-body':
          res.writeHead(503, { server: 'cloudflare', 'content-type': 'text/html' });
          res.end('<!DOCTYPE html><title>Just a moment...</title><script>window._cf_chl_opt={}</script>');
          return;
        case '/image':
          res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
          return;
        default:
          res.writeHead(404).end();
      }
    });
    client = createHttpClient(testOptions());
  });

  after(async () => {
    await client.close();
    await server.close();
  });

  test('a weak ETag is sent back byte for byte and a 304 is NotModified', async () => {
    const first = document(await client.fetch({ url: `${server.origin}/feed-etag`, kind: 'feed' }));
    assert.equal(first.etag, 'W/"v1"');
    assert.equal(first.text, FEED);
    const second = await client.fetch({ url: `${server.origin}/feed-etag`, kind: 'feed', etag: first.etag });
    assert.equal(server.requests.at(-1)?.headers['if-none-match'], 'W/"v1"');
    assert.ok(second.ok && second.notModified);
    if (second.ok && second.notModified) {
      assert.equal(second.status, 304);
      assert.equal(second.etag, 'W/"v1"');
      assert.deepEqual(second.redirects, [`${server.origin}/feed-etag`]);
    }
  });

  test('validators go out exactly as given, spacing and odd characters included', async () => {
    const etag = 'W/"5e2-1a9c:gzip; v=2"';
    const lastModified = 'Sat,  01 Mar 2025 10:00:00 GMT'; // odd spacing: not ours to fix
    const out = document(
      await client.fetch({ url: `${server.origin}/echo`, kind: 'feed', etag, lastModified }),
    );
    const seen = JSON.parse(out.text) as Record<string, string>;
    assert.equal(seen['if-none-match'], etag);
    assert.equal(seen['if-modified-since'], lastModified);
  });

  test('Last-Modified only: If-Modified-Since, and a bare 304 keeps the validators that were sent', async () => {
    const first = document(await client.fetch({ url: `${server.origin}/feed-lm`, kind: 'feed' }));
    assert.equal(first.lastModified, LAST_MODIFIED);
    assert.equal(first.etag, null);
    const second = await client.fetch({
      url: `${server.origin}/feed-lm`,
      kind: 'feed',
      lastModified: LAST_MODIFIED,
    });
    const seen = server.requests.at(-1)?.headers;
    assert.equal(seen?.['if-modified-since'], LAST_MODIFIED);
    assert.equal(seen?.['if-none-match'], undefined);
    assert.ok(second.ok && second.notModified);
    if (second.ok && second.notModified) assert.equal(second.lastModified, LAST_MODIFIED);
  });

  test('User-Agent, Accept-Encoding, per-request headers and User-Agent override', async () => {
    const plain = JSON.parse(
      document(await client.fetch({ url: `${server.origin}/echo`, kind: 'feed' })).text,
    );
    assert.match(plain['user-agent'], /^Kiosque\/0\.1 \(\+https:\/\/github\.com\/kiosque\/kiosque\)$/);
    assert.equal(plain['accept-encoding'], 'gzip, deflate, br');
    assert.match(plain.accept, /application\/rss\+xml/);
    const custom = JSON.parse(
      document(
        await client.fetch({
          url: `${server.origin}/echo`,
          kind: 'page',
          userAgent: 'Kiosque/0.1 (special; +https://example.ma/contact)',
          headers: { 'Accept-Language': 'fr-MA, ar;q=0.8', Host: 'evil.example', Connection: 'upgrade' },
        }),
      ).text,
    );
    assert.equal(custom['user-agent'], 'Kiosque/0.1 (special; +https://example.ma/contact)');
    assert.equal(custom['accept-language'], 'fr-MA, ar;q=0.8');
    assert.notEqual(custom.host, 'evil.example');
  });

  for (const path of ['/gzip', '/deflate', '/deflate-raw', '/br']) {
    test(`${path.slice(1)} bodies are decompressed`, async () => {
      const out = document(await client.fetch({ url: `${server.origin}${path}`, kind: 'feed' }));
      assert.equal(out.text, FEED);
      assert.equal(out.body.toString('utf8'), FEED);
      assert.equal(out.charset, 'utf-8');
    });
  }

  test('a corrupt compressed body is bad_encoding', async () => {
    const error = failure(await client.fetch({ url: `${server.origin}/corrupt-gzip`, kind: 'feed' }));
    assert.equal(error.kind, 'bad_encoding');
    assert.ok(error.message.includes('/corrupt-gzip'));
  });

  test('charsets through the client: windows-1256 header, and a lying utf-8 header', async () => {
    const arabic = document(await client.fetch({ url: `${server.origin}/cp1256`, kind: 'page' }));
    assert.equal(arabic.text, '<p>المغرب اليوم</p>');
    assert.equal(arabic.charset, 'windows-1256');
    const liar = document(await client.fetch({ url: `${server.origin}/liar`, kind: 'page' }));
    assert.equal(liar.text, '<p>L’été coûte 5 €</p>');
    assert.equal(liar.charsetSource, 'detected');
  });

  for (const status of [404, 410, 500]) {
    test(`HTTP ${status} is http_status`, async () => {
      const error = failure(await client.fetch({ url: `${server.origin}/${status}`, kind: 'feed' }));
      assert.equal(error.kind, 'http_status');
      assert.equal(error.status, status);
      assert.ok(error.message.startsWith(`HTTP ${status} `));
      assert.ok(error.message.endsWith(`${server.origin}/${status}`));
    });
  }

  test('429 with Retry-After in seconds and as a date', async () => {
    const before = Date.now();
    const seconds = failure(await client.fetch({ url: `${server.origin}/429-seconds`, kind: 'feed' }));
    assert.equal(seconds.kind, 'rate_limited');
    const wait = (seconds.retryAfter?.getTime() ?? 0) - before;
    assert.ok(wait >= 119_000 && wait <= 125_000, String(wait));
    const dated = failure(await client.fetch({ url: `${server.origin}/429-date`, kind: 'feed' }));
    assert.equal(dated.kind, 'rate_limited');
    const dateWait = (dated.retryAfter?.getTime() ?? 0) - before;
    assert.ok(dateWait > 3_500_000 && dateWait <= 3_601_000, String(dateWait));
    const unavailable = failure(await client.fetch({ url: `${server.origin}/503`, kind: 'feed' }));
    assert.equal(unavailable.kind, 'rate_limited');
    assert.ok(unavailable.retryAfter instanceof Date);
  });

  test('Cloudflare challenges are bot_challenge', async () => {
    assert.equal(
      failure(await client.fetch({ url: `${server.origin}/cf-header`, kind: 'page' })).kind,
      'bot_challenge',
    );
    assert.equal(
      failure(await client.fetch({ url: `${server.origin}/cf-body`, kind: 'page' })).kind,
      'bot_challenge',
    );
  });

  test('images come back as bytes', async () => {
    const out = document(await client.fetch({ url: `${server.origin}/image`, kind: 'image' }));
    assert.deepEqual([...out.body], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal(out.contentType, 'image/png');
  });

  test('a URL that is not http(s) is bad_url, without throwing', async () => {
    assert.equal(
      failure(await client.fetch({ url: 'ftp://example.com/feed', kind: 'feed' })).kind,
      'bad_url',
    );
    assert.equal(failure(await client.fetch({ url: '::not a url::', kind: 'feed' })).kind, 'bad_url');
  });
});
