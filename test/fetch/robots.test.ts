import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KiosqueError } from '../../src/util/errors.ts';
import {
  createHttpClient,
  ROBOTS_FAILURE_TTL_MS,
  ROBOTS_TTL_MS,
  RobotsCache,
  robotsAgentToken,
  robotsPolicyFrom,
} from '../../src/fetch/index.ts';
import type { FetchOutcome, HttpClient } from '../../src/fetch/index.ts';
import { startServer, testOptions, type TestServer } from './helpers.ts';

const ROBOTS = ['User-agent: Kiosque', 'Disallow: /private', '', 'User-agent: *', 'Disallow: /', ''].join(
  '\n',
);

describe('robots.txt through the client', () => {
  let server: TestServer;
  let client: HttpClient;
  let robotsStatus = 200;

  before(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/robots.txt') {
        if (robotsStatus === 200) res.writeHead(200, { 'content-type': 'text/plain' }).end(ROBOTS);
        else res.writeHead(robotsStatus).end();
        return;
      }
      if (req.url === '/go-private') {
        res.writeHead(302, { location: '/private/page' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('content');
    });
    client = createHttpClient(testOptions({ respectRobots: true }));
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  const robotsRequests = () => server.requests.filter((r) => r.url === '/robots.txt').length;

  test('our own group applies: /public is allowed, /private is refused, robots.txt read once', async () => {
    const ok = await client.fetch({ url: `${server.origin}/public`, kind: 'page' });
    assert.equal(ok.ok, true);
    const refused = await client.fetch({ url: `${server.origin}/private/article-1`, kind: 'page' });
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.error.kind, 'robots');
      assert.match(
        refused.error.message,
        /robots\.txt of http:\/\/127\.0\.0\.1:\d+ disallows .*\/private\/article-1 for Kiosque/,
      );
    }
    assert.equal(server.requests.filter((r) => r.url === '/private/article-1').length, 0);
    await client.fetch({ url: `${server.origin}/another`, kind: 'page' });
    assert.equal(robotsRequests(), 1);
    assert.match(
      String(server.requests.find((r) => r.url === '/robots.txt')?.headers['user-agent']),
      /^Kiosque\//,
    );
  });

  test('a redirect hop into a disallowed path is refused too', async () => {
    const outcome = await client.fetch({ url: `${server.origin}/go-private`, kind: 'page' });
    assert.equal(outcome.ok ? 'ok' : outcome.error.kind, 'robots');
  });

  test('a 404 robots.txt allows everything; a 500 allows for now', async () => {
    for (const status of [404, 500]) {
      robotsStatus = status;
      const fresh = createHttpClient(testOptions({ respectRobots: true }));
      try {
        const outcome = await fresh.fetch({ url: `${server.origin}/private/x`, kind: 'page' });
        assert.equal(outcome.ok, true, String(status));
      } finally {
        await fresh.close();
      }
    }
    robotsStatus = 200;
  });
});

function document(text: string): FetchOutcome {
  return {
    ok: true,
    notModified: false,
    status: 200,
    url: 'https://a.ma/robots.txt',
    redirects: ['https://a.ma/robots.txt'],
    etag: null,
    lastModified: null,
    contentType: 'text/plain',
    headers: {},
    body: Buffer.from(text),
    text,
    charset: 'utf-8',
    charsetSource: 'default',
    durationMs: 1,
    release: () => {},
  };
}

function failed(kind: 'http_status' | 'network', status?: number): FetchOutcome {
  return {
    ok: false,
    error: new KiosqueError({ kind, message: 'x', ...(status ? { status } : {}) }),
    durationMs: 1,
  };
}

describe('robots policy and cache', () => {
  test('robotsPolicyFrom', () => {
    const url = 'https://a.ma/robots.txt';
    const read = robotsPolicyFrom(document('User-agent: *\nDisallow: /x'), url);
    assert.equal(read.rules?.isAllowed('https://a.ma/x/1', 'kiosque'), false);
    assert.equal(read.ttlMs, ROBOTS_TTL_MS);
    assert.deepEqual(robotsPolicyFrom(failed('http_status', 404), url), {
      rules: null,
      ttlMs: ROBOTS_TTL_MS,
    });
    assert.deepEqual(robotsPolicyFrom(failed('http_status', 503), url), {
      rules: null,
      ttlMs: ROBOTS_FAILURE_TTL_MS,
    });
    assert.deepEqual(robotsPolicyFrom(failed('network'), url), { rules: null, ttlMs: ROBOTS_FAILURE_TTL_MS });
  });

  test('robotsAgentToken', () => {
    assert.equal(robotsAgentToken('Kiosque/0.1 (+https://github.com/kiosque/kiosque)'), 'Kiosque');
    assert.equal(robotsAgentToken('Kiosque'), 'Kiosque');
  });

  test('cached for an hour; failures only for minutes; concurrent checks share one fetch', async () => {
    let clock = 0;
    let fetches = 0;
    let answer: FetchOutcome = document('User-agent: *\nDisallow: /x');
    const cache = new RobotsCache(
      async () => {
        fetches++;
        return answer;
      },
      'Kiosque',
      () => clock,
    );
    const target = new URL('https://a.ma/x/1');
    const verdicts = await Promise.all([cache.check(target), cache.check(target)]);
    assert.deepEqual(
      verdicts.map((v) => v.allowed),
      [false, false],
    );
    assert.equal(fetches, 1);
    clock += ROBOTS_TTL_MS - 1;
    await cache.check(target);
    assert.equal(fetches, 1);
    clock += 2;
    answer = failed('network');
    assert.equal((await cache.check(target)).allowed, true);
    assert.equal(fetches, 2);
    clock += ROBOTS_FAILURE_TTL_MS + 1;
    await cache.check(target);
    assert.equal(fetches, 3);
  });
});
