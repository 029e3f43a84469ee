import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { createHttpClient } from '../../src/fetch/index.ts';
import type { FetchOutcome, HttpClient } from '../../src/fetch/index.ts';
import { startServer, testOptions, type TestServer } from './helpers.ts';

function failure(outcome: FetchOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got HTTP ${outcome.status}`);
  return outcome.error;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const FIFTY_MB = 50 * 1024 * 1024;

describe('limits: redirects, time, size, broken connections', () => {
  let server: TestServer;
  let client: HttpClient;
  let hugeSent = 0;
  let hugeClosedAt = 0;
  const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024));

  before(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const hop = /^\/r\/(\d+)$/.exec(url.pathname);
      if (hop) {
        const left = Number(hop[1]);
        if (left === 0) res.writeHead(200, { 'content-type': 'text/plain' }).end('arrived');
        else res.writeHead(left % 2 ? 301 : 307, { location: `./${left - 1}` }).end(); // relative
        return;
      }
      switch (url.pathname) {
        case '/abs-redirect':
          res.writeHead(302, { location: `http://127.0.0.1:${server.port}/r/0#frag` }).end();
          return;
        case '/to-ftp':
          res.writeHead(301, { location: 'ftp://127.0.0.1/feed' }).end();
          return;
        case '/hang':
          return; // never answers
        case '/trickle': {
          res.writeHead(200, { 'content-type': 'text/plain' });
          const timer = setInterval(() => res.write('.'), 30);
          res.on('close', () => clearInterval(timer));
          return;
        }
        case '/reset':
          req.socket.destroy();
          return;
        case '/huge': {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          hugeSent = 0;
          const push = () => {
            if (res.destroyed || hugeSent >= FIFTY_MB) {
              res.end();
              return;
            }
            hugeSent += CHUNK.length;
            // Slowly: one chunk every 2 ms, so 50 MB would take well over a second.
            res.write(CHUNK, () => setTimeout(push, 2));
          };
          res.on('close', () => {
            hugeClosedAt = hugeSent;
          });
          push();
          return;
        }
        case '/declared-huge':
          res.writeHead(200, {
            'content-type': 'application/rss+xml',
            'content-length': String(100 * 1024 * 1024),
          });
          res.write(CHUNK);
          return; // then holds the connection open
        case '/bomb':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb);
          return;
        case '/small':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(2000));
          return;
        case '/three-mb':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('y'.repeat(3 * 1024 * 1024));
          return;
        default:
          res.writeHead(404).end();
      }
    });
    client = createHttpClient(testOptions({ headersTimeoutMs: 200, totalTimeoutMs: 400 }));
  });

  after(async () => {
    await client.close();
    await server.close();
  });

  test('five redirects are followed, relative Locations resolved, every hop recorded', async () => {
    const outcome = await client.fetch({ url: `${server.origin}/r/5`, kind: 'feed' });
    assert.ok(outcome.ok && !outcome.notModified, outcome.ok ? '' : outcome.error.message);
    if (!outcome.ok || outcome.notModified) return;
    assert.equal(outcome.text, 'arrived');
    assert.equal(outcome.url, `${server.origin}/r/0`);
    assert.deepEqual(
      outcome.redirects,
      [5, 4, 3, 2, 1, 0].map((n) => `${server.origin}/r/${n}`),
    );
  });

  test('a sixth redirect is too_many_redirects', async () => {
    const error = failure(await client.fetch({ url: `${server.origin}/r/6`, kind: 'feed' }));
    assert.equal(error.kind, 'too_many_redirects');
    assert.match(error.message, /More than 5 redirects/);
  });

  test('an absolute redirect drops the fragment', async () => {
    const outcome = await client.fetch({ url: `${server.origin}/abs-redirect`, kind: 'feed' });
    assert.ok(outcome.ok);
    if (outcome.ok) assert.equal(outcome.url, `${server.origin}/r/0`);
  });

  test('a redirect to another scheme is bad_url', async () => {
    assert.equal(
      failure(await client.fetch({ url: `${server.origin}/to-ftp`, kind: 'feed' })).kind,
      'bad_url',
    );
  });

  test('no headers within the headers limit is a timeout naming that limit', async () => {
    const started = Date.now();
    const error = failure(await client.fetch({ url: `${server.origin}/hang`, kind: 'feed' }));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /headers time limit of 200 ms/);
    assert.ok(Date.now() - started < 2000);
  });

  test('a body that trickles forever hits the total limit', async () => {
    const error = failure(await client.fetch({ url: `${server.origin}/trickle`, kind: 'feed' }));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /total time limit of 400 ms/);
  });

  test('a reset connection is a network error', async () => {
    const error = failure(await client.fetch({ url: `${server.origin}/reset`, kind: 'feed' }));
    assert.equal(error.kind, 'network');
    assert.ok(error.message.includes('/reset'));
  });

  test('a refused connection is a network error', async () => {
    const gone = await startServer(() => {});
    const url = `${gone.origin}/feed`;
    await gone.close();
    const error = failure(await client.fetch({ url, kind: 'feed' }));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /refused/);
  });

  test('an oversized body is stopped while streaming, long before it is all sent', async () => {
    const memoryBefore = process.memoryUsage().arrayBuffers;
    const started = Date.now();
    const outcome = await client.fetch({ url: `${server.origin}/huge`, kind: 'feed', maxBytes: 1024 * 1024 });
    const error = failure(outcome);
    assert.equal(error.kind, 'too_large');
    assert.match(error.message, /1 MB limit for a feed/);
    assert.ok(Date.now() - started < 1000, 'aborted quickly');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(hugeClosedAt > 0, 'the server saw the connection close');
    assert.ok(hugeClosedAt < 8 * 1024 * 1024, `sent ${hugeClosedAt} bytes of 50 MB before the abort`);
    const grown = process.memoryUsage().arrayBuffers - memoryBefore;
    assert.ok(grown < 20 * 1024 * 1024, `buffers grew by ${grown} bytes`);
  });

  test('Content-Length over the limit is refused before reading', async () => {
    const started = Date.now();
    const error = failure(await client.fetch({ url: `${server.origin}/declared-huge`, kind: 'feed' }));
    assert.equal(error.kind, 'too_large');
    assert.match(error.message, /Content-Length announces 104857600 bytes/);
    // Without the early refusal this would wait for the total limit and fail as a timeout.
    assert.ok(Date.now() - started < 2000);
  });

  test('a gzip bomb is stopped by counting decompressed bytes', async () => {
    const error = failure(
      await client.fetch({ url: `${server.origin}/bomb`, kind: 'feed', maxBytes: 1024 * 1024 }),
    );
    assert.equal(error.kind, 'too_large');
  });

  test('the per-request maxBytes overrides the kind default', async () => {
    assert.equal((await client.fetch({ url: `${server.origin}/small`, kind: 'feed' })).ok, true);
    assert.equal(
      failure(await client.fetch({ url: `${server.origin}/small`, kind: 'feed', maxBytes: 1000 })).kind,
      'too_large',
    );
  });

  // A large body goes on to a worker thread to be parsed: in shared memory it
  // is handed over there without a copy. A small one stays an ordinary buffer.
  test('a body over 1 MB is read into shared memory, whole; a small one is not', async () => {
    const large = await client.fetch({ url: `${server.origin}/three-mb`, kind: 'feed' });
    assert.ok(large.ok && !large.notModified, large.ok ? '' : large.error.message);
    assert.ok(large.body.buffer instanceof SharedArrayBuffer);
    assert.equal(large.body.length, 3 * 1024 * 1024);
    assert.equal(large.text.slice(-3), 'yyy');
    assert.equal(large.body.indexOf('x'), -1);
    const small = await client.fetch({ url: `${server.origin}/small`, kind: 'feed' });
    assert.ok(small.ok && !small.notModified);
    assert.ok(!(small.body.buffer instanceof SharedArrayBuffer));
  });
});
