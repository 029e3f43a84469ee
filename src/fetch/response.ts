// What a response means, decided from its status and headers alone (plus a
// small sample of the body for bot walls). Pure, so every case is a table row
// in the tests and the scheduler can trust the kinds it receives.
import { STATUS_CODES } from 'node:http';
import { KiosqueError } from '../util/errors.ts';

export type ResponseMeaning =
  | { kind: 'ok' }
  | { kind: 'not_modified' }
  | { kind: 'redirect'; location: string }
  | { kind: 'failure'; error: KiosqueError };

/** When no Retry-After is given: long enough not to hammer, short enough to recover the same day. */
export const DEFAULT_RETRY_AFTER_MS: Readonly<Record<429 | 503, number>> = {
  429: 10 * 60_000,
  503: 5 * 60_000,
};

// A publisher that says "come back in a year" is probably misconfigured; a
// week is the longest we take at its word so a feed is not lost by a typo.
const MAX_RETRY_AFTER_MS = 7 * 24 * 3600_000;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Parses Retry-After: delay-seconds or an HTTP-date. Returns null when
 * absent or unreadable. A date in the past means "now".
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): Date | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  let at: number;
  if (/^\d+$/.test(trimmed)) {
    at = now.getTime() + Number(trimmed) * 1000;
  } else {
    // An HTTP-date names its month; Date.parse alone would read "-5" as a year.
    if (!/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(trimmed)) return null;
    at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
  }
  const clamped = Math.min(Math.max(at, now.getTime()), now.getTime() + MAX_RETRY_AFTER_MS);
  return new Date(clamped);
}

/**
 * Recognizes a bot wall: Cloudflare says so in cf-mitigated; otherwise a
 * 403/503 from a CDN whose body is a JavaScript challenge page.
 */
export function isBotChallenge(status: number, headers: Record<string, string>, bodySample = ''): boolean {
  if ((headers['cf-mitigated'] ?? '').toLowerCase().includes('challenge')) return true;
  if (status !== 403 && status !== 503 && status !== 429) return false;
  const server = (headers['server'] ?? '').toLowerCase();
  const fromCdn =
    server.includes('cloudflare') ||
    server.includes('akamai') ||
    server.includes('sucuri') ||
    server.includes('ddos-guard') ||
    headers['cf-ray'] !== undefined ||
    headers['x-sucuri-id'] !== undefined;
  const challengeBody =
    /Just a moment\.\.\.|cf-chl|cf_chl|challenge-platform|Checking your browser|Attention Required!|_Incapsula_Resource|ak_bmsc|DDoS protection by/i.test(
      bodySample,
    );
  return challengeBody && (fromCdn || /cf-chl|cf_chl|challenge-platform/.test(bodySample));
}

/** Whether the body sample is needed to classify this status (only the bot-wall check reads it). */
export function needsBodySample(status: number, headers: Record<string, string>): boolean {
  return (status === 403 || status === 503 || status === 429) && headers['cf-mitigated'] === undefined;
}

/**
 * Classifies one response. `headers` have lower-case names. `url` is the URL
 * that answered, for the error message.
 */
export function classifyResponse(
  status: number,
  headers: Record<string, string>,
  now: Date,
  context: { url: string; bodySample?: string },
): ResponseMeaning {
  const { url } = context;
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 304) return { kind: 'not_modified' };
  if (REDIRECTS.has(status)) {
    const location = headers['location'];
    if (location) return { kind: 'redirect', location };
    return failure(
      'http_status',
      `HTTP ${status} redirect without a Location header for ${url}`,
      url,
      status,
    );
  }
  if (isBotChallenge(status, headers, context.bodySample)) {
    return failure(
      'bot_challenge',
      `HTTP ${status}: a bot challenge (${describeCdn(headers)}) blocks ${url}; ask the publisher to allow the Kiosque User-Agent`,
      url,
      status,
    );
  }
  if (status === 429 || status === 503) {
    const given = parseRetryAfter(headers['retry-after'], now);
    const retryAfter = given ?? new Date(now.getTime() + DEFAULT_RETRY_AFTER_MS[status]);
    const why = status === 429 ? 'Too Many Requests' : 'Service Unavailable';
    const when = given
      ? `asked to retry after ${retryAfter.toISOString()}`
      : `no Retry-After, retry after ${retryAfter.toISOString()}`;
    return {
      kind: 'failure',
      error: new KiosqueError({
        kind: 'rate_limited',
        message: `HTTP ${status} ${why} for ${url}: ${when}`,
        url,
        status,
        retryAfter,
      }),
    };
  }
  const reason = STATUS_CODES[status] ?? 'Unexpected status';
  return failure('http_status', `HTTP ${status} ${reason} for ${url}`, url, status);
}

function describeCdn(headers: Record<string, string>): string {
  if (
    headers['cf-mitigated'] ||
    headers['cf-ray'] ||
    (headers['server'] ?? '').toLowerCase().includes('cloudflare')
  ) {
    return 'Cloudflare';
  }
  return headers['server'] || 'CDN';
}

function failure(
  kind: 'http_status' | 'bot_challenge',
  message: string,
  url: string,
  status: number,
): ResponseMeaning {
  return { kind: 'failure', error: new KiosqueError({ kind, message, url, status }) };
}
