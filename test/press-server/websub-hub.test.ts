// The press server's WebSub hub (W3C WebSub) against a real callback server
// written here: discovery links, subscription requests, verification of
// intent, denial, leases, signed deliveries, retries, faults and close().
// Only loopback is contacted.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  BUILTIN_PUBLICATIONS,
  type PressServer,
  type Publication,
  startPressServer,
  type WebSubHub,
} from '../fixtures/press-server/index.ts';

interface Got {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request, no connection pool (agent: false) and no decompression. */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Got>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A subscription request as a subscriber sends it (WebSub 5.1). */
function toHub(
  hub: WebSubHub,
  form: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
) {
  return send(hub.url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new URLSearchParams(form).toString(),
  });
}

interface Hit {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Answer = (hit: Hit) => { status: number; body?: string };

/** A well-behaved subscriber: echoes challenges, takes deliveries with 204. */
const echo: Answer = (hit) => {
  const challenge = hit.query.get('hub.challenge');
  if (hit.method === 'GET' && challenge !== null) return { status: 200, body: challenge };
  return { status: hit.method === 'POST' ? 204 : 200 };
};

/** The subscriber's callback endpoint: records every request, answers with `answer`. */
class Callback {
  readonly hits: Hit[] = [];
  answer: Answer = echo;
  private readonly server: Server;
  private origin = '';

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', this.origin);
        const hit: Hit = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks),
        };
        this.hits.push(hit);
        const { status, body = '' } = this.answer(hit);
        res.writeHead(status, { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' });
        res.end(body);
      });
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  url(path: string): string {
    return this.origin + path;
  }

  /** The hits on one callback path (its query aside). */
  on(path: string, method?: string): Hit[] {
    return this.hits.filter((h) => h.path.split('?')[0] === path && (!method || h.method === method));
  }

  reset(): void {
    this.hits.length = 0;
    this.answer = echo;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const PUSHING = new Set(['le-quotidien', 'l-eco-du-jour', 'al-youm']);
const pushingSpecs = () =>
  BUILTIN_PUBLICATIONS.map((p) => (PUSHING.has(p.slug) ? { ...p, websub: true } : p));

function pub(server: PressServer, slug: string): Publication {
  const found = server.publications.find((p) => p.slug === slug);
  assert.ok(found, `no publication ${slug}`);
  return found;
}

function hubOf(server: PressServer): WebSubHub {
  assert.ok(server.hub, 'the press runs a hub');
  return server.hub;
}

function hmac(secret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Subscribes and waits for the verification to be done. */
async function subscribe(
  hub: WebSubHub,
  topic: string,
  callback: string,
  extra: Record<string, string> = {},
) {
  const res = await toHub(hub, {
    'hub.mode': 'subscribe',
    'hub.topic': topic,
    'hub.callback': callback,
    ...extra,
  });
  assert.equal(res.status, 202, res.body.toString());
  await hub.idle();
}

describe('websub hub: discovery', () => {
  const now = new Date();
  let plain: PressServer;
  let pushing: PressServer;
  before(async () => {
    [plain, pushing] = await Promise.all([
      startPressServer({ now }),
      startPressServer({ now, publications: pushingSpecs() }),
    ]);
  });
  after(() => Promise.all([plain.close(), pushing.close()]));

  test('no hub when nothing pushes (the lifecycle test in press-server.test.ts counts listeners)', () => {
    assert.equal(plain.hub, null);
    assert.ok(plain.publications.every((p) => p.hub === null));
  });

  test('a pushing feed names the hub and itself in the Link header and in the document', async () => {
    const hub = hubOf(pushing);
    assert.match(hub.url, /^http:\/\/127\.0\.0\.1:\d+\/hub$/);
    assert.ok(!pushing.publications.some((p) => p.origin === hub.origin), 'the hub has an origin of its own');
    for (const slug of PUSHING) {
      const p = pub(pushing, slug);
      assert.equal(p.hub, hub.url);
      for (const f of p.feeds) {
        const res = await send(f.url);
        assert.equal(res.headers['link'], `<${hub.url}>; rel="hub", <${f.url}>; rel="self"`, f.url);
        const text = res.body.toString('utf8');
        if (f.format === 'rss') {
          assert.ok(text.includes(`<atom:link rel="hub" href="${hub.url}"/>`), f.url);
          assert.ok(text.includes(`<atom:link href="${f.url}" rel="self"`), f.url);
          assert.ok(text.indexOf('<atom:link rel="hub"') < text.indexOf('</channel>'), 'inside <channel>');
          assert.match(text, /xmlns:atom="http:\/\/www\.w3\.org\/2005\/Atom"/);
        }
        if (f.format === 'atom') {
          assert.ok(text.includes(`<link rel="hub" href="${hub.url}"/>`), f.url);
          assert.ok(text.includes(`<link rel="self" type="application/atom+xml" href="${f.url}"/>`), f.url);
          assert.ok(text.indexOf('<link rel="hub"') < text.indexOf('<entry>'), 'a feed-level link');
        }
        if (f.format === 'json') {
          const doc = JSON.parse(text) as { hubs?: unknown; feed_url?: string };
          assert.deepEqual(doc.hubs, [{ type: 'WebSub', url: hub.url }]);
          assert.equal(doc.feed_url, f.url);
        }
      }
    }
  });

  test('other publications are unchanged byte for byte, with no Link header', async () => {
    for (const p of plain.publications.filter((x) => !PUSHING.has(x.slug))) {
      const twin = pub(pushing, p.slug);
      assert.equal(twin.hub, null);
      for (const [i, f] of p.feeds.entries()) {
        const [a, b] = await Promise.all([send(f.url), send(twin.feeds[i]!.url)]);
        assert.equal(b.headers['link'], undefined, twin.feeds[i]!.url);
        assert.equal(b.headers['content-type'], a.headers['content-type']);
        // Only the origins (ports) differ between the two presses; they are ASCII in every charset.
        const moved = Buffer.from(a.body.toString('latin1').replaceAll(p.origin, twin.origin), 'latin1');
        assert.ok(moved.equals(b.body), `${twin.feeds[i]!.url} differs from a press without a hub`);
      }
    }
    // The pushing ones do differ (so the comparison above can tell).
    const q = await Promise.all([
      send(pub(plain, 'al-youm').feeds[0]!.url),
      send(pub(pushing, 'al-youm').feeds[0]!.url),
    ]);
    assert.ok(!q[0].body.toString('utf8').includes('"hubs"'));
    assert.ok(q[1].body.toString('utf8').includes('"hubs"'));
  });

  test('generated feeds: websub: n pushes the first n', async () => {
    const press = await startPressServer({
      publications: [],
      generated: { feeds: 3, entriesPerFeed: 4, origins: 1, websub: 2 },
    });
    try {
      const hub = hubOf(press);
      assert.deepEqual(
        press.publications.map((p) => [p.slug, p.hub]),
        [
          ['gen-1', hub.url],
          ['gen-2', hub.url],
          ['gen-3', null],
        ],
      );
      const [second, third] = await Promise.all([
        send(press.publications[1]!.feeds[0]!.url),
        send(press.publications[2]!.feeds[0]!.url),
      ]);
      assert.ok(second.body.toString('utf8').includes('rel="hub"'));
      assert.ok(!third.body.toString('utf8').includes('rel="hub"'));
      assert.equal(third.headers['link'], undefined);
    } finally {
      await press.close();
    }
  });
});

describe('websub hub: subscriptions', () => {
  let server: PressServer;
  let hub: WebSubHub;
  let cb: Callback;
  let topic: string;
  before(async () => {
    [server, cb] = await Promise.all([
      startPressServer({ publications: pushingSpecs() }),
      new Callback().listen(),
    ]);
    hub = hubOf(server);
    topic = pub(server, 'le-quotidien').feeds[0]!.url;
  });
  beforeEach(() => {
    server.reset();
    cb.reset();
  });
  after(() => Promise.all([server.close(), cb.close()]));

  test('subscribe: 202, then a GET with a random challenge; the echo makes it active for 10 days', async () => {
    const res = await toHub(hub, {
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.callback': cb.url('/cb/a'),
    });
    assert.equal(res.status, 202);
    await hub.idle();
    const [verification, ...others] = cb.on('/cb/a');
    assert.equal(others.length, 0);
    assert.ok(verification);
    assert.equal(verification.method, 'GET');
    assert.equal(verification.query.get('hub.mode'), 'subscribe');
    assert.equal(verification.query.get('hub.topic'), topic);
    assert.equal(verification.query.get('hub.lease_seconds'), '864000');
    const challenge = verification.query.get('hub.challenge') ?? '';
    assert.ok(challenge.length >= 16, `a random challenge: '${challenge}'`);
    const [sub, ...more] = hub.subscriptions();
    assert.equal(more.length, 0);
    assert.ok(sub);
    assert.deepEqual(
      { ...sub, leaseEndsAt: null },
      {
        topic,
        callback: cb.url('/cb/a'),
        verified: true,
        active: true,
        leaseSeconds: 864_000,
        leaseEndsAt: null,
        signed: false,
      },
    );
    const expected = Date.now() + 864_000_000;
    assert.ok(Math.abs((sub.leaseEndsAt ?? 0) - expected) < 5_000, 'the lease ends in 10 days');
    assert.deepEqual(
      hub.verifications.map((v) => [v.mode, v.outcome, v.status]),
      [['subscribe', 'verified', 200]],
    );
    // A second subscription gets a new challenge.
    await subscribe(hub, topic, cb.url('/cb/b'));
    assert.notEqual(cb.on('/cb/b')[0]?.query.get('hub.challenge'), challenge);
    // The hub's requests are in the press's log, under its own origin.
    const logged = server.requests.filter((r) => r.origin === hub.origin);
    assert.deepEqual(
      logged.map((r) => [r.method, r.path, r.headers['content-type']]),
      [
        ['POST', '/hub', 'application/x-www-form-urlencoded'],
        ['POST', '/hub', 'application/x-www-form-urlencoded'],
      ],
    );
  });

  test('the lease asked for is granted within [60 s, 10 days]', async () => {
    await subscribe(hub, topic, cb.url('/cb/short'), { 'hub.lease_seconds': '5' });
    await subscribe(hub, topic, cb.url('/cb/mid'), { 'hub.lease_seconds': '3600' });
    await subscribe(hub, topic, cb.url('/cb/long'), { 'hub.lease_seconds': '99999999' });
    const asked = (path: string) => cb.on(path)[0]?.query.get('hub.lease_seconds');
    assert.deepEqual([asked('/cb/short'), asked('/cb/mid'), asked('/cb/long')], ['60', '3600', '864000']);
    const lease = (path: string) =>
      hub.subscriptions().find((s) => s.callback === cb.url(path))?.leaseSeconds;
    assert.deepEqual([lease('/cb/short'), lease('/cb/mid'), lease('/cb/long')], [60, 3600, 864_000]);
  });

  test("the callback's own query is kept, the hub's parameters appended", async () => {
    const callback = cb.url('/cb/q?id=a%20b&hub.mode=mine');
    await subscribe(hub, topic, callback);
    const [hit] = cb.on('/cb/q');
    assert.ok(hit?.path.startsWith('/cb/q?id=a%20b&hub.mode=mine&hub.mode=subscribe&'), hit?.path);
    assert.equal(hub.subscriptions()[0]?.callback, callback);
  });

  test('a wrong echo, an echo with a newline, or a 404 leaves no active subscription', async () => {
    cb.answer = (hit) => {
      if (hit.path.startsWith('/cb/wrong')) return { status: 200, body: 'not the challenge' };
      if (hit.path.startsWith('/cb/newline'))
        return { status: 200, body: `${hit.query.get('hub.challenge')}\n` };
      return { status: 404, body: hit.query.get('hub.challenge') ?? '' };
    };
    await subscribe(hub, topic, cb.url('/cb/wrong'));
    await subscribe(hub, topic, cb.url('/cb/newline'));
    await subscribe(hub, topic, cb.url('/cb/404'));
    assert.equal(cb.hits.length, 3, 'each callback was asked');
    assert.deepEqual(hub.subscriptions(), []);
    assert.deepEqual(
      hub.verifications.map((v) => [v.outcome, v.status]),
      [
        ['failed', 200],
        ['failed', 200],
        ['failed', 404],
      ],
    );
    assert.match(hub.verifications[0]?.error ?? '', /not the challenge/);
    server.publish('le-quotidien');
    await hub.idle();
    assert.deepEqual(hub.deliveries, []);
    assert.equal(cb.hits.filter((h) => h.method === 'POST').length, 0);
  });

  test('a new subscription is listed as unverified until the callback answers', async () => {
    // A callback that holds its answer until the test opens the gate.
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let arrived = () => {};
    const asked = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const held = createServer((req, res) => {
      arrived();
      void gate.then(() => res.end(new URL(req.url ?? '/', 'http://x').searchParams.get('hub.challenge')));
    });
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    try {
      const callback = `http://127.0.0.1:${(held.address() as AddressInfo).port}/held`;
      const res = await toHub(hub, { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.callback': callback });
      assert.equal(res.status, 202);
      await asked;
      assert.deepEqual(
        hub.subscriptions().map((s) => [s.callback, s.verified, s.active, s.leaseEndsAt]),
        [[callback, false, false, null]],
      );
      open();
      await hub.idle();
      assert.deepEqual(
        hub.subscriptions().map((s) => [s.callback, s.verified, s.active]),
        [[callback, true, true]],
      );
    } finally {
      open();
      held.closeAllConnections();
      await new Promise<void>((resolve) => held.close(() => resolve()));
    }
  });

  test('a topic that does not push is denied: GET hub.mode=denied with a reason, no challenge', async () => {
    const notPushing = pub(server, 'rabat-soir').feeds[0]!.url;
    const notAFeed = pub(server, 'le-quotidien').homepage;
    await subscribe(hub, notPushing, cb.url('/cb/denied-1'));
    await subscribe(hub, notAFeed, cb.url('/cb/denied-2'));
    for (const [path, denied] of [
      ['/cb/denied-1', notPushing],
      ['/cb/denied-2', notAFeed],
    ] as const) {
      const hits = cb.on(path);
      assert.equal(hits.length, 1, path);
      assert.equal(hits[0]!.method, 'GET');
      assert.equal(hits[0]!.query.get('hub.mode'), 'denied');
      assert.equal(hits[0]!.query.get('hub.topic'), denied);
      assert.ok((hits[0]!.query.get('hub.reason') ?? '').length > 0, 'a reason');
      assert.equal(hits[0]!.query.get('hub.challenge'), null);
    }
    assert.deepEqual(hub.subscriptions(), []);
    assert.deepEqual(
      hub.verifications.map((v) => [v.mode, v.outcome]),
      [
        ['denied', 'denied'],
        ['denied', 'denied'],
      ],
    );
  });

  test('unsubscribe: verified, it stops the deliveries; a refused one changes nothing', async () => {
    await subscribe(hub, topic, cb.url('/cb/u'));
    // Refused: the subscriber does not confirm, so the subscription stays.
    cb.answer = (hit) => (hit.query.get('hub.mode') === 'unsubscribe' ? { status: 404 } : echo(hit));
    const refused = await toHub(hub, {
      'hub.mode': 'unsubscribe',
      'hub.topic': topic,
      'hub.callback': cb.url('/cb/u'),
    });
    assert.equal(refused.status, 202);
    await hub.idle();
    assert.equal(hub.subscriptions()[0]?.active, true);
    cb.answer = echo;
    const res = await toHub(hub, {
      'hub.mode': 'unsubscribe',
      'hub.topic': topic,
      'hub.callback': cb.url('/cb/u'),
    });
    assert.equal(res.status, 202);
    await hub.idle();
    const verification = cb.on('/cb/u', 'GET').at(-1);
    assert.equal(verification?.query.get('hub.mode'), 'unsubscribe');
    assert.ok(verification?.query.get('hub.challenge'));
    assert.deepEqual(hub.subscriptions(), []);
    server.publish('le-quotidien');
    await hub.idle();
    assert.equal(cb.on('/cb/u', 'POST').length, 0);
    assert.deepEqual(
      hub.verifications.map((v) => [v.mode, v.outcome]),
      [
        ['subscribe', 'verified'],
        ['unsubscribe', 'failed'],
        ['unsubscribe', 'verified'],
      ],
    );
  });

  test('renewal replaces the lease and the secret; a failed renewal keeps the old one', async () => {
    await subscribe(hub, topic, cb.url('/cb/r'), { 'hub.lease_seconds': '100', 'hub.secret': 'first' });
    const first = hub.subscriptions()[0]!;
    assert.equal(first.leaseSeconds, 100);
    await new Promise((r) => setTimeout(r, 5));
    await subscribe(hub, topic, cb.url('/cb/r'), { 'hub.lease_seconds': '200', 'hub.secret': 'second' });
    const renewed = hub.subscriptions();
    assert.equal(renewed.length, 1, 'the same (topic, callback): replaced, not added');
    assert.equal(renewed[0]!.leaseSeconds, 200);
    assert.ok((renewed[0]!.leaseEndsAt ?? 0) >= (first.leaseEndsAt ?? 0) + 100_000);
    server.publish('le-quotidien');
    await hub.idle();
    const delivery = cb.on('/cb/r', 'POST')[0];
    assert.ok(delivery);
    assert.equal(delivery.headers['x-hub-signature'], hmac('second', delivery.body));
    // A renewal the subscriber does not confirm: the lease in force stays.
    cb.answer = () => ({ status: 500 });
    await subscribe(hub, topic, cb.url('/cb/r'), { 'hub.lease_seconds': '300' });
    assert.deepEqual(
      hub.subscriptions().map((s) => [s.leaseSeconds, s.active, s.signed]),
      [[200, true, true]],
    );
  });

  test('bad requests: 400 with a plain-text reason; GET is 405, other paths 404', async () => {
    const base = { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.callback': cb.url('/cb/bad') };
    const cases: Array<[Record<string, string>, RegExp, string?]> = [
      [base, /Content-Type/, 'application/json'],
      [{ ...base, 'hub.mode': '' }, /hub\.mode/],
      [{ 'hub.topic': topic, 'hub.callback': cb.url('/cb/bad') }, /hub\.mode is missing/],
      [{ ...base, 'hub.mode': 'publish' }, /hub\.mode must be/],
      [{ ...base, 'hub.topic': '' }, /hub\.topic is missing/],
      [{ ...base, 'hub.topic': 'not a url' }, /hub\.topic/],
      [{ ...base, 'hub.callback': '' }, /hub\.callback is missing/],
      [{ ...base, 'hub.callback': '/relative' }, /hub\.callback/],
      [{ ...base, 'hub.callback': 'http://192.0.2.1/cb' }, /loopback/],
      [{ ...base, 'hub.callback': 'https://127.0.0.1/cb' }, /http:/],
      [{ ...base, 'hub.secret': 's'.repeat(200) }, /200 bytes/],
      [{ ...base, 'hub.secret': 'é'.repeat(100) }, /200 bytes/],
      [{ ...base, 'hub.lease_seconds': 'soon' }, /hub\.lease_seconds/],
      [{ ...base, 'hub.lease_seconds': '0' }, /hub\.lease_seconds/],
    ];
    for (const [form, reason, type] of cases) {
      const res = await toHub(hub, form, type);
      assert.equal(res.status, 400, JSON.stringify(form));
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      assert.match(res.body.toString(), reason, JSON.stringify(form));
    }
    // Just under the limits, and a lease on an unsubscribe (ignored): accepted.
    assert.equal((await toHub(hub, { ...base, 'hub.secret': 's'.repeat(199) })).status, 202);
    assert.equal(
      (await toHub(hub, { ...base, 'hub.mode': 'unsubscribe', 'hub.lease_seconds': 'whenever' })).status,
      202,
    );
    const wrongMethod = await send(hub.url);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers['allow'], 'POST');
    assert.equal((await send(`${hub.origin}/elsewhere`, { method: 'POST' })).status, 404);
    await hub.idle();
    // Nothing refused reached the callback: only the two accepted requests were verified.
    assert.equal(cb.hits.length, 2);
  });
});

describe('websub hub: content distribution', () => {
  let server: PressServer;
  let hub: WebSubHub;
  let cb: Callback;
  before(async () => {
    [server, cb] = await Promise.all([
      startPressServer({ publications: pushingSpecs() }),
      new Callback().listen(),
    ]);
    hub = hubOf(server);
  });
  beforeEach(() => {
    server.reset();
    cb.reset();
  });
  after(() => Promise.all([server.close(), cb.close()]));

  test('publish: a signed POST whose body and type are those of a GET of the feed', async () => {
    for (const [slug, index] of [
      ['le-quotidien', 1],
      ['l-eco-du-jour', 0],
      ['al-youm', 0],
      ['al-youm', 1],
    ] as const) {
      const topic = pub(server, slug).feeds[index]!.url;
      const path = `/cb/${slug}-${index}`;
      const secret = `secret of ${slug} ${index}`;
      await subscribe(hub, topic, cb.url(path), { 'hub.secret': secret });
      server.publish(slug, 2);
      await hub.idle();
      const posts = cb.on(path, 'POST');
      assert.equal(posts.length, 1, topic);
      const delivery = posts[0]!;
      const feed = await send(topic);
      assert.ok(delivery.body.equals(feed.body), `${topic}: the delivered body is the feed's`);
      assert.equal(delivery.headers['content-type'], feed.headers['content-type']);
      assert.equal(delivery.headers['link'], `<${hub.url}>; rel="hub", <${topic}>; rel="self"`);
      const signature = String(delivery.headers['x-hub-signature']);
      assert.match(signature, /^sha256=[0-9a-f]{64}$/);
      const expected = hmac(secret, delivery.body);
      assert.ok(timingSafeEqual(Buffer.from(signature), Buffer.from(expected)), `${topic}: signature`);
      // The new entries are in it.
      const newest = pub(server, slug).entries(topic)[0]!;
      assert.ok(delivery.body.toString('utf8').includes(newest.url));
    }
    assert.ok(hub.deliveries.every((d) => d.ok && d.status === 204 && d.attempt === 1));
    // Publishing al-youm changes both its feeds: its first feed's subscriber got the second change too.
    assert.deepEqual(
      ['/cb/le-quotidien-1', '/cb/l-eco-du-jour-0', '/cb/al-youm-0', '/cb/al-youm-1'].map(
        (path) => cb.on(path, 'POST').length,
      ),
      [1, 1, 2, 1],
    );
  });

  test('every active subscriber of the topic gets it, unsigned when it gave no secret; other topics get nothing', async () => {
    const topic = pub(server, 'le-quotidien').feeds[0]!.url;
    const otherTopic = pub(server, 'le-quotidien').feeds[1]!.url;
    await subscribe(hub, topic, cb.url('/cb/one'));
    await subscribe(hub, topic, cb.url('/cb/two'), { 'hub.secret': 'two' });
    await subscribe(hub, pub(server, 'l-eco-du-jour').feeds[0]!.url, cb.url('/cb/atom'));
    server.edit('le-quotidien', 0);
    await hub.idle();
    const [one] = cb.on('/cb/one', 'POST');
    const [two] = cb.on('/cb/two', 'POST');
    assert.ok(one && two);
    assert.equal(one.headers['x-hub-signature'], undefined);
    assert.equal(two.headers['x-hub-signature'], hmac('two', two.body));
    assert.ok(one.body.equals(two.body));
    assert.ok(one.body.toString('utf8').includes('(mis à jour 1)'), 'the edit is in it');
    assert.equal(cb.on('/cb/atom', 'POST').length, 0, 'l-eco-du-jour did not change');
    assert.deepEqual(
      hub.deliveries.map((d) => [d.topic, d.callback]).sort(),
      [
        [topic, cb.url('/cb/one')],
        [topic, cb.url('/cb/two')],
      ].sort(),
    );
    assert.ok(!hub.deliveries.some((d) => d.topic === otherTopic));
  });

  test('a failing delivery is tried 3 times, 200 ms apart; the subscription stays and the next change is tried again', async () => {
    const topic = pub(server, 'al-youm').feeds[0]!.url;
    await subscribe(hub, topic, cb.url('/cb/fail'));
    cb.answer = (hit) => (hit.method === 'POST' ? { status: 503 } : echo(hit));
    server.publish('al-youm');
    await hub.idle();
    assert.deepEqual(
      hub.deliveries.map((d) => [d.attempt, d.status, d.ok]),
      [
        [1, 503, false],
        [2, 503, false],
        [3, 503, false],
      ],
    );
    const gaps = hub.deliveries.slice(1).map((d, i) => d.at - hub.deliveries[i]!.at);
    assert.ok(
      gaps.every((g) => g >= 195 && g < 1_000),
      `gaps ${gaps.join(', ')} ms`,
    );
    assert.equal(cb.on('/cb/fail', 'POST').length, 3);
    assert.equal(hub.subscriptions()[0]?.active, true);
    cb.answer = echo;
    server.publish('al-youm');
    await hub.idle();
    assert.deepEqual(
      hub.deliveries.slice(3).map((d) => [d.attempt, d.status, d.ok]),
      [[1, 204, true]],
    );
  });

  test('an unreachable callback is retried too; 410 Gone ends the subscription', async () => {
    const topic = pub(server, 'al-youm').feeds[0]!.url;
    const closed = new Callback();
    await closed.listen();
    const gone = closed.url('/cb/gone');
    await subscribe(hub, topic, gone);
    await closed.close();
    server.publish('al-youm');
    await hub.idle();
    assert.deepEqual(
      hub.deliveries.map((d) => [d.attempt, d.status]),
      [
        [1, null],
        [2, null],
        [3, null],
      ],
    );
    assert.match(hub.deliveries[0]?.error ?? '', /ECONNREFUSED/);
    await subscribe(hub, topic, cb.url('/cb/410'));
    cb.answer = (hit) => (hit.method === 'POST' ? { status: 410 } : echo(hit));
    server.publish('al-youm');
    await hub.idle();
    assert.deepEqual(
      hub.deliveries.filter((d) => d.callback === cb.url('/cb/410')).map((d) => [d.attempt, d.status]),
      [[1, 410]],
    );
    assert.deepEqual(
      hub.subscriptions().map((s) => s.callback),
      [gone],
      'the 410 subscription is gone, the unreachable one stays',
    );
  });

  test('faults: status and silent on requests, drop and bad-signature on deliveries', async () => {
    const topic = pub(server, 'le-quotidien').feeds[0]!.url;
    hub.setFault({ kind: 'status', status: 503, times: 1 });
    const refused = await toHub(hub, {
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.callback': cb.url('/cb/f'),
    });
    assert.equal(refused.status, 503);
    hub.setFault({ kind: 'silent', times: 1 });
    await subscribe(hub, topic, cb.url('/cb/f'));
    assert.equal(cb.hits.length, 0, 'no verification after a 503 or a silent 202');
    await subscribe(hub, topic, cb.url('/cb/f'), { 'hub.secret': 'key' });
    assert.equal(hub.subscriptions()[0]?.active, true, 'faults with times: 1 are spent');

    hub.setFault({ kind: 'drop', times: 1 });
    server.publish('le-quotidien');
    await hub.idle();
    assert.equal(cb.on('/cb/f', 'POST').length, 0, 'dropped');
    hub.setFault({ kind: 'bad-signature' });
    server.publish('le-quotidien');
    await hub.idle();
    const [bad] = cb.on('/cb/f', 'POST');
    assert.ok(bad);
    assert.match(String(bad.headers['x-hub-signature']), /^sha256=[0-9a-f]{64}$/);
    assert.notEqual(bad.headers['x-hub-signature'], hmac('key', bad.body));
    hub.setFault(null);
    server.publish('le-quotidien');
    await hub.idle();
    const good = cb.on('/cb/f', 'POST')[1];
    assert.equal(good?.headers['x-hub-signature'], hmac('key', good!.body));
  });

  test('reset() forgets subscriptions and logs', async () => {
    await subscribe(hub, pub(server, 'al-youm').feeds[0]!.url, cb.url('/cb/reset'));
    server.publish('al-youm');
    await hub.idle();
    assert.equal(hub.deliveries.length, 1);
    server.reset();
    assert.deepEqual([hub.subscriptions(), hub.verifications, hub.deliveries], [[], [], []]);
    server.publish('al-youm');
    await hub.idle();
    assert.equal(hub.deliveries.length, 0);
  });
});

describe('websub hub: leases and close()', () => {
  test('an expired lease is not delivered to', async () => {
    const [press, cb] = await Promise.all([
      startPressServer({ publications: pushingSpecs(), hub: { minLeaseSeconds: 1 } }),
      new Callback().listen(),
    ]);
    try {
      const hub = hubOf(press);
      const topic = pub(press, 'al-youm').feeds[0]!.url;
      await subscribe(hub, topic, cb.url('/cb/short'), { 'hub.lease_seconds': '1' });
      assert.equal(hub.subscriptions()[0]?.active, true);
      await new Promise((r) => setTimeout(r, 1_100));
      assert.deepEqual(
        hub.subscriptions().map((s) => [s.verified, s.active]),
        [[true, false]],
      );
      press.publish('al-youm');
      await hub.idle();
      assert.equal(cb.on('/cb/short', 'POST').length, 0);
      assert.deepEqual(hub.deliveries, []);
    } finally {
      await Promise.all([press.close(), cb.close()]);
    }
  });

  test('close() cuts retries short and leaves no timer or socket behind', async () => {
    const [press, cb] = await Promise.all([
      startPressServer({ publications: pushingSpecs() }),
      new Callback().listen(),
    ]);
    const hub = hubOf(press);
    await subscribe(hub, pub(press, 'al-youm').feeds[0]!.url, cb.url('/cb/down'));
    cb.answer = (hit) => (hit.method === 'POST' ? { status: 500 } : echo(hit));
    press.publish('al-youm');
    while (cb.on('/cb/down', 'POST').length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = performance.now();
    await press.close();
    assert.ok(performance.now() - started < 150, 'close() did not wait for the retries');
    await new Promise((r) => setTimeout(r, 450));
    assert.equal(cb.on('/cb/down', 'POST').length, 1, 'no retry after close()');
    await cb.close();
    await new Promise((r) => setTimeout(r, 20));
    const leftovers = process
      .getActiveResourcesInfo()
      .filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'Timeout');
    assert.deepEqual(leftovers, []);
  });
});
