// The database's shape as Kysely sees it. Times are ISO 8601 strings in UTC
// ("2026-11-29T02:13:09.000Z"): they sort as text, read the same in SQLite and
// PostgreSQL, and never meet a driver's idea of time zones.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Id = Generated<number>;

export interface SourcesTable {
  id: Id;
  slug: string;
  name: string;
  homepage: string;
  language: string;
  timezone: string;
  mode: string;
  enabled: number; // 0 or 1 (booleans as integers in both dialects)
  /** The per-source fetch and extract settings from the sources file, as JSON. */
  settings_json: string;
  created_at: string;
  updated_at: string;
}

export interface FeedsTable {
  id: Id;
  source_id: number;
  /** The URL from the sources file. */
  url: string;
  /** The URL actually polled when it differs: found by discovery or a permanent redirect. */
  effective_url: string | null;
  discovered_at: string | null;
  category: string | null;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  /** 'new' | 'ok' | 'error' | 'failing' */
  status: string;
  next_fetch_at: string;
  /** Learned polling interval, in seconds. */
  interval_s: number;
  /** The publisher's Retry-After: no request before this, even a forced one. */
  retry_after_until: string | null;
  consecutive_errors: number;
  failing_since: string | null;
  last_error_kind: string | null;
  last_error_message: string | null;
  last_error_at: string | null;
  last_fetched_at: string | null;
  last_success_at: string | null;
  last_status: number | null;
  lease_owner: string | null;
  lease_until: string | null;
  /** scheme://host:port of the URL polled: the unit of politeness. */
  origin: string | null;
  created_at: string;
}

/** One row per origin being polled: which worker holds it, and when it may be asked again. */
export interface CrawlHostsTable {
  origin: string;
  lease_owner: string | null;
  lease_until: string | null;
  /** The host's delay after the last request of the previous holder. */
  free_at: string | null;
}

export interface ArticlesTable {
  id: Id;
  source_id: number;
  feed_id: number | null;
  /** What makes the article itself within its source: guid:…, url:… or hash:… */
  identity: string;
  guid: string | null;
  canonical_url: string | null;
  title: string;
  summary: string | null;
  content_html: string | null;
  text: string | null;
  author: string | null;
  language: string;
  category: string | null;
  lead_image_url: string | null;
  /** A hash of title, summary and content: a change updates the article. */
  content_hash: string;
  published_at: string;
  /** True when the feed gave no usable date and the first-seen time stands in. */
  published_at_guessed: number;
  fetched_at: string;
  updated_at: string;
}

export interface ArticleTombstonesTable {
  id: Id;
  source_id: number;
  identity: string;
  canonical_url: string | null;
  reason: string | null;
  removed_at: string;
}

export interface ImagesTable {
  id: Id;
  url: string;
  first_seen_at: string;
  /** Blocked by moderation: served as the placeholder everywhere (0005_image_cache). */
  blocked: Generated<number>;
  blocked_at: string | null;
  /** sha256 of the bytes, hex, once the proxy fetched them: the same image under another URL. */
  content_hash: string | null;
  content_type: string | null;
  width: number | null;
  height: number | null;
  fetched_at: string | null;
}

/** One row, bumped by triggers whenever articles or sources change: cached pages compare it. */
export interface SiteVersionTable {
  id: number;
  version: number;
}

export interface ArticleImagesTable {
  article_id: number;
  image_id: number;
  position: number;
  /** Where the feed put it: enclosure, media:content, content, ... */
  origin: string | null;
  caption: string | null;
}

export interface FetchLogTable {
  id: Id;
  feed_id: number;
  started_at: string;
  duration_ms: number;
  /** 'ok' | 'not_modified' | 'error' */
  outcome: string;
  http_status: number | null;
  error_kind: string | null;
  error_message: string | null;
  bytes: number | null;
  entries: number | null;
  new_articles: number;
  updated_articles: number;
  worker: string | null;
}

/** The article pages to fetch (teasers in `full` mode), a queue leased like feeds. */
export interface ArticlePagesTable {
  article_id: number;
  url: string;
  origin: string | null;
  /** 'pending' | 'done' | 'failed' */
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error_kind: string | null;
  last_error_message: string | null;
  /** Where the body came from: json-ld, selector, readability, none. */
  method: string | null;
  fetched_at: string | null;
}

export interface Database {
  sources: SourcesTable;
  feeds: FeedsTable;
  articles: ArticlesTable;
  article_tombstones: ArticleTombstonesTable;
  images: ImagesTable;
  article_images: ArticleImagesTable;
  fetch_log: FetchLogTable;
  crawl_hosts: CrawlHostsTable;
  article_pages: ArticlePagesTable;
  site_version: SiteVersionTable;
}

export type SourceRow = Selectable<SourcesTable>;
export type FeedRow = Selectable<FeedsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type FetchLogRow = Selectable<FetchLogTable>;
export type { ColumnType };
