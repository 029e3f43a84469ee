// Where a feed says it pushes (WebSub, https://www.w3.org/TR/websub/#discovery):
// a hub and the feed's own URL (its "self", the topic a subscriber names),
// from the HTTP Link header or from link elements in the document. The
// header wins when it names both, as the spec asks. URLs are only resolved,
// not made canonical: the topic must be the very URL the hub knows.
import type { WebSubLinks } from './types.ts';
import { resolveHttpUrl } from './url.ts';
import { children, type XmlElement } from './xml.ts';

function httpUrl(href: string, base: string | undefined): string | null {
  return resolveHttpUrl(href, base)?.href ?? null;
}

function relsOf(rel: string | undefined): string[] {
  return (rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/** <atom:link rel="hub"> and rel="self" among an RSS channel's or an Atom feed's children. */
export function websubLinksIn(element: XmlElement, ...names: string[]): WebSubLinks | null {
  let hub: string | null = null;
  let self: string | null = null;
  for (const link of children(element, ...names)) {
    const href = link.attrs['href']?.trim();
    if (!href) continue;
    const rels = relsOf(link.attrs['rel']);
    if (rels.includes('hub') && !hub) hub = httpUrl(href, link.base);
    if (rels.includes('self') && !self) self = httpUrl(href, link.base);
  }
  return hub && self ? { hub, self } : null;
}

/** The hub and self of an HTTP Link header (`<https://hub>; rel="hub", <https://feed>; rel="self"`). */
export function websubLinksInHeader(header: string | undefined, baseUrl: string): WebSubLinks | null {
  if (!header) return null;
  let hub: string | null = null;
  let self: string | null = null;
  for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2] ?? '');
    const rels = relsOf(rel?.[1] ?? rel?.[2]);
    const url = httpUrl(m[1]!.trim(), baseUrl);
    if (!url) continue;
    if (rels.includes('hub') && !hub) hub = url;
    if (rels.includes('self') && !self) self = url;
  }
  return hub && self ? { hub, self } : null;
}
