// WebSub end to end (issue 18): the real crawler loop and the real web
// server against the fixture press and its spec-following hub. A feed that
// names the hub is subscribed to, the hub's verification reaches the site's
// /websub/ callback, and a publication's new article arrives by push, with
// no request to the publisher; a push signed with another key is ignored.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CrawlerLoop, keepSubscribed, newWorkerId } from '../../src/ingest/index.ts';
import { PUSHED_INTERVAL_S } from '../../src/ingest/schedule.ts';
import { dbOf } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { buildServer } from '../../src/web/index.ts';
import { BUILTIN_PUBLICATIONS } from '../fixtures/press-server/catalog.ts';
import { BACKENDS } from '../store/backends.ts';
import { type CrawlWorld, crawlWorld } from './helpers.ts';

const PUSHING = 'le-quotidien';
const POLLED = 'al-akhbar';

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const backend of BACKENDS) {
  describe(`WebSub on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    let app: FastifyInstance;
    let loop: CrawlerLoop;
    before(async () => {
      const publications = BUILTIN_PUBLICATIONS.filter((p) => p.slug === PUSHING || p.slug === POLLED).map(
        (p) => ({ ...p, websub: p.slug === PUSHING }),
      );
      w = await crawlWorld({ publications }, {}, backend);
      let nudge = () => {};
      app = await buildServer({ store: w.store, log: silentLogger, onPush: () => nudge() });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as AddressInfo).port;
      loop = new CrawlerLoop(
        {
          store: w.store,
          indexer: w.indexer,
          client: w.client,
          log: silentLogger,
          workerId: newWorkerId('test'),
          hostDelayMs: 0,
          websub: { callbackBase: `http://127.0.0.1:${port}/websub/` },
        },
        { concurrency: 4, idleMs: 200 },
      );
      nudge = () => loop.nudge();
      loop.start();
    });
    after(async () => {
      await loop.stop();
      await app.close();
      await w.close();
    });

    const db = () => dbOf(w.store);
    const subscriptions = () =>
      db()
        .selectFrom('websub_subscriptions')
        .innerJoin('feeds', 'feeds.id', 'websub_subscriptions.feed_id')
        .innerJoin('sources', 'sources.id', 'feeds.source_id')
        .select([
          'sources.slug',
          'feeds.id as feed_id',
          'feeds.url',
          'feeds.interval_s',
          'feeds.next_fetch_at',
          'websub_subscriptions.state',
          'websub_subscriptions.topic',
          'websub_subscriptions.lease_until',
          'websub_subscriptions.pushes',
        ])
        .execute();
    const articleTitled = (title: string) =>
      db().selectFrom('articles').select(['id', 'fetched_at']).where('title', '=', title).executeTakeFirst();

    test('a feed that names a hub is subscribed to and verified; one that does not is only polled', async () => {
      const pushing = w.server.publications.find((p) => p.slug === PUSHING)!;
      const active = await until('the hub to verify every feed of the pushing publication', async () => {
        const subs = await subscriptions();
        return subs.length === pushing.feeds.length && subs.every((s) => s.state === 'active') && subs;
      });
      assert.deepEqual(active.map((s) => s.slug).sort(), pushing.feeds.map(() => PUSHING).sort());
      assert.deepEqual(
        active.map((s) => s.topic).sort(),
        pushing.feeds.map((f) => f.url).sort(),
        'the topic is the feed URL the feed names as its self',
      );
      // Our side turns active as it answers the hub's verification; the hub's side
      // only once that answer has reached it.
      await w.server.hub!.idle();
      const hubSide = w.server.hub!.subscriptions();
      assert.ok(hubSide.every((s) => s.active && s.signed && s.callback.includes('/websub/')));
      for (const s of active) {
        // The lease the hub granted (the hub's own bound), counted from its verification.
        assert.ok(Date.parse(s.lease_until!) > Date.now() + 3600_000);
      }
    });

    test('a new article arrives by push, with no request to the publisher', async () => {
      await w.server.hub!.idle();
      const pushing = w.server.publications.find((p) => p.slug === PUSHING)!;
      const publisherGets = () =>
        w.server.requests.filter(
          (r) => r.origin === pushing.origin && r.method === 'GET' && !r.path.startsWith('/robots'),
        );
      const requestsBefore = publisherGets().length;
      const pushesBefore = (await subscriptions()).reduce((n, s) => n + Number(s.pushes), 0);
      w.server.publishArticle(PUSHING, {
        title: 'Le port de Tanger Med dépasse dix millions de conteneurs',
        lead: 'Un record annuel annoncé lundi.',
      });
      const stored = await until('the pushed article', () =>
        articleTitled('Le port de Tanger Med dépasse dix millions de conteneurs'),
      );
      assert.ok(stored.id > 0);
      const feedGets = publisherGets();
      assert.equal(
        feedGets.length,
        requestsBefore,
        `no request to the publisher: ${feedGets
          .slice(requestsBefore)
          .map((r) => r.path)
          .join(', ')}`,
      );
      const log = await db()
        .selectFrom('fetch_log')
        .select(['via', 'new_articles', 'http_status'])
        .where('via', '=', 'push')
        .execute();
      assert.ok(log.some((l) => l.new_articles >= 1 && l.http_status === null));
      assert.ok((await subscriptions()).reduce((n, s) => n + Number(s.pushes), 0) > pushesBefore);
      const waiting = await db().selectFrom('websub_pushes').select('id').execute();
      assert.equal(waiting.length, 0, 'a push stored is deleted with its run');
      // A feed pushed to is asked again only as a safety net.
      const first = (await subscriptions()).find((s) => s.url === pushing.feeds[0]!.url)!;
      assert.ok(first.interval_s >= PUSHED_INTERVAL_S, `asked every ${first.interval_s} s`);
    });

    test('a push signed with another key is ignored and kept nowhere', async () => {
      await w.server.hub!.idle();
      w.server.hub!.setFault({ kind: 'bad-signature' });
      try {
        const title = 'Un faux communiqué signé avec une autre clé';
        const deliveredBefore = w.server.hub!.deliveries.length;
        w.server.publishArticle(PUSHING, { title, lead: 'Personne ne devrait le lire.' });
        await w.server.hub!.idle();
        assert.ok(w.server.hub!.deliveries.length > deliveredBefore, 'the hub did push');
        assert.ok(
          w.server.hub!.deliveries.slice(deliveredBefore).every((d) => d.ok),
          'answered 2xx as the spec asks',
        );
        await new Promise((r) => setTimeout(r, 600));
        assert.equal(await articleTitled(title), undefined);
        assert.equal((await db().selectFrom('websub_pushes').select('id').execute()).length, 0);
      } finally {
        w.server.hub!.setFault(null);
      }
    });

    test('a hub at a forbidden address is never asked: the subscription says why', async () => {
      const [sub] = await subscriptions();
      await keepSubscribed(
        {
          store: w.store,
          client: w.client,
          log: silentLogger,
          callbackBase: 'http://127.0.0.1:9/websub/',
        },
        sub!.feed_id,
        { hub: `${w.server.forbiddenOrigin}/hub`, self: sub!.topic },
        new Date(),
      );
      const row = await db()
        .selectFrom('websub_subscriptions')
        .select(['state', 'reason', 'hub'])
        .where('feed_id', '=', sub!.feed_id)
        .executeTakeFirstOrThrow();
      assert.equal(row.state, 'denied');
      assert.equal(row.hub, `${w.server.forbiddenOrigin}/hub`);
      assert.match(row.reason ?? '', /refused the subscription/);
      assert.deepEqual(w.server.forbiddenRequests, [], 'the guard refused it without a request');
    });

    test('the callback refuses what it did not ask: an unknown token, a wrong topic, an unsubscription', async () => {
      const sub = (await subscriptions()).find((s) => s.state === 'active');
      const token = (
        await db()
          .selectFrom('websub_subscriptions')
          .select('token')
          .where('feed_id', '=', sub!.feed_id)
          .executeTakeFirstOrThrow()
      ).token;
      const get = (path: string) => app.inject({ method: 'GET', url: path });
      const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
      assert.equal(
        (
          await get(
            `/websub/nope?${q({ 'hub.mode': 'subscribe', 'hub.topic': sub!.topic, 'hub.challenge': 'x' })}`,
          )
        ).statusCode,
        404,
      );
      assert.equal(
        (
          await get(
            `/websub/${token}?${q({ 'hub.mode': 'subscribe', 'hub.topic': 'https://elsewhere.example/feed', 'hub.challenge': 'x' })}`,
          )
        ).statusCode,
        404,
      );
      assert.equal(
        (
          await get(
            `/websub/${token}?${q({ 'hub.mode': 'unsubscribe', 'hub.topic': sub!.topic, 'hub.challenge': 'x' })}`,
          )
        ).statusCode,
        404,
      );
      const verified = await get(
        `/websub/${token}?${q({ 'hub.mode': 'subscribe', 'hub.topic': sub!.topic, 'hub.challenge': 'abc123', 'hub.lease_seconds': '86400' })}`,
      );
      assert.equal(verified.statusCode, 200);
      assert.equal(verified.body, 'abc123');
      const gone = await app.inject({
        method: 'POST',
        url: '/websub/nope',
        payload: '<rss/>',
        headers: { 'content-type': 'application/rss+xml' },
      });
      assert.equal(gone.statusCode, 410);
    });
  });
}
