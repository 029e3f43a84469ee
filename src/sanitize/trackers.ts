// Ad, analytics and tracking-pixel URLs. Images from them are removed and
// links to them unwrapped to their text: they are never article content, and
// each one loaded from our pages would tell a third party who reads what.
// Matching is on the host (the domain itself or any subdomain), optionally
// with a path prefix for hosts that also serve real pages (facebook.com/tr).

/**
 * Known ad, analytics and pixel hosts. `host` alone matches the host and its
 * subdomains; `host/path` matches when the path starts with it.
 */
export const TRACKER_HOSTS: readonly string[] = [
  // Ads
  'doubleclick.net',
  'googlesyndication.com',
  'googleadservices.com',
  'adservice.google.com',
  'amazon-adsystem.com',
  'adnxs.com',
  'outbrain.com',
  'taboola.com',
  'smartadserver.com',
  'adform.net',
  'rubiconproject.com',
  'pubmatic.com',
  'openx.net',
  'casalemedia.com',
  'moatads.com',
  'adsafeprotected.com',
  'doubleverify.com',
  'teads.tv',
  'revcontent.com',
  'mgid.com',
  // Analytics and audience measurement
  'google-analytics.com',
  'googletagmanager.com',
  'googletagservices.com',
  'scorecardresearch.com',
  'quantserve.com',
  'chartbeat.net',
  'chartbeat.com',
  'hotjar.com',
  'xiti.com',
  'ati-host.net',
  'mc.yandex.ru',
  'krxd.net',
  'bluekai.com',
  'pixel.wp.com',
  'stats.wp.com',
  'pixel.quantserve.com',
  'bat.bing.com',
  'analytics.twitter.com',
  't.co/i/adsct',
  'facebook.com/tr',
  'facebook.net/tr',
  'connect.facebook.net',
  // Feed proxies' click and view counters
  'feeds.feedburner.com/~r',
  'feeds.feedburner.com/~ff',
  'feedproxy.google.com/~r',
  'feedsportal.com',
];

/** Host fragments matched anywhere in a host label, for networks with many domains. */
const TRACKER_HOST_WORDS = ['criteo'];

/** Paths that are counters whatever the host: `/pixel.gif`, Matomo, Urchin, Adobe. */
const PIXEL_PATH =
  /(?:^|\/)(?:pixel|tracking|beacon|spacer|1x1|__utm|blank|clear|transparent)\.(?:gif|png)$|\/(?:piwik|matomo)\.php$|\/b\/ss\//i;

const parsedList = TRACKER_HOSTS.map((entry) => {
  const slash = entry.indexOf('/');
  return slash === -1 ? { host: entry, path: '' } : { host: entry.slice(0, slash), path: entry.slice(slash) };
});

/** True for a URL (absolute, already checked) on a known ad, analytics or pixel host. */
export function isTrackerUrl(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  for (const entry of parsedList) {
    if (host !== entry.host && !host.endsWith(`.${entry.host}`)) continue;
    if (entry.path === '' || url.pathname === entry.path || url.pathname.startsWith(`${entry.path}/`))
      return true;
  }
  return host.split('.').some((label) => TRACKER_HOST_WORDS.some((w) => label.includes(w)));
}

/** True for an image URL whose path names it a counter pixel. */
export function isPixelPath(href: string): boolean {
  try {
    return PIXEL_PATH.test(new URL(href).pathname);
  } catch {
    return false;
  }
}

/** Width or height attribute of 0 or 1: drawn as a dot at most, so only there to be loaded. */
export function isPixelSize(width: string | undefined, height: string | undefined): boolean {
  const tiny = (v: string | undefined) => v !== undefined && /^\s*[01](?:\.0*)?\s*(?:px)?\s*$/i.test(v);
  return tiny(width) || tiny(height);
}
