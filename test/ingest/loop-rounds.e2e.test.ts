// The crawler loop's rounds (issue 18: its CPU at a thousand publications).
// A run's end frees a slot, but after a round that found nothing due the
// next round waits a second, so runs ending one after another share one
// round instead of two lease transactions each; what falls due meanwhile is
// still taken at that round, long before the idle time. A push is looked at
// at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrawlerLoop, newWorkerId } from '../../src/ingest/index.ts';
import { dbOf } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { crawlWorld } from './helpers.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("after a round that found nothing, runs' ends bring the next round a second later, not at once and not at the idle time", async () => {
  const w = await crawlWorld({ publications: [], generated: { feeds: 3, entriesPerFeed: 4, origins: 3 } });
  const db = dbOf(w.store);
  const loop = new CrawlerLoop(
    {
      store: w.store,
      indexer: w.indexer,
      client: w.client,
      log: silentLogger,
      workerId: newWorkerId('test'),
      hostDelayMs: 0,
    },
    { concurrency: 4, idleMs: 60_000 },
  );
  const feeds = w.server.publications.map((p) => p.feeds[0]!.url);
  const requestsOf = (url: string) => w.server.requests.filter((r) => r.origin + r.path === url);
  const makeDue = (url: string) =>
    db
      .updateTable('feeds')
      .set({ next_fetch_at: new Date(Date.now() - 1000).toISOString() })
      .where('url', '=', url)
      .execute();
  try {
    loop.start();
    const polled = async () =>
      (await db.selectFrom('feeds').select(['last_fetched_at', 'lease_owner']).execute()).every(
        (f) => f.last_fetched_at && !f.lease_owner,
      );
    for (let i = 0; i < 300 && !(await polled()); i++) await sleep(50);
    assert.ok(await polled(), 'the first round polls every feed');
    await sleep(1500); // the loop asleep, for its idle minute
    const [a, b, c] = feeds as [string, string, string];
    const before = new Map(feeds.map((f) => [f, requestsOf(f).length]));
    await makeDue(a);
    await makeDue(b);
    loop.nudge(); // a push: looked at at once
    for (let i = 0; i < 100 && requestsOf(b).length === before.get(b); i++) await sleep(10);
    const pushedAt = Math.min(requestsOf(a).at(-1)!.startedAt, requestsOf(b).at(-1)!.startedAt);
    assert.ok(
      requestsOf(a).length > before.get(a)! && requestsOf(b).length > before.get(b)!,
      'a nudge polls what is due at once',
    );
    // Leased at once, then a round that found nothing; c falls due after it.
    await makeDue(c);
    for (let i = 0; i < 300 && requestsOf(c).length === before.get(c); i++) await sleep(50);
    assert.ok(
      requestsOf(c).length > before.get(c)!,
      "c is polled at the round after a and b's ends, not after the idle minute",
    );
    const gap = requestsOf(c).at(-1)!.startedAt - pushedAt;
    assert.ok(gap >= 700, `the round after their ends waited its second (${gap.toFixed(0)} ms)`);
    assert.ok(gap < 15_000, `and came long before the idle time (${gap.toFixed(0)} ms)`);
  } finally {
    await loop.stop();
    await w.close();
  }
});
