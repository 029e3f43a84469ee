// Finding a publication's real feed when the configured URL is wrong: the
// <link rel="alternate"> of the page we got (or of the homepage), then the
// usual paths (/feed/, /rss, ...). The first URL that parses as a feed wins.
import type { FetchedDocument, FetchOutcome, HttpClient } from '../fetch/index.ts';
import { discoverFeedLinks, feedCandidates } from '../sources/index.ts';
import type { KiosqueError } from '../util/errors.ts';
import type { PreparedFeed } from './prepare.ts';

/** At most this many candidate URLs are tried, to stay polite. */
const MAX_CANDIDATES = 8;

export function shouldDiscover(error: KiosqueError): boolean {
  if (error.kind === 'not_a_feed') return true;
  return error.kind === 'http_status' && (error.status === 404 || error.status === 410);
}

export interface DiscoverInput {
  client: HttpClient;
  homepage: string;
  failedUrl: string;
  fetchFeed: (url: string) => Promise<FetchOutcome>;
  parse: (doc: FetchedDocument) => Promise<PreparedFeed>;
  /** The HTML we already have, when the "feed" turned out to be a page. */
  pageHtml: string | null;
  pageUrl: string | null;
}

export async function discoverFeed(
  input: DiscoverInput,
): Promise<{ url: string; document: FetchedDocument; parsed: PreparedFeed } | null> {
  const candidates: string[] = [];
  if (input.pageHtml && input.pageUrl) candidates.push(...discoverFeedLinks(input.pageHtml, input.pageUrl));
  const home = await input.client.fetch({ url: input.homepage, kind: 'page' });
  const homeHtml = home.ok && !home.notModified ? home.text : null;
  candidates.push(...feedCandidates(home.ok ? home.url : input.homepage, homeHtml));
  const tried = new Set<string>([input.failedUrl]);
  for (const url of candidates) {
    if (tried.has(url)) continue;
    tried.add(url);
    if (tried.size > MAX_CANDIDATES + 1) break;
    const res = await input.fetchFeed(url);
    if (!res.ok || res.notModified) continue;
    try {
      const parsed = await input.parse(res);
      return { url: res.url, document: res, parsed };
    } catch {
      // Not a feed either: try the next candidate.
    }
  }
  return null;
}
