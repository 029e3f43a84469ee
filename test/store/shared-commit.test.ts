// Feed runs ready together share one SQLite commit (src/store/articles/
// shared-commit.ts), and each stays all or nothing: a run that fails is
// undone alone, its feed's validators unwritten, while the others land.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type ArticleCandidate,
  connectionOf,
  enabledFeeds,
  getFeed,
  openDatabase,
  saveFeedRun,
  Store,
  syncSources,
} from '../../src/store/index.ts';
import {
  GATHER_MS,
  MAX_ARTICLES_PER_COMMIT,
  MAX_RUNS_PER_COMMIT,
} from '../../src/store/articles/shared-commit.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';
import { feedRun, testArticle, testSource } from './feed-run.ts';

const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;

const article = (feed: number, n: number): ArticleCandidate =>
  testArticle(`${feed}-${n}`, {
    canonicalUrl: `https://s${feed}.example/${n}`,
    title: `Dépêche ${n} du journal ${feed}`,
    publishedAt: new Date(Date.UTC(2026, 11, 1, feed, n)).toISOString(),
  });

describe('feed runs sharing a commit on SQLite', () => {
  let store: Store;
  let database: TestDatabase;
  let feeds: { id: number; source_id: number }[];
  let commits = 0;
  let restore = () => {};

  before(async () => {
    database = await sqlite.create();
    store = new Store(await openDatabase(database.url));
    await syncSources(
      store,
      Array.from({ length: MAX_RUNS_PER_COMMIT }, (_, i) => testSource(`journal-${i}`)),
    );
    feeds = (await enabledFeeds(store)).map((f) => ({ id: f.id, source_id: f.source_id }));
    // Counts the commits better-sqlite3 runs (Kysely runs a `commit`
    // statement for each; statements are cached, so their shared prototype is
    // where each run passes).
    const raw = connectionOf(store).sqlite!;
    const statementProto = Object.getPrototypeOf(raw.prepare('select 1')) as {
      run: (...a: unknown[]) => unknown;
    };
    const run = statementProto.run;
    restore = () => {
      statementProto.run = run;
    };
    statementProto.run = function (this: { source: string }, ...args: unknown[]) {
      if (/^\s*commit/i.test(this.source)) commits++;
      return run.apply(this, args);
    };
  });
  after(async () => {
    restore();
    await store.close();
    await database.drop();
  });

  test('as many runs as a commit holds, ready at once: one commit, every run stored', async () => {
    const before = commits;
    const now = new Date().toISOString();
    const results = await Promise.all(
      feeds.map((f, i) =>
        saveFeedRun(
          store,
          f.source_id,
          feedRun(f.id, { etag: `"e${i}"` }),
          [1, 2, 3].map((n) => article(i, n)),
          now,
        ),
      ),
    );
    assert.equal(commits - before, 1, 'one commit for the runs ready together');
    assert.deepEqual(
      results.map((r) => r.newArticles),
      feeds.map(() => 3),
    );
    for (const [i, f] of feeds.entries()) assert.equal((await getFeed(store, f.id))?.etag, `"e${i}"`);
  });

  test('a run that fails is undone alone: its articles and its validators unwritten, the others stored', async () => {
    const now = new Date().toISOString();
    const broken = { ...article(2, 9), title: null as unknown as string }; // NOT NULL: the insert fails
    const runs = feeds
      .slice(0, 4)
      .map((f, i) =>
        saveFeedRun(
          store,
          f.source_id,
          feedRun(f.id, { etag: `"second-${i}"` }),
          i === 2 ? [article(i, 8), broken] : [article(i, 8)],
          now,
        ),
      );
    const settled = await Promise.allSettled(runs);
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((settled[2] as PromiseRejectedResult).reason), /NOT NULL/);
    const etags = await Promise.all(feeds.slice(0, 4).map(async (f) => (await getFeed(store, f.id))?.etag));
    assert.deepEqual(etags, ['"second-0"', '"second-1"', '"e2"', '"second-3"']);
    const raw = connectionOf(store).sqlite!;
    const stored = (identity: string) =>
      raw.prepare('select count(*) as n from articles where identity = ?').get(identity) as { n: number };
    assert.equal(stored('guid:2-8').n, 0, 'the failed run keeps none of its articles');
    assert.equal(stored('guid:1-8').n, 1);
    assert.equal(stored('guid:3-8').n, 1);
  });

  test('a run as large as a commit holds is committed at once, not kept in memory for others', async () => {
    const [a, b] = feeds;
    const before = commits;
    const now = new Date().toISOString();
    const large = Array.from({ length: MAX_ARTICLES_PER_COMMIT }, (_, n) => article(0, 100 + n));
    const saved = await Promise.all([
      saveFeedRun(store, a!.source_id, feedRun(a!.id), large, now),
      saveFeedRun(store, b!.source_id, feedRun(b!.id), [article(1, 100)], now),
    ]);
    assert.deepEqual(
      saved.map((s) => s.newArticles),
      [MAX_ARTICLES_PER_COMMIT, 1],
    );
    assert.equal(commits - before, 2, 'the large run alone, then the other');
  });

  test('runs stored one after another are not held back to gather others', async () => {
    const [f] = feeds;
    const before = commits;
    const started = Date.now();
    for (let n = 30; n < 40; n++) {
      const saved = await saveFeedRun(
        store,
        f!.source_id,
        feedRun(f!.id),
        [article(0, n)],
        new Date().toISOString(),
      );
      assert.equal(saved.newArticles, 1);
    }
    assert.equal(commits - before, 10, 'one commit each');
    // Each waiting GATHER_MS would take 10 times that; alone, a run does not wait.
    assert.ok(Date.now() - started < 10 * GATHER_MS * 0.75, `${Date.now() - started} ms for 10 runs`);
  });
});
