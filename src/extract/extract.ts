// extractArticle: one article page (HTML and its URL) to the article.
//
// Metadata is read in order of trust: JSON-LD (what the CMS states about the
// article), then Open Graph / Twitter / Dublin Core / meta tags, then the
// page itself (<title> without the site's name, <time datetime>, <h1>).
// The body comes from body.ts. Nothing here throws: a page the DOM cannot
// take gives an article with what the metadata alone could tell.
import { cleanTitle, htmlToText, parseFeedDate, resolveUrl } from '../feeds/index.ts';
import { escapeHtmlText } from '../util/html.ts';
import { collapseWhitespace, repairMojibake } from '../util/text.ts';
import { extractBody } from './body.ts';
import { headerStandfirst, headlineStandfirst } from './headline.ts';
import { gatherCaptions } from './captions.ts';
import { elementsWhere, parseDocument, textOf, tokens, wordRuns } from './dom.ts';
import { collectImages, firstLargeImage } from './images.ts';
import { jsonLdMetadata } from './json-ld.ts';
import { detectLanguage, directionOf, primaryLanguage } from './language.ts';
import { firstMeta, type PageSignals, readPageSignals } from './meta-tags.ts';
import { preparePage } from './prepare.ts';
import { stripSiteName } from './title.ts';
import type { ExtractedArticle, ExtractOptions, PageMetadata } from './types.ts';

const DEFAULT_TIMEZONE = 'Africa/Casablanca';

const EMPTY: ExtractedArticle = {
  title: null,
  author: null,
  publishedAt: null,
  modifiedAt: null,
  leadImage: null,
  language: null,
  dir: null,
  siteName: null,
  excerpt: null,
  contentHtml: '',
  text: '',
  images: [],
  method: 'none',
};

export function extractArticle(html: string, url: string, options: ExtractOptions = {}): ExtractedArticle {
  try {
    return extractOrThrow(typeof html === 'string' ? html : '', url, options);
  } catch {
    // The DOM or Readability gave up on hostile markup: say nothing rather than crash the crawl.
    return { ...EMPTY, images: [] };
  }
}

function extractOrThrow(html: string, url: string, options: ExtractOptions): ExtractedArticle {
  const prepared = preparePage(html);
  const ld = jsonLdMetadata(prepared.jsonLd, url);
  const doc = parseDocument(prepared.html, url);
  const page = readPageSignals(doc);
  const meta = metaTagMetadata(page);
  const siteName = clean(ld.siteName) ?? clean(meta.siteName);
  const title = pickTitle(ld, meta, page, siteName, url);
  // Before the body is taken out of the page (Readability rewrites it).
  const teaser = findTeaser(doc) ?? headlineStandfirst(doc, title);
  const body = extractBody(doc, {
    html: prepared.html,
    url,
    articleBody: ld.articleBody ?? null,
    title,
    site: options.site?.forPage(url) ?? null,
    ...(options.bodySelector ? { bodySelector: options.bodySelector } : {}),
    ...(options.remove ? { remove: options.remove } : {}),
  });

  if (body.element && title) dropHeadline(body.element, title);
  if (body.element) gatherCaptions(body.element);
  let contentHtml = body.element ? body.element.innerHTML.trim() : (body.html ?? '');
  let text = contentHtml === '' ? '' : htmlToText(contentHtml);
  if (teaser && body.method !== 'selector' && text !== '' && !covers(text, teaser)) {
    contentHtml = `<p>${escapeHtmlText(teaser)}</p>\n${contentHtml}`;
    text = `${teaser}\n\n${text}`;
  }
  if (text === '') contentHtml = '';
  const images = body.element ? collectImages(body.element, doc.baseURI ?? url) : [];

  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  const now = options.now ?? new Date();
  const date = (raw: string | undefined) => (raw ? parseFeedDate(raw, timezone, now) : null);
  const publishedAt = date(ld.published) ?? date(meta.published) ?? firstDate(page.times, date);
  const modifiedAt = date(ld.modified) ?? date(meta.modified);
  const author = pickAuthor(ld.authors ?? meta.authors ?? [], body.byline ?? page.byline, siteName);
  const leadImage = firstUrl(meta.images, url) ?? firstUrl(ld.images, url) ?? firstLargeImage(images);
  const declared =
    primaryLanguage(page.htmlLang) ?? primaryLanguage(meta.language) ?? primaryLanguage(ld.language);
  const detected = detectLanguage(text || textOf(doc.body));
  // Templates often keep WordPress's lang="en-US" on an Arabic site: the letters win over that.
  const language = detected === 'ar' && declared !== 'ar' ? 'ar' : (declared ?? detected);
  const dir = directionOf(page.htmlDir, language);
  const excerpt = clean(meta.description) ?? clean(ld.description);

  return {
    title,
    author,
    publishedAt,
    modifiedAt,
    leadImage,
    language,
    dir,
    siteName,
    excerpt,
    contentHtml,
    text,
    images,
    method: contentHtml === '' ? 'none' : body.method,
  };
}

