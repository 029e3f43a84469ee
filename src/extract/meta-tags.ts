// Open Graph, Twitter, Dublin Core and plain meta tags, and what the page
// itself says (<title>, <html lang>, <time datetime>, <h1>).
import { textOf } from './dom.ts';

export interface PageSignals {
  /** meta name/property/itemprop (lower case) to content, first occurrence wins. */
  meta: Map<string, string>;
  documentTitle: string | null;
  h1: string | null;
  htmlLang: string | null;
  htmlDir: string | null;
  /** <time datetime> inside the page, those marked as the publication date first. */
  times: string[];
  /** rel=author / .author / .byline text in the page. */
  byline: string | null;
}

export function readPageSignals(doc: Document): PageSignals {
  const meta = new Map<string, string>();
  for (const el of doc.querySelectorAll('meta')) {
    const content = el.getAttribute('content') ?? el.getAttribute('value');
    if (content === null || content.trim() === '') continue;
    const keys = [el.getAttribute('property'), el.getAttribute('name'), el.getAttribute('itemprop')];
    for (const key of keys) {
      if (!key) continue;
      // property="og:title twitter:title" names two keys.
      for (const k of key.toLowerCase().split(/\s+/)) if (k && !meta.has(k)) meta.set(k, content.trim());
    }
    const equiv = el.getAttribute('http-equiv')?.toLowerCase();
    if (equiv && !meta.has(`http-equiv:${equiv}`)) meta.set(`http-equiv:${equiv}`, content.trim());
  }
  const html = doc.documentElement;
  const marked = [
    ...doc.querySelectorAll(
      'time[itemprop="datePublished"],time[pubdate],[itemprop="datePublished"][datetime]',
    ),
  ];
  const times = [...marked, ...doc.querySelectorAll('article time[datetime], time[datetime]')]
    .map((t) => t.getAttribute('datetime') ?? t.getAttribute('content') ?? '')
    .filter((t) => t.trim() !== '');
  const titleEl = doc.querySelector('head title') ?? doc.querySelector('title');
  const h1s = [...doc.querySelectorAll('h1')].map((h) => textOf(h)).filter((t) => t !== '');
  const bylineEl = doc.querySelector(
    '[itemprop="author"] [itemprop="name"], [rel="author"], .author-name, .byline, .author, [itemprop="author"]',
  );
  const byline = bylineEl ? textOf(bylineEl) : '';
  return {
    meta,
    documentTitle: titleEl ? textOf(titleEl) || null : null,
    h1: h1s.length === 1 ? h1s[0]! : (h1s.find((h) => h.length > 15) ?? null),
    htmlLang: html?.getAttribute('lang') ?? html?.getAttribute('xml:lang') ?? null,
    htmlDir: html?.getAttribute('dir') ?? doc.body?.getAttribute('dir') ?? null,
    times,
    byline: byline && byline.length < 120 ? byline : null,
  };
}

export function firstMeta(meta: Map<string, string>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = meta.get(k);
    if (v !== undefined) return v;
  }
  return undefined;
}
