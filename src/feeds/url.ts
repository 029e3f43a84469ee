// Canonical article URLs, so the same article reached through a newsletter,
// a social network or the feed is stored once. WHATWG URL (built in) does the
// resolving, lower-casing and default-port dropping; the query string is
// filtered by hand because URLSearchParams re-serializes every parameter
// (%20 becomes +, ~ becomes %7E, ...), which would change URLs publishers
// treat as different.

/**
 * Query parameters that only say where a click came from. Matched on the
 * lower-cased name; every `utm_*` parameter is dropped too.
 */
export const TRACKING_PARAMETERS: ReadonlySet<string> = new Set([
  'fbclid', // Facebook
  'gclid', // Google Ads
  'gclsrc',
  'gbraid',
  'wbraid',
  'dclid', // DoubleClick
  'msclkid', // Microsoft Ads
  'mc_cid', // Mailchimp
  'mc_eid',
  'xtor', // AT Internet (Xiti), common on French-language press sites
  'at_medium', // AT Internet campaign parameters
  'at_campaign',
  'at_format',
  'at_creation',
  'at_variant',
  'at_send_date',
  'at_link',
  'at_recipient_id',
  'at_recipient_list',
  'at_ptr_name',
  '_ga', // Google Analytics cross-domain
  '_gl',
  'igshid', // Instagram
  'yclid', // Yandex
  'ref_src', // Twitter/X
  'ref_url',
  '__twitter_impression',
  'ns_source', // comScore
  'ns_mchannel',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  '_hsenc', // HubSpot
  '_hsmi',
  'mkt_tok', // Marketo
  'oly_enc_id', // Omeda
  'oly_anon_id',
  'vero_id',
  'vero_conv',
  'wt_mc', // Webtrends
  'ocid', // Microsoft Start
  'ito', // a newsletter tag several French publishers use
]);

export function isTrackingParameter(name: string): boolean {
  const key = name.toLowerCase();
  return key.startsWith('utm_') || TRACKING_PARAMETERS.has(key);
}

/**
 * The canonical form of a link: resolved against `base`, http(s) only (else
 * null), scheme and host lower-cased, default port, fragment and tracking
 * parameters dropped; the other query parameters keep their order and
 * encoding; an empty `?` is dropped.
 */
export function canonicalizeUrl(href: string, base?: string): string | null {
  const url = resolveHttpUrl(href, base);
  if (!url) return null;
  const query = url.search;
  url.search = '';
  url.hash = '';
  let kept = '';
  if (query.length > 1) {
    for (const pair of query.slice(1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (isTrackingParameter(eq === -1 ? pair : pair.slice(0, eq))) continue;
      kept += (kept === '' ? '?' : '&') + pair;
    }
  }
  return url.href + kept;
}

/** Resolves a link to an absolute http(s) URL without dropping anything but the fragment (for images). */
export function resolveUrl(href: string, base?: string): string | null {
  const url = resolveHttpUrl(href, base);
  if (!url) return null;
  url.hash = '';
  return url.href;
}

export function resolveHttpUrl(href: string, base?: string): URL | null {
  const trimmed = href.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return url;
}
