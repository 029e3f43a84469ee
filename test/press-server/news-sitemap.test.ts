// The fixture press's 'news-sitemap' feed format: a Google News sitemap of
// the feed's entries, served with validators like the other feeds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type PressServer, startPressServer } from '../fixtures/press-server/index.ts';

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('press server: news sitemaps', () => {
  let server: PressServer;
  before(async () => {
    server = await startPressServer({
      publications: [
        {
          slug: 'le-matin-news',
          name: 'Le Matin',
          language: 'fr',
          feeds: [
            { path: '/sitemap-news.xml', format: 'news-sitemap', category: 'Actualité', entries: 5 },
            { path: '/rss.xml', format: 'rss', entries: 3 },
          ],
        },
      ],
    });
  });
  after(() => server.close());

  const pub = () => server.publications[0]!;
  const sitemapUrl = () => pub().feeds[0]!.url;

  test('lists exactly the entries, with headline, date, keywords and image, and no guid', async () => {
    const res = await get(sitemapUrl());
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/xml/);
    assert.match(
      res.text,
      /^<\?xml version="1\.0" encoding="utf-8"\?>\n<\?xml-stylesheet [^>]+\?>\n<urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9" xmlns:news="http:\/\/www\.google\.com\/schemas\/sitemap-news\/0\.9"/,
    );
    const entries = pub().entries(sitemapUrl());
    assert.equal(entries.length, 5);
    const urls = [...res.text.matchAll(/<url>\n<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.deepEqual(
      urls,
      entries.map((e) => e.url),
    );
    for (const e of entries) {
      assert.equal(e.guid, null);
      assert.ok(res.text.includes(`<news:title><![CDATA[${e.title}]]></news:title>`), e.title);
      // The same instant the entry stands for, written at +01:00 as the other feeds' ISO dates.
      const written = new RegExp(`<loc>${e.url}</loc>[\\s\\S]*?<news:publication_date>([^<]+)<`).exec(
        res.text,
      )?.[1];
      assert.equal(new Date(written ?? '').toISOString(), e.publishedAt);
    }
    assert.equal(res.text.split('<news:keywords>Actualité, Maroc</news:keywords>').length - 1, 5);
    assert.equal(res.text.split('<image:image><image:loc>http://127.0.0.1:').length - 1, 5);
  });

  test('its article pages exist; the homepage advertises the RSS feed only', async () => {
    for (const e of pub().entries(sitemapUrl())) assert.equal((await get(e.url)).status, 200, e.url);
    const home = await get(pub().homepage);
    assert.match(home.text, /<link rel="alternate" type="application\/rss\+xml"[^>]+href="\/rss\.xml">/);
    assert.doesNotMatch(home.text, /sitemap-news/);
  });

  test('conditional GET answers 304; a publish adds a <url> at the top and changes the ETag', async () => {
    const first = await get(sitemapUrl());
    const etag = first.headers.get('etag')!;
    assert.equal((await get(sitemapUrl(), { 'if-none-match': etag })).status, 304);
    server.publish('le-matin-news', 1);
    const next = await get(sitemapUrl(), { 'if-none-match': etag });
    assert.equal(next.status, 200);
    assert.notEqual(next.headers.get('etag'), etag);
    const [newest] = pub().entries(sitemapUrl());
    assert.equal(/<url>\n<loc>([^<]+)<\/loc>/.exec(next.text)?.[1], newest!.url);
  });
});
