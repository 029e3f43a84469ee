// URL checks shared by the sources file, OPML and discovery, and the origin
// a feed's URL is polled under.

/**
 * The URL in its normalized form (WHATWG: lowercase host, default port dropped,
 * "https://le360.ma" → "https://le360.ma/"), or null when it is not an
 * absolute http(s) URL with a host. Normalizing here lets two spellings of one
 * feed be recognized as the same feed everywhere downstream.
 */
export function normalizeHttpUrl(raw: string): string | null {
  const text = raw.trim();
  // Without a scheme, new URL() would refuse anyway; be explicit for "le360.ma".
  if (!/^https?:\/\//i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  url.hash = '';
  return url.href;
}

/** Resolves `href` against `base`; null when it does not give an http(s) URL. */
export function resolveHttpUrl(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/** scheme://host[:port] of a URL, the unit of politeness (feeds and pages of one origin take turns). */
export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
