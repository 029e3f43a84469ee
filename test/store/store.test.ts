import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SourceConfig } from '../../src/sources/types.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';
import {
  type ArticleCandidate,
  articleRows,
  countArticles,
  countEnabledFeeds,
  type DbHandle,
  decodeCursor,
  type FeedRunRecord,
  feedsWaitingForRetryAfter,
  getArticle,
  getFeed,
  leaseDueFeeds,
  listArticles,
  listSourcesWithFeeds,
  openDatabase,
  reclaimLeases,
  releaseLease,
  renewLeases,
  saveFeedRun,
  Store,
  syncSources,
  takeDownArticle,
  dbOf,
  connectionOf,
} from '../../src/store/index.ts';
import { feedRun } from './feed-run.ts';

const source = (slug: string, feeds: string[], extra: Partial<SourceConfig> = {}): SourceConfig => ({
  slug,
  name: slug.toUpperCase(),
  homepage: `https://${slug}.example/`,
  language: 'fr',
  timezone: 'Africa/Casablanca',
  feeds: feeds.map((url) => ({ url })),
  mode: 'full',
  enabled: true,
  ...extra,
});

const article = (n: number, extra: Partial<ArticleCandidate> = {}): ArticleCandidate => ({
  identity: `guid:${n}`,
  guid: String(n),
  canonicalUrl: `https://a.example/${n}`,
  matchByUrl: true,
  title: `Titre ${n}`,
  summary: `Résumé ${n}`,
  contentHtml: `<p>Corps ${n}</p>`,
  text: `Corps ${n}`,
  author: null,
  language: 'fr',
  category: null,
  leadImageUrl: `https://a.example/img/${n}.jpg`,
  images: [{ url: `https://a.example/img/${n}.jpg`, foundIn: 'enclosure', caption: null }],
  publishedAt: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(),
  publishedAtGuessed: false,
  needsPage: false,
  contentHash: `h${n}`,
  ...extra,
});

/** A run that went well, with the ETag the conditional-request tests expect. */
function run(feedId: number, extra: Partial<FeedRunRecord> = {}): FeedRunRecord {
  return feedRun(feedId, { etag: '"e1"', ...extra });
}