function metaTagMetadata(page: PageSignals): PageMetadata {
  const m = page.meta;
  const out: PageMetadata = {};
  const title = firstMeta(m, [
    'og:title',
    'twitter:title',
    'dc.title',
    'dc:title',
    'dcterm:title',
    'parsely-title',
    'title',
  ]);
  if (title) out.title = title;
  const authors = firstMeta(m, [
    'author',
    'article:author',
    'dc.creator',
    'dc:creator',
    'dcterm:creator',
    'parsely-author',
    'sailthru.author',
    'byl',
  ]);
  if (authors && !/^https?:\/\//i.test(authors)) out.authors = [authors];
  const published = firstMeta(m, [
    'article:published_time',
    'og:article:published_time',
    'datepublished',
    'publishdate',
    'publish-date',
    'pubdate',
    'dc.date.issued',
    'dc.date',
    'dc:date',
    'dcterms.created',
    'date',
    'sailthru.date',
    'parsely-pub-date',
    'article.published',
  ]);
  if (published) out.published = published;
  const modified = firstMeta(m, [
    'article:modified_time',
    'og:updated_time',
    'datemodified',
    'dc.date.modified',
    'last-modified',
  ]);
  if (modified) out.modified = modified;
  const image = firstMeta(m, [
    'og:image:secure_url',
    'og:image',
    'og:image:url',
    'twitter:image',
    'twitter:image:src',
    'image',
  ]);
  if (image) out.images = [image];
  const language = firstMeta(m, [
    'og:locale',
    'http-equiv:content-language',
    'language',
    'dc.language',
    'inlanguage',
  ]);
  if (language) out.language = language;
  const siteName = firstMeta(m, ['og:site_name', 'application-name', 'twitter:site:name']);
  if (siteName) out.siteName = siteName;
  const description = firstMeta(m, [
    'description',
    'og:description',
    'twitter:description',
    'dc.description',
  ]);
  if (description) out.description = description;
  return out;
}

function clean(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const text = cleanTitle(raw);
  return text === '' ? null : text;
}

function pickTitle(
  ld: PageMetadata,
  meta: PageMetadata,
  page: PageSignals,
  siteName: string | null,
  url: string,
): string | null {
  let ldTitle = ld.title;
  const nameIsSite = (name: string) =>
    name === siteName || /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u.test(name.trim());
  if (ld.title && ld.name && page.documentTitle && !nameIsSite(ld.name)) {
    // headline and name disagree: the one the page's <title> repeats is the title.
    const inTitle = new Set(tokens(page.documentTitle));
    const score = (t: string) =>
      tokens(t).filter((w) => inTitle.has(w)).length / Math.max(1, tokens(t).length);
    if (score(ld.name) > score(ld.title)) ldTitle = ld.name;
  }
  for (const raw of [ldTitle, meta.title]) {
    if (raw && cleanTitle(raw) !== '') return stripSiteName(raw, siteName, url, false) || null;
  }
  if (page.documentTitle) {
    const title = stripSiteName(page.documentTitle, siteName, url, true);
    // A bare site name as <title>: the page's one headline says more.
    if (title !== '' && !(page.h1 && title.length < 12 && page.h1.length > title.length * 2)) return title;
  }
  return clean(page.h1);
}

const BYLINE_PREFIX = /^(?:by|par|written\s+by|écrit\s+par|bi|بقلم|كتب|إعداد|من\s+طرف)\s*:?\s+/i;

function pickAuthor(candidates: string[], byline: string | null, siteName: string | null): string | null {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (raw: string) => {
    for (const part of raw.split(/\s*(?:,|;|\s&\s|\set\s|\sand\s|\sو\s)\s*/)) {
      const name = collapseWhitespace(repairMojibake(cleanTitle(part)))
        .replace(BYLINE_PREFIX, '')
        .trim();
      const key = name.toLowerCase();
      if (name === '' || name.length > 80 || seen.has(key) || /^https?:/i.test(name)) continue;
      seen.add(key);
      names.push(name);
    }
  };
  for (const c of candidates) add(c);
  if (names.length === 0 && byline) add(byline);
  const people =
    siteName && names.length > 1 ? names.filter((n) => n.toLowerCase() !== siteName.toLowerCase()) : names;
  return people.length ? people.join(', ') : null;
}

function firstDate(times: string[], date: (raw: string) => Date | null): Date | null {
  for (const t of times.slice(0, 5)) {
    const d = date(t);
    if (d) return d;
  }
  return null;
}

function firstUrl(urls: string[] | undefined, base: string): string | null {
  for (const u of urls ?? []) {
    const abs = resolveUrl(u, base);
    if (abs) return abs;
  }
  return null;
}

/** The standfirst ("chapô") many French and Arabic templates print outside the body container. */
const TEASER_CLASSES = [
  'chapo',
  'chapeau',
  'article-chapo',
  'chapo-article',
  'standfirst',
  'article-lead',
  'lead-text',
  'article-intro',
  'entry-summary',
  'article-excerpt',
  'article-summary',
  'field--name-field-chapeau',
  'field-name-field-chapo',
  'field--name-field-chapo',
];

/** The same boxes named by their id ("gazeta_article_lead"). */
const TEASER_ID = /^(?:chapo|chapeau|standfirst)$|article[-_](?:lead|intro)$/;

/**
 * A box named as a standfirst, by its id or a class. Tested in one walk
 * over the page: as a selector list (fourteen classes and '[id]') it cost
 * linkedom fifteen tests of every element.
 */
function teaserBox(el: Element): boolean {
  if (TEASER_ID.test(el.getAttribute('id') ?? '')) return true;
  return el.hasAttribute('class') && TEASER_CLASSES.some((c) => el.classList.contains(c));
}

/**
 * A box whose id says it is the article's ("gazeta_article_lead"): an id
 * names one box of the page, where a class may name each teaser of a list.
 */
const ARTICLE_ID = /article/i;

function findTeaser(doc: Document): string | null {
  for (const el of elementsWhere(doc, teaserBox)) {
    const id = el.getAttribute('id') ?? '';
    if (el.closest('nav,header:not(article header),footer,aside,li,a')) continue;
    const own = ARTICLE_ID.test(id);
    if (!own && !el.closest('article,main,[role="main"],[itemprop="articleBody"]')) continue;
    const t = textOf(el);
    if (t.length >= 40 && t.length <= 800) return t;
  }
  return headerStandfirst(doc);
}

/** The headline repeated at the top of the body (the page shows it above; we show the title apart). */
function dropHeadline(body: Element, title: string): void {
  const heading = body.querySelector('h1,h2');
  if (heading && textOf(heading) === collapseWhitespace(title)) heading.parentNode?.removeChild(heading);
}

/**
 * Whether the body already tells the teaser: most of its runs of three
 * words are in the body. (Its words alone are not enough: a long article
 * holds most of any sentence's words somewhere.)
 */
function covers(text: string, teaser: string): boolean {
  const teaserWords = tokens(teaser);
  if (teaserWords.length < 3)
    return teaserWords.length === 0 || tokens(text).join(' ').includes(teaserWords.join(' '));
  const runs = new Set(wordRuns(tokens(text)));
  const own = wordRuns(teaserWords);
  return own.filter((r) => runs.has(r)).length / own.length >= 0.6;
}
