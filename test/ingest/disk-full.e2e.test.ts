// The crawler on a full disk (issue 19): it says so once, pauses its runs
// instead of fetching every feed again only to fail to store it, and
// catches up by itself once there is space. The disk is made "full" with
// SQLite's max_page_count, which SQLite answers exactly as a full file
// system (SQLITE_FULL).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { CrawlerLoop } from '../../src/ingest/index.ts';
import { newWorkerId } from '../../src/ingest/leases.ts';
import { dbOf } from '../../src/store/index.ts';
import { crawlWorld, publishedEntries } from './helpers.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a full disk pauses the crawl, said once; freed space lets it catch up, nothing lost', async () => {
  const w = await crawlWorld({ publications: [], generated: { feeds: 12, entriesPerFeed: 8, origins: 3 } });
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const db = dbOf(w.store);
  const stored = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from articles`.execute(db)).rows[0]!.n);
  const loop = new CrawlerLoop(
    { store: w.store, indexer: w.indexer, client: w.client, log, workerId: newWorkerId('test') },
    { concurrency: 4, idleMs: 100, fullDiskPauseMs: 700 },
  );
  try {
    // Room for the schema and little more.
    const pages = Number(
      (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count,
    );
    await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(db);
    loop.start();
    for (let i = 0; i < 100 && !lines.some((l) => /is full: crawling paused/.test(l)); i++) await sleep(100);
    assert.ok(
      lines.some((l) => /is full: crawling paused, trying again every 1 s/.test(l)),
      lines.join(''),
    );
    // Paused, not spinning: over two pauses, at most a round per pause reaches the publishers.
    const before = w.server.requests.length;
    await sleep(1400);
    const during = w.server.requests.length - before;
    assert.ok(during <= 3 * 4, `feed requests while the disk is full: ${during}`);
    assert.equal(lines.filter((l) => /is full: crawling paused/.test(l)).length, 1, 'said once');
    // Each feed whose run could not be stored: one line, no stack trace.
    const notStored = lines.filter((l) => /feed run not stored \(the disk is full\)/.test(l));
    assert.ok(notStored.length >= 1, lines.join(''));
    for (const l of notStored) assert.doesNotMatch(l, /"stack"|"err"/, l);
    assert.equal(lines.filter((l) => /failed to record/.test(l)).length, 0, lines.join(''));
    // Space again: everything comes in.
    await sql.raw('pragma max_page_count = 1073741823').execute(db);
    const expected = publishedEntries(w.server).length;
    for (let i = 0; i < 300 && (await stored()) < expected; i++) await sleep(100);
    assert.equal(await stored(), expected);
    assert.ok(
      lines.some((l) => /there is space on the disk again/.test(l)),
      lines.join(''),
    );
  } finally {
    await loop.stop();
    await w.close();
  }
});
