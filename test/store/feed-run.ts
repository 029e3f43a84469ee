// A feed run that went well, and a source with one feed, for tests that
// store articles through the crawler's own save (saveFeedRun) without a crawl.
import type { SourceConfig } from '../../src/sources/types.ts';
import type { ArticleCandidate, FeedRunRecord } from '../../src/store/index.ts';

/** A source of `slug` with one feed at https://<slug>.example/feed. */
export function testSource(
  slug: string,
  language: SourceConfig['language'] = 'fr',
  name = slug.toUpperCase(),
): SourceConfig {
  return {
    slug,
    name,
    homepage: `https://${slug}.example/`,
    language,
    timezone: 'Africa/Casablanca',
    feeds: [{ url: `https://${slug}.example/feed` }],
    mode: 'full',
    enabled: true,
  };
}

export function feedRun(feedId: number, extra: Partial<FeedRunRecord> = {}): FeedRunRecord {
  const now = new Date().toISOString();
  return {
    feedId,
    worker: 'test',
    origin: null,
    hostDelayMs: 0,
    startedAt: now,
    finishedAt: now,
    durationMs: 5,
    outcome: 'ok',
    httpStatus: 200,
    error: null,
    bytes: 100,
    entries: 1,
    etag: null,
    lastModified: null,
    status: 'ok',
    nextFetchAt: new Date(Date.now() + 900_000).toISOString(),
    intervalS: 900,
    retryAfterUntil: null,
    consecutiveErrors: 0,
    failingSince: null,
    ...extra,
  };
}

/**
 * A feed entry's article as the crawler plans it, known by `key` (its guid,
 * URL and content hash follow from it), with nothing but a title unless
 * `extra` gives more.
 */
export function testArticle(key: string, extra: Partial<ArticleCandidate> = {}): ArticleCandidate {
  return {
    identity: `guid:${key}`,
    guid: key,
    canonicalUrl: `https://a.example/${key}`,
    matchByUrl: true,
    title: `Titre ${key}`,
    summary: null,
    contentHtml: null,
    text: null,
    author: null,
    language: 'fr',
    category: null,
    leadImageUrl: null,
    images: [],
    publishedAt: new Date().toISOString(),
    publishedAtGuessed: false,
    needsPage: false,
    contentHash: `h${key}`,
    ...extra,
  };
}
