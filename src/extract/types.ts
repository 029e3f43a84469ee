// What extraction returns: the article as a reader sees it, before sanitizing.
import type { SiteMemory } from './site-memory.ts';

export interface ExtractedImage {
  url: string;
  alt: string | null;
  width?: number;
  height?: number;
}

export interface ExtractedArticle {
  /** Plain text. */
  title: string | null;
  /** "A, B" when several. */
  author: string | null;
  /** UTC. */
  publishedAt: Date | null;
  modifiedAt: Date | null;
  /** Absolute URL: og:image, then JSON-LD image, then the first large content image. */
  leadImage: string | null;
  /** BCP 47 primary tag ('fr', 'ar', ...). */
  language: string | null;
  dir: 'rtl' | 'ltr' | null;
  siteName: string | null;
  /** Meta description / og:description. */
  excerpt: string | null;
  /** The article body as HTML, NOT yet sanitized; '' when nothing readable. */
  contentHtml: string;
  /** Plain text of the body with block separators. */
  text: string;
  /** Absolute, in body order. */
  images: ExtractedImage[];
  /** Where the body came from. */
  method: 'json-ld' | 'selector' | 'readability' | 'none';
}

export interface ExtractOptions {
  /** Per-source rule: the body is exactly the first element this selector matches. */
  bodySelector?: string;
  /** Per-source rule: elements removed before anything else. */
  remove?: string[];
  /** IANA zone for dates written without one (default Africa/Casablanca). */
  timezone?: string;
  /** "Now" for date sanity checks (tests). */
  now?: Date;
  /** The boilerplate learned from the site's pages read before (site-memory.ts); this page adds to it. */
  site?: SiteMemory;
}

/** Metadata gathered from one source (JSON-LD, meta tags or the page); every field optional. */
export interface PageMetadata {
  title?: string;
  /** JSON-LD `name` when it differs from `headline` (some CMSs put the site's name there, others the real title). */
  name?: string;
  authors?: string[];
  published?: string;
  modified?: string;
  images?: string[];
  language?: string;
  siteName?: string;
  description?: string;
  articleBody?: string;
}
