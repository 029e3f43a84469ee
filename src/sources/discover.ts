// Feed discovery from a publication's page: which URLs are worth trying as its
// feed, best first. Pure: the ingest stage fetches the page and tries them.
//
// htmlparser2 (already a dependency) tokenizes the page: it is fast, forgiving
// of the broken markup news sites serve, and we only need <base>, <link> and <a>.

import { Parser } from 'htmlparser2';
import { resolveHttpUrl } from './url.ts';

/** Paths where publishing systems put their feed, most likely first (WordPress leads: most of the Moroccan press runs it). */
export const COMMON_FEED_PATHS: readonly string[] = [
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
];

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
]);
// Types that are feeds only sometimes (WordPress also links its REST API as application/json).
const MAYBE_FEED_TYPES = new Set(['application/json', 'application/xml', 'text/xml']);
const LOOKS_LIKE_FEED = /feed|rss|atom/i;

interface Found {
  main: string[];
  fallback: string[];
  comments: string[];
}

/**
 * Feed URLs a page declares, best first: `<link rel="alternate">` feeds in
 * document order, then `<a href>` links that look like feeds, then comments
 * feeds (a WordPress head lists "Flux des commentaires" next to the main feed;
 * it is a real feed, but of the wrong thing). Resolved against `<base href>`
 * or the page URL, without duplicates.
 */
export function discoverFeedLinks(html: string, pageUrl: string): string[] {
  const found = findFeedLinks(html, pageUrl);
  return dedupe([...found.main, ...found.fallback, ...found.comments]);
}

/**
 * Every URL worth trying as a publication's feed: what its homepage declares,
 * then the common paths on its origin, then comments feeds last of all.
 */
export function feedCandidates(homepage: string, html: string | null): string[] {
  const found = html === null ? { main: [], fallback: [], comments: [] } : findFeedLinks(html, homepage);
  let common: string[] = [];
  try {
    const origin = new URL(homepage).origin;
    common = COMMON_FEED_PATHS.map((path) => `${origin}${path}`);
  } catch {
    // Not a URL: only what the page declared (nothing, since it could not be resolved).
  }
  return dedupe([...found.main, ...found.fallback, ...common, ...found.comments]);
}

interface RawLink {
  kind: 'link' | 'a';
  href: string;
  type: string;
  title: string;
}

function findFeedLinks(html: string, pageUrl: string): Found {
  const links: RawLink[] = [];
  let baseHref: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && baseHref === null && attrs['href']) baseHref = attrs['href'];
        else if (name === 'link') {
          const rel = (attrs['rel'] ?? '').toLowerCase().split(/\s+/);
          if (rel.includes('alternate') && attrs['href']) {
            links.push({
              kind: 'link',
              href: attrs['href'],
              type: (attrs['type'] ?? '').split(';')[0]!.trim().toLowerCase(),
              title: attrs['title'] ?? '',
            });
          }
        } else if (name === 'a' && attrs['href']) {
          links.push({ kind: 'a', href: attrs['href'], type: '', title: attrs['title'] ?? '' });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  // The first <base href> applies to the whole document, even to links before it.
  const base = (baseHref !== null && resolveHttpUrl(baseHref, pageUrl)) || pageUrl;
  const found: Found = { main: [], fallback: [], comments: [] };
  for (const link of links) {
    const url = resolveHttpUrl(link.href, base);
    if (url === null) continue;
    if (link.kind === 'link') {
      const isFeed =
        FEED_TYPES.has(link.type) ||
        (MAYBE_FEED_TYPES.has(link.type) &&
          (LOOKS_LIKE_FEED.test(link.title) || LOOKS_LIKE_FEED.test(link.href)));
      if (!isFeed) continue;
      (isCommentsFeed(url, link.title) ? found.comments : found.main).push(url);
    } else if (looksLikeFeedAnchor(url)) {
      (isCommentsFeed(url, link.title) ? found.comments : found.fallback).push(url);
    }
  }
  return found;
}

/** "/feed/", "*.rss", or "*.xml" with rss/feed/atom in it (so not sitemap.xml). */
function looksLikeFeedAnchor(url: string): boolean {
  const { pathname } = new URL(url);
  const path = pathname.toLowerCase();
  if (path.endsWith('/feed/') || path.endsWith('.rss')) return true;
  return path.endsWith('.xml') && /rss|feed|atom/.test(path);
}

function isCommentsFeed(url: string, title: string): boolean {
  return (
    /\/comments\/feed\/?$|[?&]feed=comments-/i.test(url) ||
    /comment/i.test(title) || // "Flux des commentaires", "Comments Feed"
    title.includes('التعليقات') // Arabic WordPress: "خلاصة التعليقات"
  );
}

function dedupe(urls: string[]): string[] {
  return [...new Set(urls)];
}
