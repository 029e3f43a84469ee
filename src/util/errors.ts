// Errors are values with a kind: they travel to the feed-health page, the
// fetch log and the metrics. A stage returns or throws a KiosqueError; the
// ingest loop records it and goes on, it never crashes on one.

export type ErrorKind =
  | 'timeout' // connect, header or total time limit reached
  | 'too_large' // body over the size limit (checked while streaming)
  | 'blocked_address' // the address guard refused the target
  | 'bad_url' // not a URL, or a scheme other than http/https
  | 'too_many_redirects'
  | 'http_status' // any unexpected HTTP status (404, 410, 500, ...)
  | 'rate_limited' // 429 or 503, with Retry-After when the publisher gave one
  | 'robots' // robots.txt disallows the URL for our User-Agent
  | 'bot_challenge' // a bot wall (Cloudflare challenge and the like)
  | 'network' // reset, refused, DNS failure
  | 'bad_encoding' // the body cannot be decoded as text
  | 'not_a_feed' // the document is not RSS, Atom, RDF, JSON Feed or a news sitemap
  | 'unsafe_xml' // a DOCTYPE that declares entities (XML bomb, XXE)
  | 'parse_timeout' // the parser went over its time or memory bound
  | 'no_article' // an article page gave no more text than the feed
  | 'config' // a wrong line in the configuration
  | 'database'
  | 'internal';

export interface ErrorInfo {
  kind: ErrorKind;
  /** A sentence a person can act on: what was wrong, and where. */
  message: string;
  url?: string;
  status?: number;
  /** When the publisher asked us to come back (Retry-After), in UTC. */
  retryAfter?: Date;
}

export class KiosqueError extends Error implements ErrorInfo {
  readonly kind: ErrorKind;
  readonly url?: string;
  readonly status?: number;
  readonly retryAfter?: Date;

  constructor(info: ErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'KiosqueError';
    this.kind = info.kind;
    if (info.url !== undefined) this.url = info.url;
    if (info.status !== undefined) this.status = info.status;
    if (info.retryAfter !== undefined) this.retryAfter = info.retryAfter;
  }

  toJSON(): ErrorInfo {
    const out: ErrorInfo = { kind: this.kind, message: this.message };
    if (this.url !== undefined) out.url = this.url;
    if (this.status !== undefined) out.status = this.status;
    if (this.retryAfter !== undefined) out.retryAfter = this.retryAfter;
    return out;
  }
}

/** Turns anything thrown into an error value, keeping a KiosqueError as it is. */
export function toKiosqueError(err: unknown, fallback: ErrorKind = 'internal', url?: string): KiosqueError {
  if (err instanceof KiosqueError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new KiosqueError({ kind: fallback, message, ...(url ? { url } : {}) }, { cause: err });
}
