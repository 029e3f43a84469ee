// Freshness (issue 18), end to end against the fixture press: the
// publisher's Cache-Control and Expires keep the crawler away until they run
// out, and every new article's wait from its own date to its arrival is
// counted in kiosque_publish_delay_seconds (not a first crawl's backlog).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbOf } from '../../src/store/index.ts';
import { publishDelay } from '../../src/util/metrics.ts';
import { type CrawlWorld, crawlWorld } from './helpers.ts';

async function delays(): Promise<{ count: number; sum: number; within60: number }> {
  const values = (await publishDelay.get()).values;
  const find = (name: string, le?: number) =>
    values.find((v) => v.metricName === name && (le === undefined || v.labels.le === le))?.value ?? 0;
  return {
    count: find('kiosque_publish_delay_seconds_count'),
    sum: find('kiosque_publish_delay_seconds_sum'),
    within60: find('kiosque_publish_delay_seconds_bucket', 60),
  };
}

describe('freshness against the fixture press', () => {
  let w: CrawlWorld;
  before(async () => {
    w = await crawlWorld();
  });
  after(() => w.close());

  const feedsOf = (slug: string) =>
    dbOf(w.store)
      .selectFrom('feeds')
      .innerJoin('sources', 'sources.id', 'feeds.source_id')
      .select(['feeds.url', 'feeds.next_fetch_at', 'feeds.last_fetched_at', 'feeds.interval_s'])
      .where('sources.slug', '=', slug)
      .execute();
  const waitS = (f: { next_fetch_at: string; last_fetched_at: string | null }) =>
    (Date.parse(f.next_fetch_at) - Date.parse(f.last_fetched_at ?? '')) / 1000;

  test("a first crawl's backlog is not counted as a delay; new articles are, from their own date", async () => {
    const first = await w.crawl();
    assert.ok(first.newArticles > 50);
    assert.equal((await delays()).count, 0, 'the archive the feeds list is not news we were late for');

    const start = await delays();
    w.server.publish('le-quotidien', 2);
    w.server.publish('al-akhbar', 1);
    const second = await w.crawl();
    assert.ok(second.newArticles >= 3);
    const end = await delays();
    assert.equal(end.count - start.count, second.newArticles, 'each new article once');
    assert.equal(end.within60 - start.within60, second.newArticles, 'published moments ago');
    assert.ok(end.sum - start.sum < 60 * second.newArticles);
  });

  test("the publisher's Cache-Control max-age and Expires keep the next poll away until they run out", async () => {
    const maxAge = 5 * 3600;
    w.server.setFault('le-quotidien', {
      kind: 'headers',
      headers: { 'cache-control': `public, max-age=${maxAge}` },
    });
    const expiresInS = 4 * 3600;
    const answeredAt = new Date();
    w.server.setFault('al-akhbar', {
      kind: 'headers',
      headers: {
        // A publisher whose clock is a day behind: Expires counts from its own Date.
        date: new Date(answeredAt.getTime() - 86_400_000).toUTCString(),
        expires: new Date(answeredAt.getTime() - 86_400_000 + expiresInS * 1000).toUTCString(),
      },
    });
    try {
      await w.crawl();
      for (const f of await feedsOf('le-quotidien')) {
        assert.ok(f.interval_s * 1.1 < maxAge, `${f.url}: its own rhythm would come sooner`);
        assert.ok(waitS(f) >= maxAge - 1, `${f.url} waits ${waitS(f)} s`);
        assert.ok(waitS(f) <= maxAge + 5);
      }
      for (const f of await feedsOf('al-akhbar')) {
        assert.ok(f.interval_s * 1.1 < expiresInS - 10, `${f.url}: its own rhythm would come sooner`);
        assert.ok(Math.abs(waitS(f) - expiresInS) <= 5, `${f.url} waits ${waitS(f)} s`);
      }
      // A publication that says nothing is polled by its rhythm alone.
      for (const f of await feedsOf('rabat-soir')) assert.ok(waitS(f) <= f.interval_s * 1.1 + 1, f.url);
    } finally {
      w.server.setFault('le-quotidien', null);
      w.server.setFault('al-akhbar', null);
    }
  });
});
