// The article body: a source's own selector, else Readability on a page
// cleaned of its clutter, checked and corrected against the JSON-LD
// articleBody when the publisher gives one.
//
// Readability is the reference (Firefox Reader View) but it scores blocks
// without knowing what the article is. JSON-LD articleBody is the
// publisher's own text of the article, so when it is long enough and really
// is on the page it arbitrates: Readability's blocks that are not in it go
// (captions, related lists, calendars it took on a short article), and when
// Readability kept too little of it (ads or embeds split the body) the
// smallest element holding all its paragraphs is taken instead, or the text
// itself as paragraphs when no element does.
import { Readability } from '@mozilla/readability';
import { escapeHtmlText } from '../util/html.ts';
import { removeBoilerplate } from './boilerplate.ts';
import { mendSplitArticle, paragraphKinds } from './split-article.ts';
import type { PageView } from './site-memory.ts';
import { headlineBox, headlineBoxWins, missesHeadlineBox, withoutHeadline } from './headline.ts';
import { removeClutter, removeSelectors } from './clutter.ts';
import {
  elementsWhere,
  linkDensity,
  nestsDeeperThan,
  parseDocument,
  selectOne,
  textOf,
  tokens,
} from './dom.ts';

export interface BodyResult {
  element: Element | null;
  /** Used when no element fits (json-ld text). */
  html: string | null;
  method: 'json-ld' | 'selector' | 'readability' | 'none';
  byline: string | null;
}

/** Below this many words, articleBody is a teaser rather than the article. */
const MIN_ARTICLE_BODY_WORDS = 60;
/**
 * Readability's scoring is quadratic in the nesting depth (5,000 nested divs
 * take 2 s); the deepest page of the corpus nests 37 levels. Past this the
 * page is hostile or broken and Readability is not run.
 */
const MAX_NESTING = 150;

/** Share of articleBody words that must be found on the page for it to be trusted. */
const MIN_PAGE_MATCH = 0.8;

export interface BodyInput {
  html: string;
  url: string;
  articleBody: string | null;
  bodySelector?: string;
  remove?: string[];
  /** The article's title, to find its headline on the page (headline.ts). */
  title?: string | null;
  /** What this page's site repeats on its other pages (site-memory.ts). */
  site?: PageView | null;
}

export function extractBody(doc: Document, input: BodyInput): BodyResult {
  removeSelectors(doc, input.remove);
  if (input.bodySelector) {
    const el = selectOne(doc, input.bodySelector);
    if (el && textOf(el).length > 0) {
      removeClutter(el, el);
      return { element: el, html: null, method: 'selector', byline: null };
    }
  }
  const reference = input.articleBody ? referenceText(input.articleBody, doc) : null;
  removeClutter(doc);
  // Before Readability, which rewrites the document.
  const box = headlineBox(doc, input.title ?? null);
  const sides = box ? sidebarWords(doc, box) : [];
  const kinds = paragraphKinds(doc);
  let element: Element | null = null;
  let byline: string | null = null;
  try {
    if (nestsDeeperThan(doc.documentElement, MAX_NESTING)) throw new Error('nesting too deep');
    const article = new Readability<Element>(doc, {
      keepClasses: true,
      serializer: (node) => node as Element,
      // JSON-LD metadata is ours to read; Readability need not parse it again.
      disableJSONLD: true,
    }).parse();
    element = article?.content ?? null;
    byline = article?.byline ?? null;
  } catch {
    element = null;
  }
  if (element) {
    unwrapPage(element);
    removeClutter(element);
    mendSplitArticle(element, kinds);
    removeBoilerplate(element, input.site ?? null);
  }
  if (reference) {
    const referenceWords = tokens(reference);
    const bodyWords = new Set(referenceWords);
    const words = tokens(element ? textOf(element) : '');
    if (bagShare(referenceWords, words) < 0.7) {
      // Readability kept too little: look again in a fresh copy of the page.
      const fresh = parseDocument(input.html, input.url);
      removeSelectors(fresh, input.remove);
      removeClutter(fresh);
      const holder = smallestHolder(fresh, bodyWords, referenceWords.length);
      if (holder) {
        trimToReference(holder, bodyWords);
        return { element: holder, html: null, method: 'json-ld', byline };
      }
      return { element: null, html: textToHtml(reference), method: 'json-ld', byline };
    }
    if (element && bagShare(words, referenceWords) < 0.85 && !opensWith(words, referenceWords))
      trimToReference(element, bodyWords);
  }
  // Readability found nothing readable (or gave up on the page), or took a
  // sidebar of the page, or another block than the article after the
  // headline (headline.ts).
  const found = element && readable(element) && !inSidebar(element, sides) ? element : null;
  if (box && input.title && (!found || missesHeadlineBox(found, box))) {
    const own = withoutHeadline(box, input.title);
    removeBoilerplate(own);
    if (readable(own) && (!found || headlineBoxWins(found, own)))
      return { element: own, html: null, method: 'readability', byline };
  }
  if (element && readable(element)) return { element, html: null, method: 'readability', byline };
  return { element: null, html: null, method: 'none', byline };
}

/**
 * The words of each sidebar of the page (an <aside>, a box named sidebar or
 * widget) that does not hold the headline's box: a wrapper named for the
 * sidebar beside it ("sidebar-and-content-body") holds the article too.
 */
