// What the readers (RSS/RDF, Atom, JSON Feed, news sitemaps) share: images, the
// finishing of an entry (title fallback, summary, dedup), small lookups.
import type { EntryImage, FeedEntry, ParseOptions } from './types.ts';
import { cleanTitle, looksLikeHtml, summarize, truncateText } from './text.ts';
import { resolveUrl } from './url.ts';
import { type XmlElement, child, children, htmlContent, textContent } from './xml.ts';
import { parseFeedDate } from './dates.ts';

/** A title longer than this is damage (a whole article in <title>), cut to keep rows sane. */
const TITLE_MAX = 500;
const DERIVED_TITLE_MAX = 80;

const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|bmp|svg)(?:$|[?#])/i;

export class ImageList {
  readonly images: EntryImage[] = [];
  private readonly seen = new Set<string>();

  add(
    href: string | undefined,
    base: string,
    from: EntryImage['from'],
    extra: Partial<EntryImage> = {},
  ): void {
    if (!href) return;
    const url = resolveUrl(href, base);
    if (!url || this.seen.has(url)) return;
    this.seen.add(url);
    const image: EntryImage = { url, from };
    if (extra.type) image.type = extra.type;
    if (extra.width !== undefined && Number.isFinite(extra.width) && extra.width > 0)
      image.width = extra.width;
    if (extra.height !== undefined && Number.isFinite(extra.height) && extra.height > 0)
      image.height = extra.height;
    if (extra.caption) image.caption = extra.caption;
    this.images.push(image);
  }
}

export function isImage(type: string | undefined, href: string | undefined, medium?: string): boolean {
  if (medium) return medium.toLowerCase() === 'image';
  if (type) return type.toLowerCase().startsWith('image/');
  return href !== undefined && IMAGE_EXTENSION.test(href);
}

function dimension(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Media RSS (media:content, media:group, media:thumbnail), enclosures and
 * itunes:image, in that order of trust.
 */
export function collectMediaImages(item: XmlElement, images: ImageList): void {
  for (const enclosure of children(item, 'enclosure')) {
    const { url, type } = enclosure.attrs;
    if (isImage(type, url)) images.add(url, enclosure.base, 'enclosure', { type });
  }
  const contents = children(item, 'media:content');
  for (const group of children(item, 'media:group')) contents.push(...children(group, 'media:content'));
  for (const content of contents) {
    const { url, type, medium } = content.attrs;
    if (!isImage(type, url, medium)) continue;
    images.add(url, content.base, 'media:content', {
      type,
      width: dimension(content.attrs['width']),
      height: dimension(content.attrs['height']),
      caption: mediaCaption(content),
    });
  }
  const thumbnails = children(item, 'media:thumbnail');
  for (const group of children(item, 'media:group')) thumbnails.push(...children(group, 'media:thumbnail'));
  for (const content of contents) thumbnails.push(...children(content, 'media:thumbnail'));
  for (const thumbnail of thumbnails) {
    images.add(thumbnail.attrs['url'], thumbnail.base, 'media:thumbnail', {
      width: dimension(thumbnail.attrs['width']),
      height: dimension(thumbnail.attrs['height']),
    });
  }
  const itunes = child(item, 'itunes:image');
  if (itunes) images.add(itunes.attrs['href'] ?? textContent(itunes), itunes.base, 'itunes');
}

function mediaCaption(content: XmlElement): string | undefined {
  const node = child(content, 'media:description', 'media:title');
  const caption = node ? cleanTitle(textContent(node)) : '';
  return caption === '' ? undefined : caption;
}

const IMG_START = /<img\b/i;
const IMG_ATTRIBUTE =
  /\s(data-src|data-lazy-src|data-original|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/** The first image inside some HTML: data-src and friends (lazy loading) before src. */
export function firstImageInHtml(html: string | null): string | undefined {
  if (!html?.includes('<')) return undefined;
  // indexOf, not one regex over the tag: linear even on "<img <img <img ..." without a ">".
  const start = html.search(IMG_START);
  if (start === -1) return undefined;
  const end = html.indexOf('>', start);
  const tag = html.slice(start, end === -1 ? start + 4000 : Math.min(end, start + 4000));
  let lazy: string | undefined;
  let src: string | undefined;
  for (const m of tag.matchAll(IMG_ATTRIBUTE)) {
    const value = decodeAttribute(m[2] ?? m[3] ?? m[4] ?? '');
    if (m[1]!.toLowerCase() === 'src') src ??= value;
    else lazy ??= value;
  }
  const candidate = lazy && !lazy.startsWith('data:') ? lazy : src;
  return candidate && !candidate.startsWith('data:') ? candidate : undefined;
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&#0*38;/g, '&')
    .trim();
}

export interface EntryDraft {
  guid: string | null;
  url: string | null;
  rawTitle: string;
  author: string | null;
  /** HTML (or plain text) of the description or summary. */
  description: string | null;
  contentHtml: string | null;
  categories: string[];
  published: string | null;
  updated: string | null;
  images: ImageList;
  base: string;
}

/** Turns what a reader found into a FeedEntry: cleaning, fallbacks, dates. */
export function finishEntry(draft: EntryDraft, options: ParseOptions): FeedEntry {
  const descriptionIsHtml = draft.description !== null && looksLikeHtml(draft.description);
  const contentHtml = nonEmpty(draft.contentHtml) ?? (descriptionIsHtml ? draft.description : null);
  // No description: the summary comes from the body, so lists and search still have a lead.
  const summary =
    (draft.description !== null ? summarize(draft.description) : null) ??
    (contentHtml !== null ? summarize(contentHtml) : null);
  let title = truncateText(cleanTitle(draft.rawTitle), TITLE_MAX);
  if (title === '' && summary) title = truncateText(summary, DERIVED_TITLE_MAX);
  if (draft.images.images.length === 0) {
    draft.images.add(firstImageInHtml(contentHtml), draft.base, 'content');
    if (draft.images.images.length === 0 && draft.description !== contentHtml) {
      draft.images.add(firstImageInHtml(draft.description), draft.base, 'content');
    }
  }
  const guid = draft.guid?.trim() || null;
  return {
    guid,
    url: draft.url,
    title,
    author: draft.author ? cleanTitle(draft.author) || null : null,
    summary,
    contentHtml,
    categories: uniqueCategories(draft.categories),
    publishedAt: draft.published ? parseFeedDate(draft.published, options.timezone, options.now) : null,
    updatedAt: draft.updated ? parseFeedDate(draft.updated, options.timezone, options.now) : null,
    images: draft.images.images,
  };
}

function nonEmpty(text: string | null): string | null {
  return text !== null && text.trim() !== '' ? text : null;
}

function uniqueCategories(raw: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const value of raw) {
    const name = cleanTitle(value);
    const key = name.toLocaleLowerCase('fr');
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** The trimmed text of the first child with one of the names, or null. */
export function childText(element: XmlElement, ...names: string[]): string | null {
  for (const name of names) {
    const node = child(element, name);
    if (node) {
      const text = textContent(node).trim();
      if (text !== '') return text;
    }
  }
  return null;
}

/** The HTML of the first child with one of the names (escaped text, CDATA or raw markup), or null. */
export function childHtml(element: XmlElement, ...names: string[]): string | null {
  for (const name of names) {
    const node = child(element, name);
    if (node) {
      const html = htmlContent(node);
      if (html.trim() !== '') return html;
    }
  }
  return null;
}

/** "jean@example.ma (Jean Dupont)" → "Jean Dupont"; a bare e-mail stays as is. */
export function authorName(raw: string): string {
  const m = /^\s*[^\s@()]+@[^\s@()]+\s*\((.+)\)\s*$/.exec(raw);
  return m ? m[1]! : raw;
}
