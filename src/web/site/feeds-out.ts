// RSS 2.0 and Atom 1.0 out, and the sitemaps: XML written by hand. The
// documents are flat and few, and every text goes through `xmlText`, which
// escapes markup and drops the characters XML 1.0 forbids (control codes,
// lone surrogates) that publishers' titles sometimes carry.
import type { SiteConfig } from '../site-config.ts';
import type { ArticleCard } from './views.ts';

// Characters XML 1.0 does not allow, even escaped.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/[&<>"']/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
    );
}

export interface FeedModel {
  title: string;
  description: string;
  language: string;
  /** Absolute URL of the HTML page the feed follows. */
  pageUrl: string;
  /** Absolute URL of this feed document. */
  selfUrl: string;
  items: Array<ArticleCard & { absoluteUrl: string; sourceFeedUrl: string }>;
  /** ISO time of the newest item, or now when there is none. */
  updated: string;
}

const rfc822 = (iso: string) => new Date(iso).toUTCString();

export function rssFeed(f: FeedModel): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xmlText(f.title)}</title>`,
    `<link>${xmlText(f.pageUrl)}</link>`,
    `<description>${xmlText(f.description)}</description>`,
    `<language>${xmlText(f.language)}</language>`,
    `<lastBuildDate>${rfc822(f.updated)}</lastBuildDate>`,
    `<atom:link href="${xmlText(f.selfUrl)}" rel="self" type="application/rss+xml"/>`,
  ];
  for (const i of f.items) {
    out.push(
      '<item>',
      `<title>${xmlText(i.title)}</title>`,
      `<link>${xmlText(i.absoluteUrl)}</link>`,
      `<guid isPermaLink="true">${xmlText(i.absoluteUrl)}</guid>`,
      `<pubDate>${rfc822(i.datetime)}</pubDate>`,
      ...(i.summary ? [`<description>${xmlText(i.summary)}</description>`] : []),
      ...(i.category ? [`<category>${xmlText(i.category.name)}</category>`] : []),
      `<source url="${xmlText(i.sourceFeedUrl)}">${xmlText(i.sourceName)}</source>`,
      '</item>',
    );
  }
  out.push('</channel>', '</rss>', '');
  return out.join('\n');
}

export function atomFeed(f: FeedModel): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlText(f.language)}">`,
    `<id>${xmlText(f.selfUrl)}</id>`,
    `<title>${xmlText(f.title)}</title>`,
    `<subtitle>${xmlText(f.description)}</subtitle>`,
    `<updated>${f.updated}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(f.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(f.pageUrl)}"/>`,
    '<author><name>Kiosque</name></author>',
  ];
  for (const i of f.items) {
    out.push(
      '<entry>',
      `<id>${xmlText(i.absoluteUrl)}</id>`,
      `<title>${xmlText(i.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${xmlText(i.absoluteUrl)}"/>`,
      `<published>${i.datetime}</published>`,
      `<updated>${i.datetime}</updated>`,
      `<author><name>${xmlText(i.sourceName)}</name></author>`,
      ...(i.summary ? [`<summary>${xmlText(i.summary)}</summary>`] : []),
      ...(i.category ? [`<category term="${xmlText(i.category.name)}"/>`] : []),
      '</entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}

// ── Sitemaps ──────────────────────────────────────────────────────────

export function sitemapIndex(site: SiteConfig, days: string[]): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    `<sitemap><loc>${xmlText(`${site.baseUrl}/sitemaps/news.xml`)}</loc></sitemap>`,
    ...days.map((d) => `<sitemap><loc>${xmlText(`${site.baseUrl}/sitemaps/${d}.xml`)}</loc></sitemap>`),
    '</sitemapindex>',
    '',
  ];
  return out.join('\n');
}

export function daySitemap(urls: Array<{ loc: string; lastmod: string }>): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map((u) => `<url><loc>${xmlText(u.loc)}</loc><lastmod>${xmlText(u.lastmod)}</lastmod></url>`),
    '</urlset>',
    '',
  ].join('\n');
}

export function newsSitemap(
  urls: Array<{ loc: string; publication: string; language: string; published: string; title: string }>,
): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...urls.map((u) =>
      [
        `<url><loc>${xmlText(u.loc)}</loc>`,
        '<news:news><news:publication>',
        `<news:name>${xmlText(u.publication)}</news:name><news:language>${xmlText(u.language)}</news:language>`,
        '</news:publication>',
        `<news:publication_date>${xmlText(u.published)}</news:publication_date>`,
        `<news:title>${xmlText(u.title)}</news:title>`,
        '</news:news></url>',
      ].join(''),
    ),
    '</urlset>',
    '',
  ].join('\n');
}

export function robotsTxt(site: SiteConfig): string {
  return ['User-agent: *', 'Allow: /', '', `Sitemap: ${site.baseUrl}/sitemap.xml`, ''].join('\n');
}
