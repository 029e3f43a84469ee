// RSS 0.9x/2.0 and RSS 1.0 (RDF) documents to entries. Both share the item
// vocabulary; RDF puts its items beside the channel instead of inside it.
import type { FeedEntry, ParsedFeed, ParseOptions } from './types.ts';
import { type XmlElement, child, children, textContent } from './xml.ts';
import { ImageList, authorName, childHtml, childText, collectMediaImages, finishEntry } from './entry.ts';
import { canonicalizeUrl } from './url.ts';
import { cleanTitle } from './text.ts';
import { websubLinksIn } from './websub-links.ts';

/** Where an item says when it was published, first found wins (also used to keep the newest, xml.ts). */
export const RSS_PUBLISHED = ['pubdate', 'dc:date', 'dcterms:issued', 'dcterms:created', 'atom:published'];

/** `head` is the start of the document, where RSS 0.90 shows its namespace. */
export function readRss(root: XmlElement, options: ParseOptions, head = ''): ParsedFeed {
  const isRdf = root.name === 'rdf:rdf';
  const channel = child(root, 'channel') ?? root;
  // Items belong in the channel (RSS) or beside it (RDF); damaged feeds mix both.
  const items = children(channel, 'item');
  if (channel !== root) items.push(...children(root, 'item'));
  const version = isRdf ? rdfVersion(head) : `rss ${(root.attrs['version'] ?? '').trim() || '2.0'}`;
  const title = childText(channel, 'title', 'dc:title');
  return {
    format: isRdf ? 'rdf' : 'rss',
    version,
    title: title ? cleanTitle(title) || null : null,
    homepage: channelHomepage(channel),
    entries: items.map((item) => readItem(item, options)),
    websub: websubLinksIn(channel, 'atom:link'),
  };
}

function rdfVersion(head: string): string {
  // RSS 0.90 is RDF too, told apart by its namespace: its items still read the same.
  return head.includes('my.netscape.com/rdf/simple/0.9') ? 'rss 0.90' : 'rss 1.0';
}

function channelHomepage(channel: XmlElement): string | null {
  const link = childText(channel, 'link');
  if (link) return canonicalizeUrl(link, channel.base);
  return alternateAtomLink(channel);
}

// <atom:link rel="alternate"> inside RSS (never rel="self", the feed itself).
function alternateAtomLink(element: XmlElement): string | null {
  for (const link of children(element, 'atom:link')) {
    const rel = (link.attrs['rel'] ?? 'alternate').toLowerCase();
    const href = link.attrs['href'];
    if (rel === 'alternate' && href) return canonicalizeUrl(href, link.base);
  }
  return null;
}

function readItem(item: XmlElement, options: ParseOptions): FeedEntry {
  const guidElement = child(item, 'guid');
  const guid =
    (guidElement ? textContent(guidElement).trim() : '') || item.attrs['rdf:about']?.trim() || null;
  const images = new ImageList();
  collectMediaImages(item, images);
  const categories = [...children(item, 'category'), ...children(item, 'dc:subject')].map(textContent);
  const author = childText(item, 'dc:creator', 'author', 'itunes:author');
  const atomAuthor = child(item, 'atom:author');
  return finishEntry(
    {
      guid,
      url: itemUrl(item, guidElement, guid),
      rawTitle: childText(item, 'title', 'dc:title') ?? '',
      author: author ? authorName(author) : atomAuthor ? childText(atomAuthor, 'atom:name') : null,
      description: childHtml(item, 'description', 'atom:summary', 'itunes:summary'),
      contentHtml: childHtml(item, 'content:encoded', 'atom:content'),
      categories,
      published: childText(item, ...RSS_PUBLISHED),
      updated: childText(item, 'atom:updated', 'dcterms:modified'),
      images,
      base: item.base,
    },
    options,
  );
}

function itemUrl(item: XmlElement, guidElement: XmlElement | undefined, guid: string | null): string | null {
  // FeedBurner rewrites <link> to its redirector and keeps the real one here.
  const original = childText(item, 'feedburner:origlink');
  if (original) {
    const url = canonicalizeUrl(original, item.base);
    if (url) return url;
  }
  const linkElement = child(item, 'link');
  const link = linkElement ? textContent(linkElement).trim() || linkElement.attrs['href'] : undefined;
  if (link) {
    const url = canonicalizeUrl(link, linkElement!.base);
    if (url) return url;
  }
  const atom = alternateAtomLink(item);
  if (atom) return atom;
  // No link: the guid is the permalink unless the publisher said it is not.
  if (guid && guidElement && (guidElement.attrs['ispermalink'] ?? 'true').trim().toLowerCase() !== 'false') {
    if (/^https?:\/\//i.test(guid)) return canonicalizeUrl(guid, guidElement.base);
  }
  if (guid && /^https?:\/\//i.test(guid) && !guidElement) return canonicalizeUrl(guid, item.base);
  return null;
}
