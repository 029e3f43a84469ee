// The CPU part of ingest, as pure functions: hostile HTML from a feed is
// stored safe, images are registered once, and a page that says less than
// the feed does not replace it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareFeedOffThread } from '../../src/ingest/index.ts';
import { preparePage } from '../../src/ingest/prepare-page.ts';
import { prepareFeed } from '../../src/ingest/prepare.ts';
import { KiosqueError } from '../../src/util/errors.ts';

const FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Le Test</title><link>https://presse.example/</link>
<item>
  <title>Un article &amp; ses images</title>
  <link>https://presse.example/2026/11/article.html?utm_source=rss</link>
  <guid isPermaLink="false">a-1</guid>
  <pubDate>Sat, 28 Nov 2026 10:00:00 +0100</pubDate>
  <media:content url="https://cdn.presse.example/une.jpg" medium="image"/>
  <description>Résumé court.</description>
  <content:encoded><![CDATA[<p onclick="alert(1)">Premier <b>paragraphe</b>.</p>
    <script>alert(2)</script><img src="x.jpg" onerror="alert(3)"><img src="https://doubleclick.net/pixel.gif" width="1" height="1">
    <p><a href="javascript:alert(4)">lien</a> <a href="/autre.html">autre</a></p>
    <iframe src="https://evil.example/"></iframe>]]></content:encoded>
</item></channel></rss>`;

test('feed HTML is sanitized at ingest; images are the feed media then the body images', () => {
  const prepared = prepareFeed({
    type: 'feed',
    text: FEED,
    parse: {
      url: 'https://presse.example/feed',
      timezone: 'Africa/Casablanca',
      now: new Date('2026-11-29T00:00:00Z'),
    },
    plan: { language: 'fr', feedCategory: null, fetchedAt: new Date('2026-11-29T00:00:00Z'), mode: 'full' },
  });
  assert.equal(prepared.entries, 1);
  const [a] = prepared.candidates;
  assert.ok(a);
  assert.equal(a.canonicalUrl, 'https://presse.example/2026/11/article.html');
  assert.doesNotMatch(a.contentHtml ?? '', /script|onclick|onerror|javascript:|iframe|doubleclick/i);
  assert.match(a.contentHtml ?? '', /<p>Premier <b>paragraphe<\/b>\.<\/p>/);
  assert.match(a.contentHtml ?? '', /href="https:\/\/presse\.example\/autre\.html"/);
  assert.deepEqual(
    a.images.map((i) => i.url),
    ['https://cdn.presse.example/une.jpg', 'https://presse.example/2026/11/x.jpg'],
  );
  assert.equal(a.leadImageUrl, 'https://cdn.presse.example/une.jpg');
  assert.equal(a.needsPage, true); // a few words only
  assert.match(a.text ?? '', /Premier paragraphe\.\s*\n/);
});

test('the same work runs in a worker thread and comes back the same', async () => {
  const job = {
    text: FEED,
    parse: {
      url: 'https://presse.example/feed',
      timezone: 'Africa/Casablanca',
      now: new Date('2026-11-29T00:00:00Z'),
    },
    plan: { language: 'fr', feedCategory: null, fetchedAt: new Date('2026-11-29T00:00:00Z'), mode: 'full' },
  };
  assert.deepEqual(await prepareFeedOffThread(job), prepareFeed({ type: 'feed', ...job }));
  await assert.rejects(prepareFeedOffThread({ ...job, text: '<html><body>hello</body></html>' }), (err) => {
    return err instanceof KiosqueError && err.kind === 'not_a_feed';
  });
});

test('a page that says no more than the feed is refused with no_article', () => {
  const html = '<html><head><title>T</title></head><body><article><p>Deux mots.</p></article></body></html>';
  assert.throws(
    () =>
      preparePage({
        type: 'page',
        html,
        url: 'https://presse.example/a.html',
        timezone: 'Africa/Casablanca',
        feedText: 'Un résumé de la dépêche plus long que la page elle-même, vraiment.',
      }),
    (err) => err instanceof KiosqueError && err.kind === 'no_article',
  );
});

test('an archive-sized feed: the newest 1,000 are planned, and the count says how many it listed', () => {
  const items = Array.from(
    { length: 2_600 },
    (_, i) =>
      `<item><title>Article ${i}</title><link>https://presse.example/a/${i}.html</link><pubDate>${new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toUTCString()}</pubDate></item>`,
  );
  const text = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://presse.example/</link>${items.join('')}</channel></rss>`;
  const prepared = prepareFeed({
    type: 'feed',
    text,
    parse: { url: 'https://presse.example/rss', timezone: 'UTC', now: new Date('2026-12-01T00:00:00Z') },
    plan: { language: 'fr', feedCategory: null, fetchedAt: new Date('2026-12-01T00:00:00Z'), mode: 'full' },
  });
  assert.equal(prepared.entries, 2_600);
  assert.equal(prepared.beyondLimit, 1_600);
  assert.equal(prepared.candidates.length, 1_000);
  const numbers = prepared.candidates.map((c) => Number(/(\d+)\.html$/.exec(c.canonicalUrl ?? '')![1]));
  assert.equal(Math.min(...numbers), 1_600, 'the 1,000 newest (the last written here)');
});
