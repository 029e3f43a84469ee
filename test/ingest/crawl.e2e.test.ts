// The crawl end to end: fixture press server → real HTTP client → real
// parser → SQLite, checking that every article lands once and correctly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { articleRows, countArticles, listSourcesWithFeeds, takeDownArticle } from '../../src/store/index.ts';
import { BACKENDS } from '../store/backends.ts';
import { type CrawlWorld, crawlWorld, publishedEntries } from './helpers.ts';

for (const backend of BACKENDS) {
  describe(`crawl on ${backend.name}: the six publications`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    before(async () => {
      w = await crawlWorld({}, { wrongFeedFor: ['rabat-soir'] }, backend);
    });
    after(() => w.close());

    test('the first crawl stores every entry once, with its title intact in every charset', async () => {
      const summary = await w.crawl();
      assert.deepEqual(summary.failed, []);
      const expected = publishedEntries(w.server);
      assert.equal(summary.newArticles, expected.length);
      const rows = await articleRows(w.store);
      assert.equal(rows.length, expected.length);
      const titles = new Set(rows.map((r) => r.title));
      for (const e of expected) assert.ok(titles.has(e.title), `missing or damaged title: ${e.title}`);
      // No mojibake and no replacement characters anywhere (windows-1252, windows-1256, ISO-8859-1 label).
      for (const r of rows) {
        assert.doesNotMatch(
          `${r.title} ${r.summary ?? ''}`,
          /Ã.|Ø.|Ù.|\uFFFD/,
          `damaged text in ${r.canonical_url}`,
        );
      }
      const languages = new Set(rows.map((r) => r.language));
      assert.deepEqual([...languages].sort(), ['ar', 'fr']);
    });

    test('a wrong feed URL is replaced by the one found from the homepage, and remembered', async () => {
      const sources = await listSourcesWithFeeds(w.store);
      const rabat = sources.find((s) => s.slug === 'rabat-soir')!;
      const real = w.server.publications.find((p) => p.slug === 'rabat-soir')!.feeds[0]!.url;
      assert.equal(rabat.feeds[0]!.effective_url, real);
      assert.ok(rabat.feeds[0]!.discovered_at);
      assert.equal(
        (await articleRows(w.store, 'rabat-soir')).length,
        publishedEntries(w.server, ['rabat-soir']).length,
      );
    });

    test('a second crawl sends conditional requests and stores nothing new', async () => {
      const before = w.server.requests.length;
      const summary = await w.crawl();
      assert.equal(summary.newArticles, 0);
      assert.equal(summary.updatedArticles, 0);
      assert.deepEqual(summary.failed, []);
      assert.equal(summary.notModified, summary.feeds);
      const feedRequests = w.server.requests
        .slice(before)
        .filter((r) => w.server.publications.some((p) => p.feeds.some((f) => f.url === r.origin + r.path)));
      assert.equal(feedRequests.length, summary.feeds);
      for (const r of feedRequests) {
        assert.ok(r.headers['if-none-match'] || r.headers['if-modified-since'], `unconditional: ${r.path}`);
      }
      // The weak ETag goes back exactly as received.
      const akhbar = w.server.publications.find((p) => p.slug === 'al-akhbar')!;
      const weak = feedRequests.find((r) => r.origin === akhbar.origin);
      assert.match(weak?.headers['if-none-match'] ?? '', /^W\/"/);
    });

    test('new entries are added, and an edited one is updated in place', async () => {
      const before = new Map((await articleRows(w.store, 'al-akhbar')).map((r) => [r.canonical_url, r]));
      w.server.publish('le-quotidien', 2);
      w.server.edit('al-akhbar', 0);
      const summary = await w.crawl();
      const quotidienFeeds = w.server.publications.find((p) => p.slug === 'le-quotidien')!.feeds.length;
      assert.equal(summary.newArticles, 2 * quotidienFeeds);
      assert.ok(summary.updatedArticles >= 1);
      const akhbar = w.server.publications.find((p) => p.slug === 'al-akhbar')!;
      const edited = akhbar.entries(akhbar.feeds[0]!.url)[0]!;
      const row = (await articleRows(w.store, 'al-akhbar')).find((r) => r.canonical_url === edited.url)!;
      assert.equal(row.title, edited.title);
      assert.equal(row.id, before.get(edited.url)?.id);
      assert.equal(await countArticles(w.store), publishedEntries(w.server).length);
    });

    test('a removed article is not brought back', async () => {
      const [victim] = await articleRows(w.store, 'l-eco-du-jour');
      await takeDownArticle(w.store, victim!.id, 'takedown', { id: null, name: 'test' });
      w.server.publish('l-eco-du-jour', 1);
      const summary = await w.crawl('l-eco-du-jour');
      assert.equal(summary.newArticles, 1);
      const rows = await articleRows(w.store, 'l-eco-du-jour');
      assert.ok(!rows.some((r) => r.identity === victim!.identity));
    });
  });

  describe(`crawl on ${backend.name}: publishers misbehaving`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    before(async () => {
      w = await crawlWorld({}, {}, backend);
      await w.crawl();
    });
    after(() => w.close());

    const feedOf = (slug: string) => w.server.publications.find((p) => p.slug === slug)!;
    const errorOf = async (slug: string) =>
      (await listSourcesWithFeeds(w.store)).find((s) => s.slug === slug)!.feeds[0]!;

    test('a 500 is a failed feed with its reason; the run completes and the others are fine', async () => {
      w.server.setFault('le-quotidien', { kind: 'status', status: 500 });
      const summary = await w.crawl();
      w.server.setFault('le-quotidien', null);
      assert.ok(summary.failed.length >= 1);
      assert.ok(summary.failed.every((f) => f.source === 'le-quotidien' && f.error.kind === 'http_status'));
      assert.match(summary.failed[0]!.error.message, /500/);
      assert.equal(summary.ok + summary.notModified + summary.failed.length, summary.feeds);
      const feed = await errorOf('le-quotidien');
      assert.equal(feed.last_error_kind, 'http_status');
      assert.equal(feed.consecutive_errors, 1);
    });

    test('429 with Retry-After is remembered: a forced crawl does not ask before the time is up', async () => {
      w.server.setFault('al-youm', { kind: 'retry-after', status: 429, retryAfter: '3600' });
      const first = await w.crawl('al-youm');
      assert.ok(first.failed.some((f) => f.error.kind === 'rate_limited'));
      const feed = await errorOf('al-youm');
      assert.ok(feed.retry_after_until && Date.parse(feed.retry_after_until) > Date.now() + 3500_000);
      const before = w.server.requests.length;
      const second = await w.crawl('al-youm');
      const asked = w.server.requests.slice(before).filter((r) => r.origin === feedOf('al-youm').origin);
      const rateLimitedPaths = new Set(first.failed.map((f) => new URL(f.url).pathname));
      assert.ok(!asked.some((r) => rateLimitedPaths.has(r.path.split('?')[0]!)), 'asked before Retry-After');
      assert.ok(second.waiting.length >= 1);
      w.server.setFault('al-youm', null);
    });

    test('a redirect to a refused address is blocked and nothing reaches it', async () => {
      w.server.setFault('sawt-al-maghrib', {
        kind: 'redirect-to',
        location: `${w.server.forbiddenOrigin}/feed`,
      });
      const summary = await w.crawl('sawt-al-maghrib');
      w.server.setFault('sawt-al-maghrib', null);
      assert.equal(summary.failed[0]?.error.kind, 'blocked_address');
      assert.equal(w.server.forbiddenRequests.length, 0);
    });

    test('an XML bomb is refused whole as unsafe_xml', async () => {
      w.server.setFault('rabat-soir', { kind: 'xml-bomb' });
      const summary = await w.crawl('rabat-soir');
      w.server.setFault('rabat-soir', null);
      assert.equal(summary.failed[0]?.error.kind, 'unsafe_xml');
    });

    test('a 50 MB feed is cut off at the size limit', async () => {
      w.server.setFault('l-eco-du-jour', { kind: 'huge', bytes: 50 * 1024 * 1024 });
      const summary = await w.crawl('l-eco-du-jour');
      w.server.setFault('l-eco-du-jour', null);
      assert.equal(summary.failed[0]?.error.kind, 'too_large');
    });

    test('a bot challenge is reported as such', async () => {
      w.server.setFault('al-akhbar', { kind: 'bot-challenge' });
      const summary = await w.crawl('al-akhbar');
      w.server.setFault('al-akhbar', null);
      assert.equal(summary.failed[0]?.error.kind, 'bot_challenge');
    });

    test('a reset connection and a slow answer fail with their kinds and are retried later', async () => {
      w.server.setFault('le-quotidien', { kind: 'reset' });
      const reset = await w.crawl('le-quotidien');
      assert.equal(reset.failed[0]?.error.kind, 'network');
      w.server.setFault('le-quotidien', { kind: 'slow', ms: 3000 });
      const slow = await w.crawl('le-quotidien');
      assert.equal(slow.failed[0]?.error.kind, 'timeout');
      w.server.setFault('le-quotidien', null);
      const healed = await w.crawl('le-quotidien');
      assert.deepEqual(healed.failed, []);
      const feed = await errorOf('le-quotidien');
      assert.equal(feed.consecutive_errors, 0);
      assert.equal(feed.status, 'ok');
    });

    test('one guid for every item: the articles are still told apart by their links', async () => {
      w.server.setFault('l-eco-du-jour', { kind: 'broken-guids' });
      w.server.publish('l-eco-du-jour', 3);
      const before = await countArticles(w.store);
      const summary = await w.crawl('l-eco-du-jour');
      w.server.setFault('l-eco-du-jour', null);
      assert.equal(summary.newArticles, 3);
      assert.equal(await countArticles(w.store), before + 3);
    });
  });
}
