// View models: pure functions from store rows to what a template shows.
// Templates then only place strings; every decision (which URL, which date
// format, which canonical) is made here and tested without a server.
import type { ReadAlsoArticle, SiteArticle, SiteArticleSummary, SiteSource } from '../../store/index.ts';
import type { EditionConfig, SiteConfig } from '../site-config.ts';
import { prepareBody } from './body.ts';
import { type Picture, picture } from './picture.ts';
import { displayDate, localDay } from './dates.ts';
import { escapeHtml, safeHttpUrl } from '../html.ts';
import { categorySlug, paths } from './paths.ts';
import { WORDS, type Words } from './words.ts';

/** One article of a story, as the article page's coverage and the story page list it. */
export interface StoryEntryView {
  id: number;
  title: string;
  /** Our page of the article when its source is in an edition (this one or the other language's), else the publisher's URL. */
  url: string | null;
  /** The article's language when it is not the edition's (a French story told in Arabic too), else null. */
  otherLanguage: string | null;
  sourceName: string;
  sourceUrl: string | null;
  date: string;
  time: string;
  datetime: string;
  first: boolean;
}

export interface CoverageView {
  sources: number;
  storyUrl: string;
  /** The other articles of the story, oldest first. */
  others: StoryEntryView[];
}

/** An edition with its sources resolved against the database. */
export interface Edition {
  config: EditionConfig;
  words: Words;
  sources: SiteSource[];
  sourceIds: number[];
  sourceById: ReadonlyMap<number, SiteSource>;
  sourceBySlug: ReadonlyMap<string, SiteSource>;
}

/** Which sources an edition shows: its language's, or the slugs it names (in that order). */
export function resolveEdition(config: EditionConfig, all: SiteSource[]): Edition {
  const sources =
    config.sources === 'all'
      ? all.filter((s) => s.language === config.language)
      : config.sources.flatMap((slug) => all.filter((s) => s.slug === slug));
  return {
    config,
    words: WORDS[config.language],
    sources,
    sourceIds: sources.map((s) => s.id),
    sourceById: new Map(sources.map((s) => [s.id, s])),
    sourceBySlug: new Map(sources.map((s) => [s.slug, s])),
  };
}

export interface CategoryLink {
  name: string;
  slug: string;
  url: string;
}

export function categoryLink(edition: Edition, category: string | null): CategoryLink | null {
  if (!category) return null;
  const slug = categorySlug(category);
  return slug ? { name: category, slug, url: paths.category(edition.config, slug) } : null;
}

export interface ArticleCard {
  id: number;
  url: string;
  title: string;
  summary: string | null;
  sourceName: string;
  sourceUrl: string;
  /** "29 - 11 - 2026" */
  date: string;
  datetime: string;
  category: CategoryLink | null;
  /** The lead image's thumbnail: the proxy's copies (a blocked one, the placeholder). */
  image: { src: string; srcset: string | null } | null;
}

/** A list item; null when its source is not in the edition. */
export function articleCard(a: SiteArticleSummary, edition: Edition, tz: string): ArticleCard | null {
  const source = edition.sourceById.get(a.sourceId);
  if (!source) return null;
  return {
    id: a.id,
    url: paths.article(edition.config, source.slug, a.id),
    title: a.title,
    summary: a.summary ? shorten(a.summary, 220) : null,
    sourceName: source.name,
    sourceUrl: paths.source(edition.config, source.slug),
    date: displayDate(a.publishedAt, tz),
    datetime: a.publishedAt,
    category: categoryLink(edition, a.category),
    image: a.leadImageId === null ? null : cardImage(a.leadImageId, a.leadImageBlocked === true),
  };
}

function cardImage(id: number, blocked: boolean): ArticleCard['image'] {
  const p = picture(id, { width: null, height: null }, blocked);
  return { src: p.src, srcset: p.srcset };
}

export function articleCards(items: SiteArticleSummary[], edition: Edition, tz: string): ArticleCard[] {
  const out: ArticleCard[] = [];
  for (const a of items) {
    const card = articleCard(a, edition, tz);
    if (card) out.push(card);
  }
  return out;
}

/** The cards of "Lire aussi": what it shows (link, title, date), the rest empty; articles outside the edition left out. */
export function readAlsoCards(items: ReadAlsoArticle[], edition: Edition, tz: string): ArticleCard[] {
  const out: ArticleCard[] = [];
  for (const a of items) {
    const source = edition.sourceById.get(a.sourceId);
    if (!source) continue;
    out.push({
      id: a.id,
      url: paths.article(edition.config, source.slug, a.id),
      title: a.title,
      summary: null,
      sourceName: source.name,
      sourceUrl: paths.source(edition.config, source.slug),
      date: displayDate(a.publishedAt, tz),
      datetime: a.publishedAt,
      category: null,
      image: null,
    });
  }
  return out;
}

