// src/feeds: feed documents (RSS, RDF, Atom, JSON Feed, news sitemaps) to normalized entries.
// Everything here is pure except the worker pool, which only moves the same
// pure work to another thread under a time and memory bound.
export type { EntryImage, FeedEntry, FeedFormat, ParsedFeed, ParseOptions } from './types.ts';
export { detectFeedFormat, parseFeed } from './parse.ts';
export { closeFeedParserPool, type ParseLimits, parseFeedBounded } from './pool.ts';
export { canonicalizeUrl, isTrackingParameter, resolveUrl, TRACKING_PARAMETERS } from './url.ts';
export { cleanTitle, htmlToText, htmlToTextFromTokens } from './text.ts';
export { parseFeedDate } from './dates.ts';
export { websubLinksInHeader } from './websub-links.ts';
