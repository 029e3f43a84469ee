// The configuration of image reports (read and checked with the others in src/config).
import type { TrustedProxies } from './address.ts';

export interface ReportLimits {
  /** Reports one reader (cookie) may send per window. */
  perReader: number;
  /** Reports one address (an IPv6 /64 as one) may send per window: offices and phones share addresses. */
  perAddress: number;
  /** The window, in seconds. */
  windowS: number;
}

export interface ReportConfig {
  /** Distinct readers whose reports block an image, unless its source has its own (KIOSQUE_REPORT_THRESHOLD, 3). */
  threshold: number;
  /** The proxies whose X-Forwarded-For is believed (KIOSQUE_TRUST_PROXY); null: none, the socket's peer is the reader. */
  trustProxy: TrustedProxies | null;
  /** KIOSQUE_SECRET: the root of the CSRF key and the address salt; null: made once and kept in the database. */
  secret: string | null;
  limits: ReportLimits;
  /** How long a CSRF token lives: it is accepted in its time bucket and the next. */
  tokenBucketS: number;
}

export const DEFAULT_REPORT_THRESHOLD = 3;
export const DEFAULT_REPORT_LIMITS: ReportLimits = { perReader: 10, perAddress: 30, windowS: 600 };
/** An hour: a cached page (5 min at most in the page cache) always carries a token good for 55 minutes more. */
export const DEFAULT_TOKEN_BUCKET_S = 3600;

/** The defaults, for callers given no configuration. */
export function defaultReportConfig(): ReportConfig {
  return {
    threshold: DEFAULT_REPORT_THRESHOLD,
    trustProxy: null,
    secret: null,
    limits: { ...DEFAULT_REPORT_LIMITS },
    tokenBucketS: DEFAULT_TOKEN_BUCKET_S,
  };
}
