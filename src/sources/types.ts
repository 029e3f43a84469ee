// The source registry's shapes: what one publication is in the sources file.

export type Language = 'fr' | 'ar';

/** full: fetch the article page when the feed gives a teaser; excerpt: keep the
 * summary only; title: keep title and link only. Used by the extraction stage. */
export type SourceMode = 'full' | 'excerpt' | 'title';

export interface FeedConfig {
  url: string;
  category?: string;
}

/** Per-source fetch settings, for publishers that block bots or serve big feeds. */
export interface SourceFetchSettings {
  userAgent?: string;
  headers?: Record<string, string>;
  /** Maximum body size in bytes for this source's feeds and pages. */
  maxBytes?: number;
  /** Minimum delay between two requests to this source's hosts, in ms. */
  hostDelayMs?: number;
}

export interface SourceExtractSettings {
  body?: string;
  remove?: string[];
}

export interface SourceConfig {
  slug: string;
  name: string;
  homepage: string;
  language: Language;
  /** IANA zone for dates written without one; default Africa/Casablanca. */
  timezone: string;
  feeds: FeedConfig[];
  mode: SourceMode;
  enabled: boolean;
  fetch?: SourceFetchSettings;
  extract?: SourceExtractSettings;
}

export const DEFAULT_TIMEZONE = 'Africa/Casablanca';
