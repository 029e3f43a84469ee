// A feed document of any format, normalized to one shape.

/** 'sitemap': a news sitemap (Google News `<urlset>`), or a plain one with dated URLs. */
export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json' | 'sitemap';

export interface EntryImage {
  url: string; // absolute
  type?: string;
  width?: number;
  height?: number;
  caption?: string;
  /** Where the image was found. */
  from: 'enclosure' | 'media:content' | 'media:thumbnail' | 'content' | 'json' | 'itunes' | 'sitemap';
}

export interface FeedEntry {
  /** The publisher's id as given (trimmed), or null. The ingest stage decides if it is trustworthy. */
  guid: string | null;
  /** The entry's link, made absolute and canonical (canonicalizeUrl), or null. */
  url: string | null;
  /** Plain text: entities decoded, markup stripped, white space collapsed, mojibake repaired. */
  title: string;
  author: string | null;
  /** Plain-text summary (from description/summary), at most ~1000 characters, or null. */
  summary: string | null;
  /** The fullest HTML body the feed gives (content:encoded, atom content, content_html, or an HTML description), unsanitized, or null. */
  contentHtml: string | null;
  categories: string[];
  /** UTC; null when missing, unparseable, before 1990 or more than a day in the future. */
  publishedAt: Date | null;
  updatedAt: Date | null;
  images: EntryImage[];
}

/** A feed that pushes (WebSub): its hub and its own URL, the topic to subscribe to. */
export interface WebSubLinks {
  hub: string;
  self: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  /** e.g. "rss 2.0", "rss 0.91", "atom 0.3", "json 1.1", "news-sitemap 0.9" */
  version: string;
  title: string | null;
  /** The site the feed belongs to (channel link), absolute, or null. */
  homepage: string | null;
  entries: FeedEntry[];
  /** Entries left out while reading, the oldest, when ParseOptions.maxEntries is set. */
  omitted?: number;
  /** The hub the document names, if it pushes (the HTTP Link header is read by the crawler). */
  websub?: WebSubLinks | null;
}

export interface ParseOptions {
  /** The feed's own URL: relative links are resolved against it (or xml:base). */
  url: string;
  /** IANA zone applied to dates written without a zone. */
  timezone: string;
  /** The fetch time, used for the "more than a day in the future" check. */
  now: Date;
  /**
   * Read at most this many entries, the newest (XML feeds: the others are
   * dropped while reading, so an archive-sized feed never builds them).
   */
  maxEntries?: number;
}