function sidebarWords(doc: Document, box: Element): Array<Set<string>> {
  const boxWords = [...new Set(tokens(textOf(box)).filter((w) => w.length >= 4))];
  const out: Array<Set<string>> = [];
  for (const el of elementsWhere(doc, sidebarBox)) {
    const words = new Set(tokens(textOf(el)).filter((w) => w.length >= 4));
    if (words.size < 10) continue;
    if (boxWords.filter((w) => words.has(w)).length >= 0.5 * boxWords.length) continue;
    out.push(words);
  }
  return out;
}

/**
 * 'aside,[class*="sidebar"],[id*="sidebar"],[class*="widget"]' as css-select
 * reads it (the class attribute as written), in one walk: substring
 * selectors cost linkedom a test of every element each.
 */
function sidebarBox(el: Element): boolean {
  if (el.localName.toLowerCase() === 'aside') return true;
  const cls = el.getAttributeNode('class')?.value ?? '';
  return (
    cls.includes('sidebar') || cls.includes('widget') || (el.getAttribute('id') ?? '').includes('sidebar')
  );
}

/** Readability's body is mostly the words of one of the page's sidebars. */
function inSidebar(element: Element, sides: Array<Set<string>>): boolean {
  const words = [...new Set(tokens(textOf(element)).filter((w) => w.length >= 4))];
  if (!words.length) return false;
  return sides.some((side) => words.filter((w) => side.has(w)).length / words.length >= 0.8);
}

/** Not an article: no text, or a few words that are all links (a menu Readability fell back on). */
function readable(element: Element): boolean {
  const text = textOf(element);
  if (text === '') return false;
  return tokens(text).length >= 30 || linkDensity(element, text) < 0.5;
}

/** articleBody as plain text, when it is long enough and really on this page. */
function referenceText(articleBody: string, doc: Document): string | null {
  const text = articleBody.includes('<') || articleBody.includes('&') ? plain(articleBody) : articleBody;
  const words = tokens(text);
  if (words.length < MIN_ARTICLE_BODY_WORDS) return null;
  const page = new Set(tokens(textOf(doc.body ?? doc.documentElement)));
  return coverage(words, page) >= MIN_PAGE_MATCH ? text.trim() : null;
}

/** Plain text to paragraphs (blank lines separate them), escaped. */
function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n|\n(?=\S)/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtmlText(p)}</p>`)
    .join('\n');
}

function plain(html: string): string {
  const { body } = parseDocument(`<body>${html}</body>`, 'http://localhost/');
  for (const el of body.querySelectorAll('p,br,div,li,h2,h3,h4')) el.after('\n\n');
  return (body.textContent ?? '').replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n');
}

/**
 * Whether the body Readability found holds the articleBody word for word
 * and goes on well past it: a publisher that gives search engines only the
 * first paragraphs (lanacion.com.ar's articleBody is the article's first
 * two) gives a teaser, not the article to trim to.
 */
function opensWith(words: string[], referenceWords: string[]): boolean {
  if (words.length < TEASER_BODY_RATIO * referenceWords.length) return false;
  return ` ${words.join(' ')} `.includes(` ${referenceWords.join(' ')} `);
}
const TEASER_BODY_RATIO = 1.5;

/** Share of `words` present in `set`. */
function coverage(words: string[], set: Set<string>): number {
  if (words.length === 0) return 1;
  let hit = 0;
  for (const w of words) if (set.has(w)) hit++;
  return hit / words.length;
}

/** Share of the words of `a` (with repetitions) matched by words of `b`: recall of b over a. */
function bagShare(a: string[], b: string[]): number {
  if (a.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const w of b) counts.set(w, (counts.get(w) ?? 0) + 1);
  let hit = 0;
  for (const w of a) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      hit++;
      counts.set(w, n - 1);
    }
  }
  return hit / a.length;
}

/** Readability wraps its result in <div id="readability-page-1" class="page">; keep the inside only. */
function unwrapPage(element: Element): void {
  const page = element.querySelector('#readability-page-1');
  const parent = page?.parentNode;
  if (!page || !parent) return;
  while (page.firstChild) parent.insertBefore(page.firstChild, page);
  parent.removeChild(page);
}

const BLOCKS = 'p,h2,h3,h4,h5,h6,li,blockquote,figcaption,pre,td,dd,dt';

/** Drops the text blocks of Readability's result that are not part of the articleBody. */
function trimToReference(element: Element, bodyWords: Set<string>): void {
  for (const block of [...element.querySelectorAll(BLOCKS)]) {
    if (!block.isConnected && !element.contains(block)) continue;
    if (block.querySelector('p,li,blockquote,img,picture,video,iframe')) continue;
    const words = tokens(textOf(block));
    if (words.length >= 4 && coverage(words, bodyWords) < 0.5) block.parentNode?.removeChild(block);
  }
}

/**
 * The smallest element whose text covers nearly all of the articleBody
 * words without being much longer than it: the real body container when
 * ads, embeds or "read also" boxes cut it in pieces Readability scored apart.
 */
function smallestHolder(doc: Document, bodyWords: Set<string>, referenceLength: number): Element | null {
  const paragraphs = [...doc.querySelectorAll('p')].filter((p) => {
    const words = tokens(textOf(p));
    return words.length >= 5 && coverage(words, bodyWords) >= 0.8;
  });
  if (paragraphs.length === 0) return null;
  let holder: Element | null = paragraphs[0]!;
  for (const p of paragraphs.slice(1)) {
    while (holder && !holder.contains(p)) holder = holder.parentElement;
  }
  if (!holder || holder === doc.body || holder === doc.documentElement) return null;
  const words = tokens(textOf(holder));
  if (words.length > referenceLength * 1.6 + 30) return null;
  const reference = [...bodyWords];
  return coverage(reference, new Set(words)) >= 0.8 ? holder : null;
}
