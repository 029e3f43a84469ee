// Publications whose only feed is their news sitemap (/sitemap-news.xml):
// the real crawler reads it like any feed (conditional requests, dedup), and
// since a sitemap gives titles and no text, every article's page is fetched
// and extracted in a `full` source.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { articleRows, dbOf, listSourcesWithFeeds } from '../../src/store/index.ts';
import type { PublicationSpec } from '../fixtures/press-server/types.ts';
import { BACKENDS } from '../store/backends.ts';
import { type CrawlWorld, crawlWorld, publishedEntries } from './helpers.ts';

const SITEMAP_ONLY: PublicationSpec[] = [
  {
    slug: 'le-matin-news',
    name: 'Le Matin',
    language: 'fr',
    feeds: [{ path: '/sitemap-news.xml', format: 'news-sitemap', category: 'Actualité', entries: 8 }],
  },
  {
    // Arabic slugs, percent-encoded in the sitemap's <loc>, and tashkeel in the titles.
    slug: 'hespress-news',
    name: 'هسبريس',
    language: 'ar',
    arabicSlugs: true,
    tashkeel: true,
    etag: 'weak',
    feeds: [{ path: '/news-sitemap.xml', format: 'news-sitemap', entries: 6 }],
  },
];

const words = (text: string | null) => (text ?? '').split(/\s+/).filter(Boolean).length;

for (const backend of BACKENDS) {
  describe(`news sitemaps as feeds on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    before(async () => {
      w = await crawlWorld({ publications: SITEMAP_ONLY }, {}, backend);
    });
    after(() => w.close());

    const pageRows = () =>
      dbOf(w.store)
        .selectFrom('articles')
        .innerJoin('article_pages', 'article_pages.article_id', 'articles.id')
        .select(['articles.canonical_url', 'article_pages.status', 'article_pages.last_error_message'])
        .execute();

    test('the first crawl stores every sitemap entry once, with its headline, link and date', async () => {
      const summary = await w.crawl();
      assert.deepEqual(summary.failed, []);
      assert.equal(summary.ok, 2);
      const expected = publishedEntries(w.server);
      assert.equal(expected.length, 14);
      assert.equal(summary.newArticles, expected.length);
      const rows = await articleRows(w.store);
      assert.equal(rows.length, expected.length);
      const byUrl = new Map(rows.map((r) => [r.canonical_url, r]));
      for (const e of expected) {
        const row = byUrl.get(e.url);
        assert.ok(row, `no article for ${e.url}`);
        assert.equal(row.title, e.title);
        assert.equal(row.guid, null);
        assert.equal(row.identity, `url:${e.url}`);
        assert.equal(row.published_at, e.publishedAt);
        assert.equal(row.published_at_guessed, 0);
        assert.equal(row.language, e.source === 'le-matin-news' ? 'fr' : 'ar');
      }
    });

    test('each article has the full text of its page, extracted, with its lead image', async () => {
      const pages = await pageRows();
      assert.equal(pages.length, 14);
      for (const p of pages) assert.equal(p.status, 'done', `${p.canonical_url}: ${p.last_error_message}`);
      for (const r of await articleRows(w.store)) {
        assert.ok(words(r.text) >= 80, `${words(r.text)} words for ${r.canonical_url}`);
        assert.ok(r.content_html?.includes('<p>'), r.canonical_url ?? '');
        // The page's chrome is left out.
        assert.doesNotMatch(r.text ?? '', /Lire aussi|اقرأ أيضا|Facebook|WhatsApp|dataLayer/);
        assert.match(r.lead_image_url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/images\//);
      }
    });

    test('the next crawl asks with validators, gets 304s and fetches no page again', async () => {
      const before = w.server.requests.length;
      const summary = await w.crawl();
      assert.equal(summary.notModified, 2);
      assert.equal(summary.newArticles, 0);
      assert.equal(summary.pages.fetched, 0);
      const asked = w.server.requests.slice(before);
      const sitemaps = asked.filter((r) => r.path.endsWith('.xml'));
      assert.equal(sitemaps.length, 2);
      for (const r of sitemaps) assert.ok(r.headers['if-none-match'], `unconditional: ${r.path}`);
      assert.deepEqual(
        asked.filter((r) => r.path.endsWith('.html')),
        [],
      );
    });

    test('a new article in the sitemap is stored once and its page fetched', async () => {
      w.server.publish('hespress-news', 1);
      const summary = await w.crawl();
      assert.deepEqual(summary.failed, []);
      assert.equal(summary.newArticles, 1);
      assert.equal(summary.pages.fetched, 1);
      const pub = w.server.publications.find((p) => p.slug === 'hespress-news')!;
      const [newest] = pub.entries(pub.feeds[0]!.url);
      const row = (await articleRows(w.store, 'hespress-news')).find((r) => r.canonical_url === newest!.url);
      assert.equal(row?.title, newest!.title);
      assert.ok(words(row?.text ?? null) >= 80);
      assert.equal((await articleRows(w.store)).length, 15);
    });

    test('the feed is recorded as healthy, under the URL the operator listed', async () => {
      const sources = await listSourcesWithFeeds(w.store);
      for (const s of sources) {
        const [feed] = s.feeds;
        assert.equal(feed!.last_error_kind, null);
        assert.equal(feed!.effective_url, null);
        assert.match(feed!.url, /\/(sitemap-news|news-sitemap)\.xml$/);
      }
    });
  });
}
