// The client's settings from the environment, with the defaults a polite
// crawler needs. Everything here is plain data so tests can build their own.
import type { FetchKind, HttpClientOptions } from './types.ts';

export const DEFAULT_CONTACT_URL = 'https://github.com/kiosque/kiosque';

const MB = 1024 * 1024;

/** Size limits per kind of document, in bytes (a per-source maxBytes overrides them). */
export const DEFAULT_MAX_BYTES: Readonly<Record<FetchKind, number>> = {
  feed: 10 * MB,
  page: 5 * MB,
  robots: 512 * 1024,
  image: 10 * MB,
};

/** "Kiosque/0.1 (+https://…)": publishers can see who we are and whom to write to. */
export function kiosqueUserAgent(contactUrl: string = DEFAULT_CONTACT_URL): string {
  return `Kiosque/0.1 (+${contactUrl})`;
}

/**
 * Reads KIOSQUE_ALLOW_HOSTS (comma list), KIOSQUE_HOST_DELAY_MS (default 1000)
 * and KIOSQUE_CONTACT_URL. A malformed delay falls back to the default rather
 * than disabling politeness by accident.
 */
export function defaultHttpClientOptions(
  env: Record<string, string | undefined> = process.env,
): HttpClientOptions {
  const allowHosts = (env['KIOSQUE_ALLOW_HOSTS'] ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter((host) => host !== '');
  const rawDelay = env['KIOSQUE_HOST_DELAY_MS']?.trim() ?? '';
  const delay = Number(rawDelay);
  const contactUrl = env['KIOSQUE_CONTACT_URL']?.trim() || DEFAULT_CONTACT_URL;
  return {
    userAgent: kiosqueUserAgent(contactUrl),
    hostDelayMs: rawDelay !== '' && Number.isFinite(delay) && delay >= 0 ? delay : 1000,
    allowHosts,
    connectTimeoutMs: 10_000,
    headersTimeoutMs: 20_000,
    totalTimeoutMs: 60_000,
    maxBytes: { ...DEFAULT_MAX_BYTES },
    maxRedirects: 5,
    respectRobots: true,
    maxConcurrency: 16,
  };
}
