// The statements a feed run makes find their rows through the index that
// fits, not by reading a whole table: with many feeds, a wrong choice costs
// every run (SQLite chose feeds_due for a source's feed count and read every
// enabled feed, 0.3 ms a run at 500 feeds, until the count said otherwise).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  connectionOf,
  dbOf,
  openDatabase,
  Store,
  sourceHistory,
  syncSources,
} from '../../src/store/index.ts';
import { releaseOriginIfIdle } from '../../src/store/leases/index.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';
import { testSource } from './feed-run.ts';

const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;
let store: Store;
let database: TestDatabase;

before(async () => {
  database = await sqlite.create();
  store = new Store(await openDatabase(database.url));
  await syncSources(
    store,
    Array.from({ length: 20 }, (_, i) => testSource(`journal-${i}`)),
  );
});
after(async () => {
  await store.close();
  await database.drop();
});

/** The SQL texts better-sqlite3 runs while `work` does (statements are cached: their shared prototype sees each run). */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const raw = connectionOf(store).sqlite!;
  const proto = Object.getPrototypeOf(raw.prepare('select 1')) as Record<
    'all' | 'get' | 'run',
    (...a: unknown[]) => unknown
  >;
  const seen: string[] = [];
  const originals = { all: proto.all, get: proto.get, run: proto.run };
  for (const m of ['all', 'get', 'run'] as const) {
    const original = originals[m];
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      seen.push(this.source);
      return original.apply(this, args);
    };
  }
  try {
    await work();
  } finally {
    Object.assign(proto, originals);
  }
  return seen;
}

/** The plan SQLite chooses for a statement (its parameters given stand-in values). */
function planOf(text: string): string {
  const raw = connectionOf(store).sqlite!;
  const stand = text
    .split('?')
    .slice(1)
    .map(() => 1);
  return (raw.prepare(`explain query plan ${text}`).all(...stand) as { detail: string }[])
    .map((r) => r.detail)
    .join('; ');
}

test("a source's pace history reads its own feeds and articles through their source's indexes", async () => {
  const raw = connectionOf(store).sqlite!;
  const { id } = raw.prepare("select id from sources where slug = 'journal-3'").get() as { id: number };
  const texts = await statementsOf(() => sourceHistory(store, id, '2026-01-01T00:00:00.000Z'));
  assert.ok(texts.length >= 2);
  for (const text of texts) {
    const plan = planOf(text);
    assert.match(plan, /SEARCH (feeds|articles) USING (COVERING )?INDEX/, `${text}\n${plan}`);
    assert.doesNotMatch(plan, /feeds_due|SCAN/, `${text}\n${plan}`);
  }
});

test('after a run, whether the worker still holds a page at the origin is asked of the held pages alone', async () => {
  // article_pages keeps every page fetched: a scan of it grows with the press (0021_leased_pages).
  const texts = await statementsOf(() =>
    dbOf(store)
      .transaction()
      .execute((trx) =>
        releaseOriginIfIdle(trx, 'https://journal-3.example', 'worker-1', new Date().toISOString()),
      ),
  );
  const pages = texts.filter((t) => /from "article_pages"/.test(t));
  assert.equal(pages.length, 1);
  for (const text of texts.filter((t) => /^select/.test(t))) assert.doesNotMatch(planOf(text), /SCAN/, text);
  assert.match(planOf(pages[0]!), /USING (COVERING )?INDEX article_pages_leased/);
});

test("a story's articles are read through the story indexes, which hold only the articles in a story", () => {
  // The shapes the detector, the recount and the site ask (membership.ts,
  // remove.ts, read.ts): each through articles_story or
  // articles_story_source, partial since 0022 (story_id is not null).
  const raw = connectionOf(store).sqlite!;
  const partial = raw
    .prepare("select name, sql from sqlite_master where name in ('articles_story', 'articles_story_source')")
    .all() as { name: string; sql: string }[];
  assert.equal(partial.length, 2);
  for (const { sql } of partial) assert.match(sql, /where story_id is not null/i);
  for (const text of [
    'select a.id, a.published_at from articles a where a.story_id = ? order by a.published_at desc, a.id desc limit 24',
    'select 1 as x from articles where story_id = ? and source_id = ? and id <> ? limit 1',
    'select id, source_id, title, published_at from articles where story_id = ? order by published_at, id limit 1',
    'select count(*), max(published_at) from articles where story_id = ?',
    'select count(distinct source_id) from articles where story_id = ?',
  ]) {
    const plan = planOf(text);
    assert.match(plan, /USING (COVERING )?INDEX articles_story/, `${text}\n${plan}`);
    assert.doesNotMatch(plan, /SCAN articles/, `${text}\n${plan}`);
  }
});
