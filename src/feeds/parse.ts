// One entry point for every feed format: sniff, parse, read.
import type { FeedFormat, ParsedFeed, ParseOptions } from './types.ts';
import { KiosqueError } from '../util/errors.ts';
import { type EntryBound, parseXml, type XmlElement } from './xml.ts';
import { RSS_PUBLISHED, readRss } from './rss.ts';
import { ATOM_PUBLISHED, readAtom } from './atom.ts';
import { childText } from './entry.ts';
import { parseFeedDate } from './dates.ts';
import { readJsonFeed } from './json-feed.ts';
import { readNewsSitemap, sitemapIndexError, sitemapPublished } from './news-sitemap.ts';

const HTML_ROOTS = new Set([
  'html',
  'head',
  'body',
  'div',
  'p',
  'title',
  'meta',
  'script',
  'table',
  'span',
  'a',
]);

/**
 * Guesses the format from the content alone (never the Content-Type, which
 * publishers get wrong): the first element's name, or a leading `{`.
 * Returns null when the document does not look like a feed.
 */
export function detectFeedFormat(text: string): FeedFormat | null {
  const head = text.slice(0, 65536).replace(/^[\s\uFEFF]+/, '');
  if (head.startsWith('{')) return 'json';
  const name = firstElementName(head);
  if (name === null) return null;
  return formatOfRoot(name);
}

function firstElementName(head: string): string | null {
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, '');
  const m = /<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/.exec(withoutComments);
  return m ? m[1]!.toLowerCase() : null;
}

function formatOfRoot(name: string): FeedFormat | null {
  const local = name.slice(name.indexOf(':') + 1);
  if (local === 'rss') return 'rss';
  if (local === 'rdf') return 'rdf';
  if (local === 'feed') return 'atom';
  if (local === 'urlset') return 'sitemap';
  return null;
}

/**
 * Parses a feed document of any format into entries. Synchronous and pure.
 * Throws KiosqueError `not_a_feed` (an HTML page, empty, garbage, JSON that
 * is not a JSON Feed, a sitemap index) or `unsafe_xml` (a DOCTYPE that declares entities).
 */
export function parseFeed(text: string, options: ParseOptions): ParsedFeed {
  let start = 0;
  while (start < text.length && /[\s\uFEFF]/.test(text[start]!)) start++;
  if (start === text.length) throw notAFeed('an empty document, not a feed', options.url);
  const first = text[start];
  if (first === '{') return readJsonFeed(text.slice(start), options);
  if (first === '[') throw notAFeed('a JSON array, not a feed', options.url);
  let root: ReturnType<typeof parseXml>;
  const bound = options.maxEntries ? newestOnly(options.maxEntries, options) : undefined;
  try {
    root = parseXml(text, options.url, bound);
  } catch (err) {
    // The XML layer does not know the feed's URL; the feed-health page needs it.
    if (err instanceof KiosqueError && err.url === undefined) {
      throw new KiosqueError({ ...err.toJSON(), url: options.url }, { cause: err });
    }
    throw err;
  }
  if (!root)
    throw notAFeed(`text that is neither XML nor JSON ("${preview(text, start)}"), not a feed`, options.url);
  const head = text.slice(0, 4096);
  const omitted = bound?.dropped ? { omitted: bound.dropped } : {};
  switch (formatOfRoot(root.name)) {
    case 'rss':
    case 'rdf':
      return { ...readRss(root, options, head), ...omitted };
    case 'atom':
      return { ...readAtom(root, options, head), ...omitted };
    case 'sitemap':
      return { ...readNewsSitemap(root, options), ...omitted };
    default:
      if (root.local === 'sitemapindex') throw sitemapIndexError(root, options.url);
      if (HTML_ROOTS.has(root.local)) throw notAFeed('an HTML page, not a feed', options.url);
      throw notAFeed(`an XML document whose root is <${root.name}>, not a feed`, options.url);
  }
}

/** Keeps the newest `max` entries while reading, dated as the readers date them. */
function newestOnly(max: number, options: ParseOptions): EntryBound {
  const time = (entry: XmlElement): number => {
    const written =
      entry.local === 'url'
        ? sitemapPublished(entry, options)
        : childText(entry, ...(entry.local === 'entry' ? ATOM_PUBLISHED : RSS_PUBLISHED));
    const date = written ? parseFeedDate(written, options.timezone, options.now) : null;
    return date ? date.getTime() : Number.NEGATIVE_INFINITY;
  };
  return { max, time, dropped: 0 };
}

function preview(text: string, start: number): string {
  return text
    .slice(start, start + 40)
    .replace(/\s+/g, ' ')
    .trim();
}

function notAFeed(message: string, url: string): KiosqueError {
  return new KiosqueError({ kind: 'not_a_feed', message, url });
}
