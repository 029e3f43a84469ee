// News sitemaps to entries: the Google News `<urlset>` many newsrooms keep,
// the freshest list of a site's articles (its last 48 hours). Each `<url>`
// gives a link, a headline (news:title), a date, keywords and images, never
// a text: in a `full` source every entry is a teaser whose page the crawler
// fetches and extracts (plan.ts, fetch-page.ts). A plain sitemap (no news
// elements) reads the same way, from loc and lastmod.
import { KiosqueError } from '../util/errors.ts';
import { parseFeedDate } from './dates.ts';
import { childText, finishEntry, ImageList } from './entry.ts';
import { cleanTitle } from './text.ts';
import type { FeedEntry, ParsedFeed, ParseOptions } from './types.ts';
import { canonicalizeUrl, resolveUrl } from './url.ts';
import { child, children, type XmlElement } from './xml.ts';

export function readNewsSitemap(root: XmlElement, options: ParseOptions): ParsedFeed {
  let isNews = false;
  let publication: string | null = null;
  const entries: FeedEntry[] = [];
  for (const url of children(root, 'url')) {
    const news = child(url, 'news:news');
    if (news) {
      isNews = true;
      const name = child(news, 'news:publication');
      publication ??= name ? childText(name, 'news:name') : null;
    }
    const entry = readUrl(url, news, options);
    if (entry) entries.push(entry);
  }
  return {
    format: 'sitemap',
    version: isNews ? 'news-sitemap 0.9' : 'sitemap 0.9',
    title: publication ? cleanTitle(publication) || null : null,
    // A sitemap names no homepage; the source's own is in the sources file.
    homepage: null,
    entries,
  };
}

function readUrl(url: XmlElement, news: XmlElement | undefined, options: ParseOptions): FeedEntry | null {
  const loc = childText(url, 'loc');
  const link = loc ? canonicalizeUrl(loc, url.base) : null;
  // A sitemap entry is its URL: without one there is nothing to store or fetch.
  if (!link) return null;
  const rawTitle = (news && childText(news, 'news:title')) ?? '';
  const published = sitemapPublished(url, options);
  // A plain sitemap has no headlines: its dated URLs are kept, untitled (the
  // plan then titles them by their URL). With neither headline nor date,
  // nothing says a URL is an article, let alone a new one (a plain sitemap
  // lists sections and legal pages too): it would be stored under its URL,
  // dated by our clock, so it is left out.
  if (rawTitle === '' && published === null) return null;
  const images = new ImageList();
  for (const image of children(url, 'image:image')) {
    const caption = cleanTitle(childText(image, 'image:caption', 'image:title') ?? '');
    images.add(childText(image, 'image:loc') ?? undefined, image.base, 'sitemap', {
      ...(caption ? { caption } : {}),
    });
  }
  const keywords = news ? childText(news, 'news:keywords') : null;
  return finishEntry(
    {
      // A sitemap has no ids: the canonical URL is the article's identity (plan.ts).
      guid: null,
      url: link,
      rawTitle,
      author: null,
      description: null,
      contentHtml: null,
      // Comma-separated; Arabic newsrooms often write the Arabic comma.
      categories: keywords ? keywords.split(/[,،]/) : [],
      published,
      updated: childText(url, 'lastmod'),
      images,
      base: url.base,
    },
    options,
  );
}

/**
 * When a sitemap URL was published, as written: news:publication_date, else
 * lastmod (a plain sitemap's only date), whichever first reads as a date.
 * Also what keeps the newest URLs of an archive-sized sitemap (parse.ts).
 */
export function sitemapPublished(url: XmlElement, options: ParseOptions): string | null {
  const news = child(url, 'news:news');
  const written = [news ? childText(news, 'news:publication_date') : null, childText(url, 'lastmod')];
  for (const text of written) {
    if (text && parseFeedDate(text, options.timezone, options.now)) return text;
  }
  return null;
}

/**
 * A `<sitemapindex>` lists sitemaps, not articles: the operator is to list
 * one of its news sitemaps instead, named here when the index has one.
 */
export function sitemapIndexError(root: XmlElement, url: string): KiosqueError {
  const listed: string[] = [];
  for (const sitemap of children(root, 'sitemap')) {
    const loc = childText(sitemap, 'loc');
    const resolved = loc ? resolveUrl(loc, sitemap.base) : null;
    if (resolved) listed.push(resolved);
  }
  const news = listed.find((loc) => /news/i.test(loc));
  const advice = news
    ? `list one of its news sitemaps instead, such as ${news}`
    : `list the site's news sitemap (Google News) or its RSS feed instead; none of the ${listed.length} sitemaps it lists has "news" in its URL`;
  return new KiosqueError({
    kind: 'not_a_feed',
    message: `a sitemap index (a list of ${listed.length} sitemaps, not of articles), not a feed: ${advice}`,
    url,
  });
}
