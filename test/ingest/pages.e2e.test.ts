// Teasers in `full` mode get their article page fetched, extracted and
// sanitized; `excerpt` sources keep the summary; failures keep the feed text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseDocument } from 'htmlparser2';
import { BACKENDS } from '../store/backends.ts';
import { type CrawlWorld, crawlWorld } from './helpers.ts';
import { articleRows, dbOf } from '../../src/store/index.ts';

const ALLOWED = new Set(
  'p h2 h3 h4 a img figure figcaption blockquote ul ol li strong em b i br hr table thead tbody tr th td'.split(
    ' ',
  ),
);

/** Every element of the stored HTML is on the allowlist, with no handler, style or script URL. */
function assertSafe(html: string) {
  const walk = (nodes: ReturnType<typeof parseDocument>['children']) => {
    for (const n of nodes) {
      if (n.type === 'tag') {
        assert.ok(ALLOWED.has(n.name), `tag ${n.name} in stored HTML`);
        for (const [name, value] of Object.entries(n.attribs)) {
          assert.doesNotMatch(name, /^on|^style$|^class$/i, `attribute ${name}`);
          if (name === 'href' || name === 'src') assert.match(value, /^(https?|mailto):/);
        }
        walk(n.children);
      }
    }
  };
  walk(parseDocument(html).children);
}

for (const backend of BACKENDS) {
  describe(`article pages on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let w: CrawlWorld;
    before(async () => {
      w = await crawlWorld({}, {}, backend);
      await w.crawl();
    });
    after(() => w.close());

    test('a teaser gets the full text of its page, without the page around it, and safe', async () => {
      const done = await dbOf(w.store)
        .selectFrom('articles')
        .innerJoin('article_pages', 'article_pages.article_id', 'articles.id')
        .selectAll('articles')
        .where('article_pages.status', '=', 'done')
        .execute();
      assert.ok(done.length >= 20, `${done.length} pages fetched`);
      for (const a of done) {
        assert.ok((a.text ?? '').split(/\s+/).length >= 80, `short text for ${a.canonical_url}`);
        assert.ok((a.text ?? '').length > (a.summary ?? '').length);
        assert.doesNotMatch(a.text ?? '', /Lire aussi|اقرأ أيضا|Facebook|WhatsApp|dataLayer/);
        assert.match(a.lead_image_url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/images\//);
        assertSafe(a.content_html ?? '');
      }
      const links = await dbOf(w.store)
        .selectFrom('article_images')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(
          'article_id',
          'in',
          done.map((a) => a.id),
        )
        .executeTakeFirstOrThrow();
      assert.ok(Number(links.n) >= done.length);
    });

    test('a page is fetched once: the next crawl asks for no article page', async () => {
      const before = w.server.requests.length;
      const summary = await w.crawl();
      assert.equal(summary.pages.fetched, 0);
      assert.deepEqual(
        w.server.requests.slice(before).filter((r) => r.path.endsWith('.html')),
        [],
      );
    });

    test('a page that answers 404 leaves the feed text; a 500 is tried again later', async () => {
      const pub = w.server.publications.find((p) => p.slug === 'sawt-al-maghrib')!;
      const feedUrl = pub.feeds[0]!.url;
      const pageOf = async (url: string) =>
        dbOf(w.store)
          .selectFrom('article_pages')
          .innerJoin('articles', 'articles.id', 'article_pages.article_id')
          .select(['article_pages.status', 'article_pages.attempts', 'article_pages.next_attempt_at'])
          .select(['article_pages.last_error_kind', 'articles.text', 'articles.summary'])
          .where('articles.canonical_url', '=', url)
          .executeTakeFirstOrThrow();

      w.server.publish('sawt-al-maghrib', 1);
      const gone = pub.entries(feedUrl)[0]!.url;
      w.server.setFault('sawt-al-maghrib', { kind: 'status', status: 404, path: new URL(gone).pathname });
      await w.crawl('sawt-al-maghrib');
      const failed = await pageOf(gone);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.last_error_kind, 'http_status');
      // The feed's teaser stays: about as many words as the summary, far from a page.
      const words = (t: string | null) => (t ?? '').split(/\s+/).filter(Boolean).length;
      assert.ok(
        words(failed.text) > 0 && words(failed.text) <= words(failed.summary) + 5,
        `${words(failed.text)} vs ${words(failed.summary)}: ${failed.text}`,
      );

      w.server.publish('sawt-al-maghrib', 1);
      const flaky = pub.entries(feedUrl)[0]!.url;
      w.server.setFault('sawt-al-maghrib', { kind: 'status', status: 500, path: new URL(flaky).pathname });
      await w.crawl('sawt-al-maghrib');
      w.server.setFault('sawt-al-maghrib', null);
      const later = await pageOf(flaky);
      assert.equal(later.status, 'pending');
      assert.equal(later.attempts, 1);
      assert.ok(Date.parse(later.next_attempt_at) > Date.now() + 10 * 60_000);
    });
  });
}

describe('sources in excerpt mode', () => {
  let w: CrawlWorld;
  before(async () => {
    w = await crawlWorld({}, { only: ['sawt-al-maghrib'] }, BACKENDS[0], (yaml) =>
      yaml.replace('mode: full', 'mode: excerpt'),
    );
    await w.crawl();
  });
  after(() => w.close());

  test('keep the summary and fetch no page', async () => {
    const rows = await articleRows(w.store);
    assert.ok(rows.length > 0);
    for (const r of rows) {
      assert.equal(r.content_html, null);
      assert.equal(r.text, r.summary);
    }
    assert.deepEqual(
      w.server.requests.filter((r) => r.path.endsWith('.html')),
      [],
    );
  });
});
