// The database's shape as Kysely sees it. Times are ISO 8601 strings in UTC
// ("2026-11-29T02:13:09.000Z"): they sort as text, read the same in SQLite and
// PostgreSQL, and never meet a driver's idea of time zones.
import type { ColumnType, Generated, Selectable } from 'kysely';

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
  /** Distinct readers' reports that block one of its images; null: the default (0006_image_reports). */
  report_threshold: ColumnType<number | null, number | null | undefined, number | null>;
  /** 'file' (synced from the sources file) or 'console' (made or edited in /admin: the sync leaves it alone). 0007_console */
  managed_by: Generated<string>;
  /** Set when the whole source was taken down at its publisher's request: it stays disabled. */
  taken_down_at: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** The entries' prints at the last stored run (src/ingest/plan.ts): those entries are not planned again. */
  entry_prints: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** The story the article belongs to, null when no other article covers it (0008_stories). */
  story_id: ColumnType<number | null, number | null | undefined, number | null>;
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
  /** Where it was found: in the feed entry (enclosure, media:content, content, ...) or on its page ('page'). */
  found_in: string | null;
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
  /** 'push': the run read what a WebSub hub pushed, no request made; null: a poll (0018_websub). */
  via: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A feed's WebSub subscription (0018_websub). */
export interface WebSubSubscriptionsTable {
  feed_id: number;
  hub: string;
  topic: string;
  /** The callback's last path segment: unguessable, so only the hub knows where to push. */
  token: string;
  /** The hub signs each push with it (X-Hub-Signature). */
  secret: string;
  /** 'pending' (asked, not verified yet) | 'active' | 'denied' */
  state: string;
  requested_at: string;
  verified_at: string | null;
  lease_until: string | null;
  /** Why the hub denied it, or why asking failed. */
  reason: string | null;
  pushes: Generated<number>;
  last_push_at: string | null;
}

