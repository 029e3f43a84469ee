// The configuration of image reports, from the environment, checked at start
// with a message naming the variable and what is wrong.
import { TrustedProxies } from './address.ts';

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

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}, not "${raw}"`);
  }
  return Number(raw);
}

export function reportConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReportConfig {
  const trust = env.KIOSQUE_TRUST_PROXY?.trim();
  const secret = env.KIOSQUE_SECRET?.trim() || null;
  if (secret !== null && secret.length < 16) {
    throw new Error(`KIOSQUE_SECRET must be at least 16 characters long (it has ${secret.length})`);
  }
  return {
    threshold: positiveInteger(env, 'KIOSQUE_REPORT_THRESHOLD', DEFAULT_REPORT_THRESHOLD, 1_000_000),
    trustProxy: trust ? TrustedProxies.parse(trust) : null,
    secret,
    limits: {
      perReader: positiveInteger(
        env,
        'KIOSQUE_REPORT_LIMIT_READER',
        DEFAULT_REPORT_LIMITS.perReader,
        1_000_000,
      ),
      perAddress: positiveInteger(
        env,
        'KIOSQUE_REPORT_LIMIT_ADDRESS',
        DEFAULT_REPORT_LIMITS.perAddress,
        1_000_000,
      ),
      windowS: positiveInteger(env, 'KIOSQUE_REPORT_LIMIT_WINDOW_S', DEFAULT_REPORT_LIMITS.windowS, 86_400),
    },
    tokenBucketS: DEFAULT_TOKEN_BUCKET_S,
  };
}
