// The crawler's one HTTP client: what it is asked and what it answers.
import type { KiosqueError } from '../util/errors.ts';

/** What is fetched decides the default size limit and the Accept header ('hub': a WebSub hub's answer to a subscription). */
export type FetchKind = 'feed' | 'page' | 'robots' | 'image' | 'hub';

export interface FetchRequest {
  url: string;
  kind: FetchKind;
  /** Validators exactly as the publisher sent them last time (weak ETags too). */
  etag?: string | null;
  lastModified?: string | null;
  /** Per-source overrides from the sources file. */
  userAgent?: string;
  headers?: Record<string, string>;
  maxBytes?: number;
  hostDelayMs?: number;
  signal?: AbortSignal;
  /**
   * false: the body is decoded when `text` is first read, not here. The
   * crawler hands a feed's bytes to a worker thread, which decodes them
   * there: detecting and decoding charsets was ~9 % of the crawler's
   * thread (bench:ingest). Reading `text` then throws what decoding would
   * have failed with (bad_encoding).
   */
  decode?: boolean;
  /**
   * A form to POST (application/x-www-form-urlencoded) instead of a GET: a
   * WebSub subscription. Not redirected, never repeated, no robots.txt (it
   * is no crawl; the hub asked to be written to).
   */
  form?: Record<string, string>;
  /**
   * true: the document's bytes stay counted in the client's body budget
   * until the caller calls `release()` (after parsing and storing it);
   * otherwise they are given back when fetch returns.
   */
  hold?: boolean;
}

export interface FetchedDocument {
  ok: true;
  notModified: false;
  status: number; // 2xx
  /** The URL after redirects. */
  url: string;
  /** Every hop, first to last, including the requested URL. */
  redirects: string[];
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  headers: Record<string, string>;
  /** Raw bytes, already decompressed. */
  body: Buffer;
  /** Gives the body's bytes back to the client's budget (see FetchRequest.hold). Idempotent. */
  release: () => void;
  /** The body decoded to text with the charset below (for feeds, pages, robots). */
  text: string;
  /** The charset actually used, lower case (utf-8, windows-1252, windows-1256, ...). */
  charset: string;
  /** How the charset was chosen: bom, header, xml-declaration, meta, detected, default. */
  charsetSource: string;
  durationMs: number;
}

export interface NotModified {
  ok: true;
  notModified: true;
  status: 304;
  url: string;
  redirects: string[];
  etag: string | null;
  lastModified: string | null;
  headers: Record<string, string>;
  durationMs: number;
}

export interface FetchFailure {
  ok: false;
  error: KiosqueError;
  durationMs: number;
}

export type FetchOutcome = FetchedDocument | NotModified | FetchFailure;

/** Resolves a host name to addresses; tests pass a stub, never the real DNS. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: 4 | 6 }>>;

export interface HttpClientOptions {
  /** Sent on every request; must contain "Kiosque" and the operator's contact URL. */
  userAgent: string;
  /** Minimum delay between two requests to one origin (KIOSQUE_HOST_DELAY_MS). */
  hostDelayMs: number;
  /** Hosts or addresses the address guard lets through (KIOSQUE_ALLOW_HOSTS). */
  allowHosts: string[];
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  totalTimeoutMs: number;
  maxBytes: Record<FetchKind, number>;
  maxRedirects: number;
  /** Whether robots.txt is checked before each request (true in production). */
  respectRobots: boolean;
  /** How many requests may be in flight across all hosts. */
  maxConcurrency: number;
  /** Bytes of response bodies held at once (byte-budget.ts); default DEFAULT_BODY_BUDGET_BYTES. */
  bodyBudgetBytes?: number;
  resolver?: Resolver;
}

export interface HttpClient {
  fetch(request: FetchRequest): Promise<FetchOutcome>;
  close(): Promise<void>;
}
