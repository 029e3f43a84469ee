// Open Graph, Twitter, Dublin Core and plain meta tags, and what the page
// itself says (<title>, <html lang>, <time datetime>, <h1>).
import { elementsWhere, textOf } from './dom.ts';

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

/** Where a byline may be; a name, a link, or a class, as a reader of the page sees it signed. */
const BYLINE_SELECTOR =
  '[itemprop="author"] [itemprop="name"], [rel="author"], .author-name, .byline, .author, [itemprop="author"]';
/** What an element of BYLINE_SELECTOR has at least: one of these words in its itemprop, rel or class. */
const BYLINE_HINT = /author|name|byline/i;

export function readPageSignals(doc: Document): PageSignals {
  // The elements this reads, gathered in one walk over the page: a
  // querySelectorAll each cost linkedom a pass over every element (six
  // passes), and the attribute selectors a test of each element each.
  const metas: Element[] = [];
  const marked: Element[] = [];
  const timeEls: Element[] = [];
  const titles: Element[] = [];
  const h1Els: Element[] = [];
  const bylines: Element[] = [];
  elementsWhere(doc, (el) => {
    // The tag as a selector matches it in an HTML document (css-select's getName).
    const tag = el.localName.toLowerCase();
    const itemprop = el.getAttribute('itemprop') ?? '';
    if (tag === 'meta') metas.push(el);
    else if (tag === 'h1') h1Els.push(el);
    else if (tag === 'title') titles.push(el);
    else if (tag === 'time') timeEls.push(el);
    // 'time[itemprop="datePublished"], time[pubdate], [itemprop="datePublished"][datetime]'
    // (an itemprop's value is matched case-sensitively).
    const published = itemprop === 'datePublished';
    if (tag === 'time' ? published || el.hasAttribute('pubdate') : published && el.hasAttribute('datetime'))
      marked.push(el);
    if (
      BYLINE_HINT.test(itemprop) ||
      BYLINE_HINT.test(el.getAttribute('rel') ?? '') ||
      (el.hasAttribute('class') && BYLINE_HINT.test(el.getAttribute('class') ?? ''))
    )
      bylines.push(el);
    return false;
  });
  const meta = new Map<string, string>();
  for (const el of metas) {
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
  // Then 'article time[datetime], time[datetime]': all of them.
  const times = [...marked, ...timeEls.filter((t) => t.hasAttribute('datetime'))]
    .map((t) => t.getAttribute('datetime') ?? t.getAttribute('content') ?? '')
    .filter((t) => t.trim() !== '');
  const inHead = (el: Element) => {
    for (let up = el.parentElement; up; up = up.parentElement)
      if (up.localName.toLowerCase() === 'head') return true;
    return false;
  };
  const titleEl = titles.find(inHead) ?? titles[0] ?? null;
  const h1s = h1Els.map((h) => textOf(h)).filter((t) => t !== '');
  const bylineEl = bylines.find((el) => el.matches(BYLINE_SELECTOR));
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