export interface ArticleView {
  id: number;
  path: string;
  absoluteUrl: string;
  title: string;
  description: string;
  sourceName: string;
  sourceUrl: string;
  sourceHomepage: string | null;
  date: string;
  day: string;
  datetime: string;
  updated: string;
  author: { name: string; url: string } | null;
  category: CategoryLink | null;
  /** The lead image when the body does not show it already; a blocked one points to the placeholder, with no report form. */
  leadImage: { id: number; picture: Picture; alt: string; blocked: boolean } | null;
  /** Absolute URL of the first image, for Open Graph and JSON-LD. */
  shareImage: string | null;
  bodyHtml: string;
  originalUrl: string | null;
  canonical: string;
  /**
   * "Lire aussi": links with their dates. Cards of that list carry no
   * summary, category or picture (it shows none: making them was a tenth of
   * the cold page's work).
   */
  readAlso: ArticleCard[];
  /** The other articles of its story (src/web/site/stories.ts); absent or null when none. */
  coverage?: CoverageView | null;
  language: string;
  /** The report forms' CSRF token (src/moderation), '' when reports are not wired. */
  reportToken: string;
}

export function articleView(
  a: SiteArticle,
  readAlso: ReadAlsoArticle[],
  edition: Edition,
  site: SiteConfig,
  reportToken = '',
): ArticleView {
  const words = edition.words;
  const path = paths.article(edition.config, a.source.slug, a.id);
  const absoluteUrl = site.baseUrl + path;
  const byUrl = new Map(a.images.map((i) => [i.url, i]));
  const blocked = new Set(a.images.filter((i) => i.blocked).map((i) => i.id));
  const report = { label: words.reportImage, token: reportToken, lang: edition.config.language };
  const body = a.contentHtml ? prepareBody(a.contentHtml, byUrl, report, blocked) : null;
  const leadId = a.leadImageUrl ? (byUrl.get(a.leadImageUrl)?.id ?? a.leadImageId) : null;
  const lead = a.images.find((i) => i.id === leadId);
  const leadImage =
    leadId !== null && leadId !== undefined && !body?.imageIds.includes(leadId)
      ? {
          id: leadId,
          picture: picture(leadId, lead ?? { width: null, height: null }, blocked.has(leadId)),
          alt: lead?.caption ?? '',
          blocked: blocked.has(leadId),
        }
      : null;
  const firstImage =
    [leadId ?? null, ...(body?.imageIds ?? [])].find((i) => i !== null && !blocked.has(i)) ?? null;
  const originalUrl = safeHttpUrl(a.canonicalUrl);
  const bodyHtml = body?.html ?? (a.summary ? `<p>${escapeHtml(a.summary)}</p>` : '');
  return {
    id: a.id,
    path,
    absoluteUrl,
    title: a.title,
    description: shorten(a.summary ?? '', 200),
    sourceName: a.source.name,
    sourceUrl: paths.source(edition.config, a.source.slug),
    sourceHomepage: safeHttpUrl(a.source.homepage),
    date: displayDate(a.publishedAt, site.timezone),
    day: localDay(a.publishedAt, site.timezone),
    datetime: a.publishedAt,
    updated: a.updatedAt,
    author: a.author ? { name: a.author, url: paths.author(edition.config, a.author) } : null,
    category: categoryLink(edition, a.category),
    leadImage,
    shareImage: firstImage === null ? null : site.baseUrl + paths.image(firstImage),
    bodyHtml,
    originalUrl,
    canonical: site.canonical === 'publisher' && originalUrl ? originalUrl : absoluteUrl,
    readAlso: readAlsoCards(readAlso, edition, site.timezone),
    language: a.language,
    reportToken,
  };
}

/** The JSON-LD NewsArticle of an article page: the original publisher keeps the credit. */
export function newsArticleJsonLd(v: ArticleView): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: v.title.slice(0, 110),
    ...(v.description ? { description: v.description } : {}),
    datePublished: v.datetime,
    dateModified: v.updated,
    inLanguage: v.language,
    ...(v.shareImage ? { image: [v.shareImage] } : {}),
    ...(v.author ? { author: [{ '@type': 'Person', name: v.author.name }] } : {}),
    publisher: {
      '@type': 'Organization',
      name: v.sourceName,
      ...(v.sourceHomepage ? { url: v.sourceHomepage } : {}),
    },
    ...(v.originalUrl ? { url: v.originalUrl, isBasedOn: v.originalUrl } : { url: v.absoluteUrl }),
    mainEntityOfPage: { '@type': 'WebPage', '@id': v.canonical },
  };
}

/** At most `max` characters, cut at a word, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  // Only a prefix can be shown: collapsing a long text whole cost more than
  // the rest of the page's description. Twice `max` plus a margin holds at
  // least `max` collapsed characters unless the text is mostly spaces.
  const head = text.length > max * 2 + 64 ? text.slice(0, max * 2 + 64) : text;
  const collapsed = collapse(head);
  const t = head !== text && collapsed.length <= max ? collapse(text) : collapsed;
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  const kept = space > max * 0.6 ? cut.slice(0, space) : cut;
  // The trailing spaces and punctuation dropped from the end (a pattern
  // anchored at $ is tried from every position of the text).
  let end = kept.length;
  while (end > 0 && TRAILING.test(kept[end - 1] as string)) end--;
  return `${kept.slice(0, end)}…`;
}

/** Any white space but a single space between two words. */
const UNCOLLAPSED = /[^\S ]| {2}|^ | $/;
const TRAILING = /[\s,;:.]/;

/** Runs of white space as one space, none at the ends; a text already so is returned as it is. */
function collapse(text: string): string {
  return UNCOLLAPSED.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}
