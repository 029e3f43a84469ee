// The client's settings, with the defaults a polite crawler needs. Everything here is plain data so tests can build their own.
import type { FetchKind, HttpClientOptions } from './types.ts';

export const DEFAULT_CONTACT_URL = 'https://github.com/kiosque/kiosque';
/** Between two requests to one origin: politeness when nothing is configured. */
export const DEFAULT_HOST_DELAY_MS = 1000;

const MB = 1024 * 1024;

/** Size limits per kind of document, in bytes (a per-source maxBytes overrides them). */
export const DEFAULT_MAX_BYTES: Readonly<Record<FetchKind, number>> = {
  feed: 10 * MB,
  page: 5 * MB,
  robots: 512 * 1024,
  image: 10 * MB,
  hub: 64 * 1024,
};

/**
 * Response bodies held at once, all requests together (byte-budget.ts):
 * three feeds at the feed limit, a hundred ordinary ones.
 */
export const DEFAULT_BODY_BUDGET_BYTES = 32 * MB;

/** "Kiosque/0.1 (+https://…)": publishers can see who we are and whom to write to. */
export function kiosqueUserAgent(contactUrl: string = DEFAULT_CONTACT_URL): string {
  return `Kiosque/0.1 (+${contactUrl})`;
}

/** The configured hosts, delay and contact URL (KIOSQUE_ALLOW_HOSTS, …) over the defaults. */
export function defaultHttpClientOptions(
  settings: { allowHosts?: string[]; hostDelayMs?: number; contactUrl?: string } = {},
): HttpClientOptions {
  return {
    userAgent: kiosqueUserAgent(settings.contactUrl ?? DEFAULT_CONTACT_URL),
    hostDelayMs: settings.hostDelayMs ?? DEFAULT_HOST_DELAY_MS,
    allowHosts: settings.allowHosts ?? [],
    connectTimeoutMs: 10_000,
    headersTimeoutMs: 20_000,
    totalTimeoutMs: 60_000,
    maxBytes: { ...DEFAULT_MAX_BYTES },
    maxRedirects: 5,
    respectRobots: true,
    maxConcurrency: 16,
  };
}
