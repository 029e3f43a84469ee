import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMMON_FEED_PATHS, discoverFeedLinks, feedCandidates } from '../../src/sources/index.ts';

// The <head> a French WordPress news site serves: main feed, comments feed,
// the REST API and oEmbed as "alternate" too, and the category feed.
const WORDPRESS_FR = `<!DOCTYPE html>
<html lang="fr-FR">
<head>
<meta charset="UTF-8">
<title>Médias24 - Le site d'information économique</title>
<link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel="alternate" type="application/rss+xml" title="Médias24 &raquo; Flux des commentaires" href="https://medias24.com/comments/feed/" />
<link rel="alternate" type="application/rss+xml" title="Médias24 &raquo; Flux" href="https://medias24.com/feed/" />
<link rel="alternate" type="application/rss+xml" title="Médias24 &raquo; Flux de la catégorie Économie" href="https://medias24.com/categorie/economie/feed/" />
<link rel="https://api.w.org/" href="https://medias24.com/wp-json/" />
<link rel="alternate" type="application/json" href="https://medias24.com/wp-json/wp/v2/pages/2" />
<link rel="alternate" type="application/json+oembed" href="https://medias24.com/wp-json/oembed/1.0/embed?url=https%3A%2F%2Fmedias24.com%2F" />
<link rel="alternate" type="text/xml+oembed" href="https://medias24.com/wp-json/oembed/1.0/embed?url=https%3A%2F%2Fmedias24.com%2F&#038;format=xml" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="https://medias24.com/xmlrpc.php?rsd" />
</head>
<body>
<a href="https://medias24.com/feed/">RSS</a>
<a href="/sitemap.xml">Plan du site</a>
</body>
</html>`;

// An Arabic WordPress site: Arabic titles, relative and protocol-relative hrefs, mixed-case rel.
const WORDPRESS_AR = `<!doctype html>
<html dir="rtl" lang="ar">
<head>
<meta charset="utf-8">
<title>هسبريس - جريدة إلكترونية مغربية</title>
<LINK REL="Alternate" TYPE="Application/RSS+XML" title="هسبريس &laquo; خلاصة التعليقات" href="/comments/feed" />
<link rel="alternate" type="application/rss+xml; charset=UTF-8" title="هسبريس &laquo; الخلاصة" href="/feed" />
<link rel="alternate" type="application/atom+xml" title="هسبريس" href="//www.hespress.com/feed/atom" />
<link rel="alternate" hreflang="fr" href="https://fr.hespress.com/" />
</head>
<body><footer><a href="/rss">RSS</a></footer></body>
</html>`;

describe('discoverFeedLinks', () => {
  test('WordPress head: main feed first, category feed next, comments feed last; API and oEmbed left out', () => {
    assert.deepEqual(discoverFeedLinks(WORDPRESS_FR, 'https://medias24.com/'), [
      'https://medias24.com/feed/',
      'https://medias24.com/categorie/economie/feed/',
      'https://medias24.com/comments/feed/',
    ]);
  });

  test('Arabic page: relative hrefs resolved, rel and type in any case, Arabic comments title last', () => {
    assert.deepEqual(discoverFeedLinks(WORDPRESS_AR, 'https://www.hespress.com/'), [
      'https://www.hespress.com/feed',
      'https://www.hespress.com/feed/atom',
      'https://www.hespress.com/comments/feed',
    ]);
  });

  test('<base href> resolves relative links, even links written before it', () => {
    const html = `<html><head>
      <link rel="alternate feed" type="application/atom+xml" href="atom.xml">
      <base href="https://www.example.ma/edition/fr/">
      <link rel="alternate" type="application/rss+xml" href="../rss.xml">
      <base href="https://ignored.example/">
      </head><body></body></html>`;
    assert.deepEqual(discoverFeedLinks(html, 'https://example.ma/page.html'), [
      'https://www.example.ma/edition/fr/atom.xml',
      'https://www.example.ma/edition/rss.xml',
    ]);
  });

  test('a relative <base href> resolves against the page', () => {
    const html = '<base href="/fr/"><link rel="alternate" type="application/rss+xml" href="feed/">';
    assert.deepEqual(discoverFeedLinks(html, 'https://le360.ma/home'), ['https://le360.ma/fr/feed/']);
  });

  test('RDF, JSON Feed, and application/json only when it looks like a feed', () => {
    const html = `<head>
      <link rel="alternate" type="application/rdf+xml" href="/index.rdf">
      <link rel="alternate" type="application/feed+json" href="/feed.json">
      <link rel="alternate" type="application/json" title="JSON Feed" href="/news.json">
      <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/12">
      <link rel="stylesheet" type="application/rss+xml" href="/not-alternate.xml">
    </head>`;
    assert.deepEqual(discoverFeedLinks(html, 'https://a.ma/'), [
      'https://a.ma/index.rdf',
      'https://a.ma/feed.json',
      'https://a.ma/news.json',
    ]);
  });

  test('<a href> links that look like feeds come after <link> ones, in document order, deduplicated', () => {
    const html = `<body>
      <a href="/rubrique/sport/rss.xml">Sport</a>
      <a href="/sitemap.xml">Sitemap</a>
      <a href="/une.rss">La une</a>
      <a href="/economie/feed/">Économie</a>
      <a href="/feed/#top">Flux</a>
      <a href="mailto:redaction@a.ma">Écrire</a>
      <a href="javascript:void(0)">Menu</a>
      <a href="/article.html">Article</a>
      <link rel="alternate" type="application/rss+xml" href="/feed/">
    </body>`;
    assert.deepEqual(discoverFeedLinks(html, 'https://a.ma/'), [
      'https://a.ma/feed/',
      'https://a.ma/rubrique/sport/rss.xml',
      'https://a.ma/une.rss',
      'https://a.ma/economie/feed/',
    ]);
  });

  test('nothing found in a page without feeds, or in broken markup', () => {
    assert.deepEqual(discoverFeedLinks('<html><body><p>Bonjour</p></body></html>', 'https://a.ma/'), []);
    assert.deepEqual(
      discoverFeedLinks(
        '<link rel="alternate" type="application/rss+xml" href="http://[bad',
        'https://a.ma/',
      ),
      [],
    );
    assert.deepEqual(discoverFeedLinks('', 'https://a.ma/'), []);
  });
});

describe('feedCandidates', () => {
  test('the common paths, in order', () => {
    assert.deepEqual(COMMON_FEED_PATHS, [
      '/feed/',
      '/rss',
      '/feed',
      '/rss.xml',
      '/feed.xml',
      '/atom.xml',
      '/index.xml',
      '/?feed=rss2',
      '/rss/',
      '/feeds/posts/default',
    ]);
  });

  test('without a page: the common paths on the homepage origin', () => {
    assert.deepEqual(
      feedCandidates('https://www.alyaoum24.com/fr/index.php?x=1', null),
      COMMON_FEED_PATHS.map((p) => `https://www.alyaoum24.com${p}`),
    );
  });

  test('declared feeds first, then common paths, without duplicates, comments feeds at the very end', () => {
    const candidates = feedCandidates('https://medias24.com/', WORDPRESS_FR);
    assert.deepEqual(candidates.slice(0, 3), [
      'https://medias24.com/feed/',
      'https://medias24.com/categorie/economie/feed/',
      'https://medias24.com/rss',
    ]);
    assert.equal(candidates.filter((c) => c === 'https://medias24.com/feed/').length, 1);
    assert.equal(candidates.at(-1), 'https://medias24.com/comments/feed/');
    assert.equal(candidates.length, 2 + COMMON_FEED_PATHS.length);
  });
});