for (const backend of BACKENDS) {
  describe(`store on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let store: Store;
    let feedId: number;
    let sourceId: number;
    let database: TestDatabase;

    before(async () => {
      database = await backend.create();
      store = new Store(await openDatabase(database.url));
      await syncSources(store, [source('le-quotidien', ['https://a.example/feed'])]);
      const [feed] = await leaseDueFeeds(store, { worker: 'w', limit: 10, now: new Date(), leaseMs: 60_000 });
      assert.ok(feed);
      feedId = feed.id;
      sourceId = feed.source_id;
      await releaseLease(store, feedId, 'w');
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test('a feed run stores new articles once, and a re-run stores nothing', async () => {
      const first = await saveFeedRun(
        store,
        sourceId,
        run(feedId),
        [article(1), article(2)],
        new Date().toISOString(),
      );
      assert.equal(first.newArticles, 2);
      const again = await saveFeedRun(
        store,
        sourceId,
        run(feedId),
        [article(1), article(2)],
        new Date().toISOString(),
      );
      assert.deepEqual([again.newArticles, again.updatedArticles, again.unchanged], [0, 0, 2]);
      assert.equal(await countArticles(store), 2);
    });

    test('a changed title updates the article and keeps its id', async () => {
      const before = (await articleRows(store)).find((a) => a.identity === 'guid:1')!;
      const res = await saveFeedRun(
        store,
        sourceId,
        run(feedId),
        [article(1, { title: 'Titre corrigé', contentHash: 'h1b' })],
        new Date().toISOString(),
      );
      assert.equal(res.updatedArticles, 1);
      const after = (await articleRows(store)).find((a) => a.identity === 'guid:1')!;
      assert.equal(after.id, before.id);
      assert.equal(after.title, 'Titre corrigé');
    });

    test('an entry whose guid changed but whose URL is known is the same article', async () => {
      const res = await saveFeedRun(
        store,
        sourceId,
        run(feedId),
        [article(2, { identity: 'guid:new-2', guid: 'new-2' })],
        new Date().toISOString(),
      );
      assert.equal(res.newArticles, 0);
      assert.equal(await countArticles(store), 2);
    });

    test('the same article twice in one document is stored once', async () => {
      const res = await saveFeedRun(
        store,
        sourceId,
        run(feedId),
        [article(3), article(3)],
        new Date().toISOString(),
      );
      assert.equal(res.newArticles, 1);
    });

    test('a removed article leaves a tombstone and does not come back', async () => {
      const row = (await articleRows(store)).find((a) => a.identity === 'guid:3')!;
      assert.ok(await takeDownArticle(store, row.id, 'takedown', { id: null, name: 'test' }));
      const res = await saveFeedRun(store, sourceId, run(feedId), [article(3)], new Date().toISOString());
      assert.equal(res.newArticles, 0);
      assert.equal(res.tombstoned, 1);
      assert.equal(await getArticle(store, row.id), null);
    });

    test('images are stored once and linked to their articles', async () => {
      const shared = { url: 'https://a.example/img/shared.jpg', foundIn: 'content', caption: null };
      await saveFeedRun(
        store,
        sourceId,
        run(feedId),
        [article(10, { images: [shared] }), article(11, { images: [shared, shared] })],
        new Date().toISOString(),
      );
      const images = await dbOf(store)
        .selectFrom('images')
        .selectAll()
        .where('url', '=', shared.url)
        .execute();
      assert.equal(images.length, 1);
      const links = await dbOf(store)
        .selectFrom('article_images')
        .selectAll()
        .where('image_id', '=', images[0]!.id)
        .execute();
      assert.equal(links.length, 2);
    });

    test('the feed state and the fetch log are written with the articles', async () => {
      await saveFeedRun(
        store,
        sourceId,
        run(feedId, {
          outcome: 'error',
          error: { kind: 'http_status', message: 'HTTP 500 for https://a.example/feed' },
          status: 'error',
          consecutiveErrors: 1,
          failingSince: new Date().toISOString(),
        }),
        [],
        new Date().toISOString(),
      );
      const feed = await getFeed(store, feedId);
      assert.equal(feed?.last_error_kind, 'http_status');
      assert.equal(feed?.consecutive_errors, 1);
      assert.equal(feed?.lease_owner, null);
      const [src] = await listSourcesWithFeeds(store);
      assert.equal(src?.feeds[0]?.last_error_message, 'HTTP 500 for https://a.example/feed');
      const log = await dbOf(store)
        .selectFrom('fetch_log')
        .selectAll()
        .where('feed_id', '=', feedId)
        .execute();
      assert.ok(log.length >= 6);
      assert.equal(log.at(-1)?.error_kind, 'http_status');
    });

    test('articles are listed newest first with a keyset cursor', async () => {
      const page1 = await listArticles(store, { limit: 2 });
      assert.equal(page1.items.length, 2);
      assert.ok(page1.next && decodeCursor(page1.next));
      const page2 = await listArticles(store, { limit: 2, before: page1.next });
      const all = [...page1.items, ...page2.items];
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.publishedAt >= all[i]!.publishedAt);
      assert.equal(new Set(all.map((a) => a.id)).size, all.length);
      const bySource = await listArticles(store, { limit: 50, source: 'le-quotidien' });
      assert.equal(bySource.items.length, await countArticles(store));
      assert.deepEqual((await listArticles(store, { limit: 5, source: 'nope' })).items, []);
    });
  });
}

for (const backend of BACKENDS) {
  describe(`store on ${backend.name}: sources and leases`, { skip: backend.skip ?? false }, () => {
    const opened: Array<{ store: Store; database: TestDatabase }> = [];
    const fresh = async () => {
      const database = await backend.create();
      const store = new Store(await openDatabase(database.url));
      opened.push({ store, database });
      return store;
    };
    after(async () => {
      for (const { store, database } of opened) {
        await store.close().catch(() => undefined);
        await database.drop();
      }
    });

    test('syncSources adds, updates and disables, never deletes', async () => {
      const store = await fresh();
      await syncSources(store, [
        source('a', ['https://a.example/1', 'https://a.example/2']),
        source('b', ['https://b.example/f']),
      ]);
      await syncSources(store, [source('a', ['https://a.example/1'], { name: 'A renamed' })]);
      const all = await listSourcesWithFeeds(store);
      assert.deepEqual(
        all.map((s) => [s.slug, s.name, s.enabled]),
        [
          ['a', 'A renamed', true],
          ['b', 'B', false],
        ],
      );
      assert.deepEqual(
        all[0]!.feeds.map((f) => [f.url, f.enabled]),
        [
          ['https://a.example/1', 1],
          ['https://a.example/2', 0],
        ],
      );
      assert.equal(await countEnabledFeeds(store), 1);
    });

    test('feeds already done in this run are left out, however many (one parameter, not one each)', async () => {
      const store = await fresh();
      const urls = Array.from({ length: 40 }, (_, i) => `https://o${i}.example/feed`);
      await syncSources(store, [source('many', urls)]);
      const now = new Date();
      const all = await leaseDueFeeds(store, { worker: 'w', limit: 100, now, leaseMs: 1, force: true });
      assert.equal(all.length, 40);
      const later = new Date(now.getTime() + 10);
      const done = all.slice(0, 37).map((f) => f.id);
      const left = await leaseDueFeeds(store, {
        worker: 'w',
        limit: 100,
        now: later,
        leaseMs: 60_000,
        force: true,
        excludeIds: done,
      });
      assert.deepEqual(
        left.map((f) => f.id).sort((a, b) => a - b),
        all
          .slice(37)
          .map((f) => f.id)
          .sort((a, b) => a - b),
      );
    });

    test('a leased feed is not leased again until its lease expires; force ignores the schedule, not Retry-After', async () => {
      const store = await fresh();
      await syncSources(store, [source('a', ['https://a.example/1', 'https://b.example/2'])]);
      const now = new Date();
      const first = await leaseDueFeeds(store, { worker: 'w1', limit: 1, now, leaseMs: 60_000 });
      const second = await leaseDueFeeds(store, { worker: 'w2', limit: 5, now, leaseMs: 60_000 });
      assert.equal(first.length, 1);
      assert.equal(second.length, 1);
      assert.notEqual(first[0]!.id, second[0]!.id);
      assert.equal((await leaseDueFeeds(store, { worker: 'w3', limit: 5, now, leaseMs: 60_000 })).length, 0);
      const later = new Date(now.getTime() + 61_000);
      assert.equal(
        (await leaseDueFeeds(store, { worker: 'w3', limit: 5, now: later, leaseMs: 60_000 })).length,
        2,
      );

      // One feed is not due for an hour, the other asked us to wait (429).
      const [f1, f2] = [first[0]!, second[0]!];
      const inAnHour = new Date(now.getTime() + 3600_000).toISOString();
      // w3 finishes both runs, which gives their origins back.
      const by = (f: typeof f1) => ({ worker: 'w3', origin: f.origin, finishedAt: now.toISOString() });
      await saveFeedRun(
        store,
        f1.source_id,
        run(f1.id, { ...by(f1), nextFetchAt: inAnHour }),
        [],
        now.toISOString(),
      );
      await saveFeedRun(
        store,
        f2.source_id,
        run(f2.id, {
          ...by(f2),
          outcome: 'error',
          nextFetchAt: inAnHour,
          retryAfterUntil: inAnHour,
          status: 'error',
        }),
        [],
        now.toISOString(),
      );
      assert.equal((await leaseDueFeeds(store, { worker: 'w4', limit: 5, now, leaseMs: 1 })).length, 0);
      const forced = await leaseDueFeeds(store, { worker: 'w4', limit: 5, now, leaseMs: 1, force: true });
      assert.deepEqual(
        forced.map((f) => f.id),
        [f1.id],
      );
      assert.deepEqual(
        (await feedsWaitingForRetryAfter(store, now)).map((f) => f.id),
        [f2.id],
      );
    });

    test('a worker renews its leases while it works; an expired lease is not renewed', async () => {
      const store = await fresh();
      await syncSources(store, [source('a', ['https://a.example/1', 'https://b.example/2'])]);
      const now = new Date();
      const at = (s: number) => new Date(now.getTime() + s * 1000);
      const [mine] = await leaseDueFeeds(store, { worker: 'w1', limit: 1, now, leaseMs: 60_000 });
      const [theirs] = await leaseDueFeeds(store, { worker: 'w2', limit: 1, now, leaseMs: 60_000 });
      assert.ok(mine && theirs);
      // w1 renews at 50 s; w2 renews only at 70 s, after its lease ran out.
      await renewLeases(store, 'w1', at(50), 60_000);
      await renewLeases(store, 'w2', at(70), 60_000);
      const taken = await leaseDueFeeds(store, { worker: 'w3', limit: 5, now: at(75), leaseMs: 60_000 });
      assert.deepEqual(
        taken.map((f) => f.id),
        [theirs.id],
      );
      // w1's feed and its origin come free once the renewed lease ends, at 110 s.
      assert.equal(
        (await leaseDueFeeds(store, { worker: 'w4', limit: 5, now: at(105), leaseMs: 60_000 })).length,
        0,
      );
      assert.deepEqual(
        (await leaseDueFeeds(store, { worker: 'w4', limit: 5, now: at(111), leaseMs: 60_000 })).map(
          (f) => f.id,
        ),
        [mine.id],
      );
    });

    test('transact runs several calls in one transaction; a throw inside rolls them all back', async () => {
      const store = await fresh();
      await syncSources(store, [source('t', ['https://t.example/1'])]);
      const now = new Date();
      const [feed] = await leaseDueFeeds(store, { worker: 'w1', limit: 1, now, leaseMs: 60_000 });
      assert.ok(feed);
      const leaseOf = async (h: DbHandle) => String((await getFeed(h, feed.id))!.lease_until);
      const leased = await leaseOf(store);
      const later = new Date(now.getTime() + 30_000);
      // renewLeases writes feeds, pages and origins: three statements, one transaction here.
      await assert.rejects(
        store.transact(async (tx) => {
          await renewLeases(tx, 'w1', later, 600_000);
          assert.notEqual(await leaseOf(tx), leased, 'the renewal is seen inside the transaction');
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await leaseOf(store), leased, 'rolled back');
      const renewed = await store.transact(async (tx) => {
        await renewLeases(tx, 'w1', later, 600_000);
        return leaseOf(tx);
      });
      assert.notEqual(renewed, leased);
      assert.equal(await leaseOf(store), renewed, 'committed');
    });

    test('one worker at a time per origin, and the origin rests after its last request', async () => {
      const store = await fresh();
      await syncSources(store, [
        source('a', ['https://a.example/1', 'https://a.example/2', 'https://b.example/3']),
      ]);
      const now = new Date();
      const w1 = await leaseDueFeeds(store, { worker: 'w1', limit: 1, now, leaseMs: 60_000 });
      assert.deepEqual(
        w1.map((f) => f.origin),
        ['https://a.example'],
      );
      // w2 may not touch a.example while w1 holds it; b.example is free.
      const w2 = await leaseDueFeeds(store, { worker: 'w2', limit: 5, now, leaseMs: 60_000 });
      assert.deepEqual(
        w2.map((f) => f.origin),
        ['https://b.example'],
      );
      // w1 may take more of its own origin.
      const more = await leaseDueFeeds(store, { worker: 'w1', limit: 5, now, leaseMs: 60_000 });
      assert.deepEqual(
        more.map((f) => f.url),
        ['https://a.example/2'],
      );
      // The origin is released with the last of w1's feeds there, resting 2 s.
      const finished = new Date(now.getTime() + 1000).toISOString();
      const done = (id: number) =>
        run(id, { worker: 'w1', origin: 'https://a.example', hostDelayMs: 2000, finishedAt: finished });
      await saveFeedRun(store, w1[0]!.source_id, done(w1[0]!.id), [], finished);
      let host = await dbOf(store)
        .selectFrom('crawl_hosts')
        .selectAll()
        .where('origin', '=', 'https://a.example')
        .executeTakeFirst();
      assert.equal(host?.lease_owner, 'w1');
      await saveFeedRun(store, w1[0]!.source_id, done(more[0]!.id), [], finished);
      host = await dbOf(store)
        .selectFrom('crawl_hosts')
        .selectAll()
        .where('origin', '=', 'https://a.example')
        .executeTakeFirst();
      assert.equal(host?.lease_owner, null);
      assert.equal(host?.free_at, new Date(now.getTime() + 3000).toISOString());
      const opts = { worker: 'w3', limit: 5, leaseMs: 60_000, force: true };
      assert.equal((await leaseDueFeeds(store, { ...opts, now: new Date(now.getTime() + 2000) })).length, 0);
      const later = await leaseDueFeeds(store, { ...opts, now: new Date(now.getTime() + 3001) });
      assert.deepEqual(later.map((f) => f.url).sort(), ['https://a.example/1', 'https://a.example/2']);
    });

    test('leases of a dead owner are reclaimed', async () => {
      const store = await fresh();
      await syncSources(store, [source('a', ['https://a.example/1'])]);
      await leaseDueFeeds(store, { worker: 'dead-one', limit: 5, now: new Date(), leaseMs: 600_000 });
      assert.equal(await reclaimLeases(store, (owner) => owner === 'dead-one'), 1);
      assert.equal(
        (await leaseDueFeeds(store, { worker: 'w', limit: 5, now: new Date(), leaseMs: 1 })).length,
        1,
      );
    });
  });
}

describe('store on sqlite: the file', () => {
  test('a database file is migrated once and reopened as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosque-store-'));
    try {
      const url = `sqlite:${join(dir, 'k.db')}`;
      const a = new Store(await openDatabase(url));
      await syncSources(a, [source('a', ['https://a.example/1'])]);
      await a.close();
      const b = new Store(await openDatabase(url));
      assert.equal(await countEnabledFeeds(b), 1);
      const check = connectionOf(b).sqlite!.pragma('integrity_check', { simple: true });
      assert.equal(check, 'ok');
      assert.equal(connectionOf(b).sqlite!.pragma('journal_mode', { simple: true }), 'wal');
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
