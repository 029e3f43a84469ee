// How many threads prepare articles (issue 16: each costs memory; on two
// cores a second one only competes with the crawler's own thread), and a
// thread that has only read feeds can still extract a page: it loads the
// extractor at its first page.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  closeIngestPool,
  defaultPrepareThreads,
  prepareFeedOffThread,
  preparePageOffThread,
  setPrepareThreads,
} from '../../src/ingest/index.ts';
import { workCounts } from '../../src/util/work-counts.ts';

after(async () => {
  setPrepareThreads(defaultPrepareThreads());
  await closeIngestPool();
});

test('two preparing threads, one on a one-core machine', () => {
  assert.equal(defaultPrepareThreads(1), 1);
  assert.equal(defaultPrepareThreads(2), 2);
  assert.equal(defaultPrepareThreads(32), 2);
});

function feed(n: number, length = 30): string {
  const items = Array.from(
    { length },
    (_, i) => `<item><title>Titre ${n}-${i}</title><link>https://presse.example/${n}/${i}.html</link>
      <guid>${n}-${i}</guid><pubDate>Sat, 28 Nov 2026 10:00:00 +0100</pubDate>
      <description>${'Un paragraphe du fil. '.repeat(40)}</description></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://presse.example/</link>${items}</channel></rss>`;
}

const job = (n: number, items = 30) => ({
  text: feed(n, items),
  parse: { url: `https://presse.example/feed-${n}`, timezone: 'UTC', now: new Date('2026-11-29T00:00:00Z') },
  plan: {
    language: 'fr' as const,
    feedCategory: null,
    fetchedAt: new Date('2026-11-29T00:00:00Z'),
    mode: 'full' as const,
  },
});

test('with one thread, many feeds at once are prepared in turn by that one thread', async () => {
  await closeIngestPool();
  setPrepareThreads(1);
  const started = workCounts.threadsStarted;
  const results = await Promise.all(Array.from({ length: 8 }, (_, n) => prepareFeedOffThread(job(n))));
  assert.equal(results.length, 8);
  for (const r of results) assert.equal(r.candidates.length, 30);
  assert.equal(workCounts.threadsStarted - started, 1);

  // The same thread, which has read only feeds so far, extracts a page.
  const words = 'Le conseil a adopté le budget de la commune après un long débat public. ';
  const page = await preparePageOffThread({
    html: `<html><head><title>T</title></head><body><nav><a href="/">Accueil</a></nav><article><h1>T</h1>
      <p>${words.repeat(6)}</p><p>${words.repeat(5)}</p></article></body></html>`,
    url: 'https://presse.example/2026/11/budget.html',
    timezone: 'UTC',
    feedText: 'Le conseil a adopté le budget.',
  });
  assert.match(page.text, /adopté le budget de la commune/);
  assert.doesNotMatch(page.text, /Accueil/);
  assert.equal(workCounts.threadsStarted - started, 1);
});

test('with two threads, feeds at once are spread over two', async () => {
  await closeIngestPool();
  setPrepareThreads(2);
  const started = workCounts.threadsStarted;
  await Promise.all(Array.from({ length: 8 }, (_, n) => prepareFeedOffThread(job(n))));
  assert.equal(workCounts.threadsStarted - started, 2);
  // Fewer from now on: the extra thread ends once idle, and jobs go on.
  setPrepareThreads(1);
  const more = await Promise.all(Array.from({ length: 4 }, (_, n) => prepareFeedOffThread(job(n + 10))));
  assert.equal(more.length, 4);
  assert.equal(workCounts.threadsStarted - started, 2);
});

test('a document over 1 MB is prepared alone, and the pool has its threads again after it', async () => {
  await closeIngestPool();
  setPrepareThreads(2);
  const large = job(99, 800);
  assert.ok(large.text.length * 2 > 1024 * 1024);
  const results = await Promise.all([
    ...Array.from({ length: 6 }, (_, n) => prepareFeedOffThread(job(n))),
    prepareFeedOffThread(large),
  ]);
  assert.equal(results.at(-1)?.candidates.length, 800);
  // Both threads ended around the large one (one as the pool kept a single
  // thread, the large one's after it): the next feeds start two again.
  const started = workCounts.threadsStarted;
  await Promise.all(Array.from({ length: 8 }, (_, n) => prepareFeedOffThread(job(n + 20))));
  assert.equal(workCounts.threadsStarted - started, 2);
});
