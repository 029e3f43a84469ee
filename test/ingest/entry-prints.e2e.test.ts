// A feed's entries are planned (sanitized, their words computed) only when
// they say something new (issue 18: the crawler's CPU). The fixture press,
// the real client and parser, both databases: after a run, each feed keeps
// its entries' prints, and the next run leaves the entries it has seen out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PRINT_CHARS } from '../../src/ingest/plan.ts';
import { dbOf } from '../../src/store/index.ts';
import { BACKENDS } from '../store/backends.ts';
import { type CrawlWorld, crawlWorld } from './helpers.ts';

const SLUG = 'le-quotidien';

for (const backend of BACKENDS) {
  describe(`entry prints on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    before(async () => {
      w = await crawlWorld({}, {}, backend);
      await w.crawl();
    });
    after(() => w.close());

    const db = () => dbOf(w.store);
    const publication = () => w.server.publications.find((p) => p.slug === SLUG)!;
    const sourceId = () => db().selectFrom('sources').select('id').where('slug', '=', SLUG);
    const feedsOf = () =>
      db().selectFrom('feeds').select(['url', 'entry_prints']).where('source_id', 'in', sourceId()).execute();
    // The stored articles made to look out of date: a run that plans an entry
    // again finds its hash changed and rewrites the article.
    const staleHashes = () =>
      db()
        .updateTable('articles')
        .set({ content_hash: 'stale' })
        .where('source_id', 'in', sourceId())
        .execute();

    test('after a run every feed holds one print per entry it listed', async () => {
      const pub = publication();
      const feeds = await feedsOf();
      assert.equal(feeds.length, pub.feeds.length);
      for (const f of feeds) {
        const listed = pub.entries(f.url).length;
        assert.equal(f.entry_prints?.length, listed * PRINT_CHARS, `prints of ${f.url}`);
      }
    });

    test('a feed that gained an entry plans that entry alone; the entries seen before are left as stored', async () => {
      await staleHashes();
      w.server.publish(SLUG, 1);
      const summary = await w.crawl(SLUG);
      const feeds = (await feedsOf()).length;
      assert.equal(summary.newArticles, feeds);
      assert.equal(summary.updatedArticles, 0, 'an entry seen before was planned and compared again');
    });

    test('without its prints a feed plans every entry again (what the prints spare)', async () => {
      await db()
        .updateTable('feeds')
        .set({ entry_prints: null })
        .where('source_id', 'in', sourceId())
        .execute();
      await staleHashes();
      w.server.publish(SLUG, 1);
      const summary = await w.crawl(SLUG);
      const feeds = await feedsOf();
      assert.equal(summary.newArticles, feeds.length);
      // Every entry listed before the new one was planned again and found changed.
      const pub = publication();
      const listed = pub.feeds.reduce((n, f) => n + pub.entries(f.url).length, 0);
      assert.equal(summary.updatedArticles, listed - feeds.length);
      for (const f of feeds) assert.ok(f.entry_prints, `${f.url} has its prints again`);
    });

    test('an edited entry is planned again and its article updated in place', async () => {
      w.server.edit(SLUG, 0);
      const summary = await w.crawl(SLUG);
      assert.equal(summary.newArticles, 0);
      assert.ok(summary.updatedArticles >= 1);
    });
  });
}