/** What a hub pushed, until a crawler stores it (0018_websub). */
export interface WebSubPushesTable {
  id: Id;
  feed_id: number;
  received_at: string;
  content_type: string | null;
  /** The pushed document's bytes, base64. */
  body: string;
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

/** A reader's report of an image: one per reader (network address, hashed) per image (0006_image_reports). */
export interface ImageReportsTable {
  id: Id;
  image_id: number;
  /** Salted hash of the reader's address (an IPv6 /64 as one); never the address itself. */
  address_hash: string;
  /** Salted hash of the reader's cookie, when the browser sent one. */
  reader_hash: string | null;
  created_at: string;
  /** Set when an operator unblocked the image: the report no longer counts. */
  dismissed_at: string | null;
}

/** The last decision on an image: 'blocked' (by reports or by hand), 'confirmed', 'unblocked'. */
export interface ImageModerationTable {
  image_id: number;
  status: string;
  /** 'reports' when the readers' reports blocked it, else the operator's name. */
  decided_by: string;
  reason: string | null;
  decided_at: string;
}

/** Fixed-window counters of the report rate limits, shared by every process. */
export interface ReportLimitsTable {
  key: string;
  /** The window's start, in seconds since the epoch. */
  window_start: number;
  count: number;
}

/** Secrets every process shares, made once on first use (CSRF key, address-hash salt). */
export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

export interface Database {
  sources: SourcesTable;
  feeds: FeedsTable;
  articles: ArticlesTable;
  article_tombstones: ArticleTombstonesTable;
  images: ImagesTable;
  article_images: ArticleImagesTable;
  fetch_log: FetchLogTable;
  websub_subscriptions: WebSubSubscriptionsTable;
  websub_pushes: WebSubPushesTable;
  crawl_hosts: CrawlHostsTable;
  article_pages: ArticlePagesTable;
  site_version: SiteVersionTable;
  image_reports: ImageReportsTable;
  image_moderation: ImageModerationTable;
  report_limits: ReportLimitsTable;
  app_secrets: AppSecretsTable;
  stories: StoriesTable;
  story_signatures: StorySignaturesTable;
  story_bands: StoryBandsTable;
  index_queue: IndexQueueTable;
  story_terms: StoryTermsTable;
  operators: OperatorsTable;
  admin_sessions: AdminSessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  takedowns: TakedownsTable;
  takedown_articles: TakedownArticlesTable;
  article_search: ArticleSearchTable;
  article_read_also: ArticleReadAlsoTable;
  search_time_tags: SearchTimeTagsTable;
}

/** The search index's row of an article (0009_search; see src/store/search/documents.ts). */
export interface ArticleSearchTable {
  /** Publication second × 2^21 + the id's low bits: sorts by publication time. */
  key: number;
  article_id: number;
  /** The normalised title and lead, ' tok tok ', that relevance is scored on. */
  title_norm: string;
  lead_norm: string;
}

/** SQLite: from which index key every document carries its time tags (0015_search_time_tags). */
export interface SearchTimeTagsTable {
  from_key: number;
}

/** Document frequency of a story term over the archive (approximate: counted at detection, 0008_stories). */
export interface StoryTermsTable {
  term: string;
  articles: number;
}

/** A story: the articles of several publications about one event (0008_stories). */
export interface StoriesTable {
  id: Id;
  /** The representative title: the first article's. */
  title: string;
  first_article_id: number;
  first_source_id: number;
  article_count: number;
  source_count: number;
  first_published_at: string;
  last_published_at: string;
  created_at: string;
  updated_at: string;
}

/** The normalised terms an article was compared on, space-separated. */
export interface StorySignaturesTable {
  article_id: number;
  source_id: number;
  published_at: string;
  terms: string;
}

/** One key an article is stored under in the story index (the hash of one of its rarest terms: src/stories/signature.ts), for candidate lookup. */
export interface StoryBandsTable {
  band_hash: number;
  published_at: string;
  article_id: number;
}

/** An article waiting for the story and search indexes (0014_index_queue). */
export interface IndexQueueTable {
  article_id: number;
  /** What the indexer does with it: IndexWork (0 search only, 1 detect, 2 redetect, 3 redetect after a date change). */
  work: number;
  queued_at: string;
  attempts: Generated<number>;
  last_error: string | null;
}

/** Who may use the console (0007_console): a name and a scrypt hash. */
export interface OperatorsTable {
  id: Id;
  name: string;
  /** scrypt$N$r$p$salt$hash, base64url. */
  password_hash: string;
  created_at: string;
  last_login_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A console session: the sha256 of its random id, never the id itself. */
export interface AdminSessionsTable {
  id_hash: string;
  operator_id: number;
  /** The synchronizer token every console form carries. */
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** Console logins, for the rate limits per name and per address (a hash of it). */
export interface LoginAttemptsTable {
  id: Id;
  name: string;
  address: string;
  ok: number;
  at: string;
}

/** Every operator action: who, what, when, on what. */
export interface AuditLogTable {
  id: Id;
  at: string;
  operator_id: number | null;
  operator_name: string;
  action: string;
  target: string | null;
  details: string | null;
}

/** An article or a whole source withdrawn at the publisher's request. */
export interface TakedownsTable {
  id: Id;
  /** 'article' | 'source' */
  kind: string;
  source_id: number;
  article_id: number | null;
  /** The article's title or the source's name, kept after the article is gone. */
  title: string;
  url: string | null;
  reason: string;
  operator_name: string;
  /** How many articles it removed. */
  articles: Generated<number>;
  created_at: string;
}

/** The old id of every article a takedown removed: its page answers 410. */
export interface TakedownArticlesTable {
  article_id: number;
  takedown_id: number;
}

export type SourceRow = Selectable<SourcesTable>;
export type FeedRow = Selectable<FeedsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type FetchLogRow = Selectable<FetchLogTable>;
export type { ColumnType };

/** "Lire aussi" found for an article: ids in order, comma-separated (0010_read_also). */
export interface ArticleReadAlsoTable {
  article_id: number;
  ids: string;
  computed_at: string;
}
