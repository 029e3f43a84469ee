// Atom 1.0 and 0.3 documents to entries. Elements are matched whether or not
// the publisher declared the Atom namespace (both "atom:entry" and "entry").
import { escapeHtmlText } from '../util/html.ts';
import type { FeedEntry, ParsedFeed, ParseOptions } from './types.ts';
import { type XmlElement, child, children, htmlContent, serializeChildren, textContent } from './xml.ts';
import { ImageList, childText, collectMediaImages, finishEntry, isImage } from './entry.ts';
import { canonicalizeUrl } from './url.ts';
import { cleanTitle, textToHtml } from './text.ts';
import { websubLinksIn } from './websub-links.ts';

const A = (local: string): string[] => [`atom:${local}`, local];

/** Where an entry says when it was published, first found wins (also used to keep the newest, xml.ts). */
export const ATOM_PUBLISHED = [...A('published'), ...A('issued'), ...A('created'), 'dc:date'];

export function readAtom(root: XmlElement, options: ParseOptions, head = ''): ParsedFeed {
  const is03 = (root.attrs['version'] ?? '').trim() === '0.3' || head.includes('purl.org/atom/ns#');
  const titleElement = child(root, ...A('title'));
  const feedTitle = titleElement ? cleanTitle(atomText(titleElement).value) : '';
  const feedAuthor = authorOf(root);
  return {
    format: 'atom',
    version: is03 ? 'atom 0.3' : 'atom 1.0',
    title: feedTitle || null,
    homepage: alternateLink(root),
    entries: children(root, ...A('entry')).map((entry) => readEntry(entry, options, feedAuthor)),
    websub: websubLinksIn(root, ...A('link')),
  };
}

interface AtomText {
  value: string;
  /** 'html': value is HTML source; 'text': value is plain text. */
  kind: 'html' | 'text';
}

// An Atom text construct by its type (1.0) or mode (0.3).
function atomText(element: XmlElement): AtomText {
  const type = (element.attrs['type'] ?? '').trim().toLowerCase();
  const mode = (element.attrs['mode'] ?? '').trim().toLowerCase();
  if (mode === 'base64') {
    const decoded = Buffer.from(textContent(element).trim(), 'base64').toString('utf8');
    return { value: decoded, kind: type.includes('html') ? 'html' : 'text' };
  }
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') {
    // The content is one xhtml <div> wrapper; its inside is the HTML.
    const div = element.children.find((c) => typeof c !== 'string');
    const wrapper = typeof div !== 'string' && div?.local === 'div' ? div : element;
    return { value: serializeChildren(wrapper), kind: 'html' };
  }
  if (type === 'html' || type === 'text/html' || mode === 'escaped') {
    return { value: htmlContent(element), kind: 'html' };
  }
  // Plain text (the default); raw markup inside a text construct is damage, read as HTML.
  if (element.children.some((c) => typeof c !== 'string'))
    return { value: htmlContent(element), kind: 'html' };
  return { value: textContent(element), kind: 'text' };
}

function readEntry(entry: XmlElement, options: ParseOptions, feedAuthor: string | null): FeedEntry {
  const images = new ImageList();
  collectMediaImages(entry, images);
  for (const link of children(entry, ...A('link'))) {
    const { rel, type, href } = link.attrs;
    if ((rel ?? '').toLowerCase() === 'enclosure' && isImage(type, href)) {
      images.add(href, link.base, 'enclosure', { type });
    }
  }
  const titleElement = child(entry, ...A('title'));
  const summaryElement = child(entry, ...A('summary'));
  const summary = summaryElement ? atomText(summaryElement) : null;
  const contentElement = child(entry, ...A('content'));
  const id = childText(entry, ...A('id'));
  const categories: string[] = [];
  for (const category of children(entry, ...A('category'))) {
    const name = category.attrs['label'] ?? category.attrs['term'] ?? textContent(category);
    categories.push(name);
  }
  for (const subject of children(entry, 'dc:subject')) categories.push(textContent(subject));
  return finishEntry(
    {
      guid: id,
      url: alternateLink(entry) ?? (id && /^https?:\/\//i.test(id) ? canonicalizeUrl(id, entry.base) : null),
      rawTitle: titleElement ? atomText(titleElement).value : '',
      author: authorOf(entry) ?? childText(entry, 'dc:creator') ?? feedAuthor,
      description: summary ? (summary.kind === 'html' ? summary.value : escapeHtmlText(summary.value)) : null,
      contentHtml: contentElement ? contentHtml(contentElement) : null,
      categories,
      published: childText(entry, ...ATOM_PUBLISHED),
      updated: childText(entry, ...A('updated'), ...A('modified')),
      images,
      base: entry.base,
    },
    options,
  );
}

function contentHtml(element: XmlElement): string | null {
  // Out-of-line content (src=) is a link, not a body.
  if (element.attrs['src']) return null;
  const text = atomText(element);
  return text.kind === 'html' ? text.value : textToHtml(text.value);
}

function authorOf(element: XmlElement): string | null {
  const names: string[] = [];
  for (const author of children(element, ...A('author'))) {
    const name =
      childText(author, ...A('name')) ?? childText(author, ...A('email')) ?? textContent(author).trim();
    if (name) names.push(name);
  }
  return names.length ? names.join(', ') : null;
}

// rel="alternate" (or no rel), preferring an HTML page over other types.
function alternateLink(element: XmlElement): string | null {
  let fallback: string | null = null;
  for (const link of children(element, ...A('link'))) {
    const rel = (link.attrs['rel'] ?? 'alternate').trim().toLowerCase();
    if (rel !== 'alternate') continue;
    const href = link.attrs['href'] ?? textContent(link);
    const url = canonicalizeUrl(href, link.base);
    if (!url) continue;
    const type = (link.attrs['type'] ?? '').toLowerCase();
    if (type === '' || type === 'text/html' || type === 'application/xhtml+xml') return url;
    fallback ??= url;
  }
  return fallback;
}
