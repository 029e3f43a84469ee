// JSON Feed 1.0 and 1.1 (https://jsonfeed.org) to entries. JSON.parse is
// linear and cannot be made to expand anything, so no library is needed.
import type { FeedEntry, ParsedFeed, ParseOptions, WebSubLinks } from './types.ts';
import { KiosqueError } from '../util/errors.ts';
import { ImageList, finishEntry } from './entry.ts';
import { canonicalizeUrl, resolveHttpUrl } from './url.ts';
import { cleanTitle, textToHtml } from './text.ts';

type Json = Record<string, unknown>;

export function readJsonFeed(text: string, options: ParseOptions): ParsedFeed {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw notAFeed('malformed JSON, not a feed', options.url);
  }
  if (!isObject(document) || !isJsonFeed(document)) {
    throw notAFeed('a JSON document that is not a JSON Feed (no jsonfeed.org version or items)', options.url);
  }
  const version = str(document['version']) ?? '';
  const homepage = str(document['home_page_url']);
  const feedAuthor = authorsOf(document);
  const items = Array.isArray(document['items']) ? document['items'] : [];
  return {
    format: 'json',
    version: version.includes('/version/1.1') ? 'json 1.1' : 'json 1.0',
    title: cleanTitle(str(document['title']) ?? '') || null,
    homepage: homepage ? canonicalizeUrl(homepage, options.url) : null,
    entries: items.filter(isObject).map((item) => readItem(item, options, feedAuthor)),
    websub: jsonHub(document, options.url),
  };
}

// `hubs: [{type: "WebSub", url}]` and `feed_url`, the topic (JSON Feed 1.1).
function jsonHub(document: Json, base: string): WebSubLinks | null {
  const hubs = Array.isArray(document['hubs']) ? document['hubs'].filter(isObject) : [];
  const hub = hubs.find((h) => (str(h['type']) ?? '').toLowerCase() === 'websub');
  const hubUrl = hub ? resolveHttpUrl(str(hub['url']) ?? '', base)?.href : undefined;
  const self = resolveHttpUrl(str(document['feed_url']) ?? '', base)?.href;
  return hubUrl && self ? { hub: hubUrl, self } : null;
}

// A JSON Feed says so in `version`; one without it still needs items and a feed-level field.
function isJsonFeed(document: Json): boolean {
  const version = str(document['version']);
  if (version?.includes('jsonfeed.org/version/')) return true;
  return (
    !version &&
    Array.isArray(document['items']) &&
    (typeof document['title'] === 'string' || typeof document['home_page_url'] === 'string')
  );
}

function readItem(item: Json, options: ParseOptions, feedAuthor: string | null): FeedEntry {
  const images = new ImageList();
  images.add(str(item['image']) ?? undefined, options.url, 'json');
  images.add(str(item['banner_image']) ?? undefined, options.url, 'json');
  if (Array.isArray(item['attachments'])) {
    for (const attachment of item['attachments'].filter(isObject)) {
      const type = str(attachment['mime_type']) ?? undefined;
      if (type?.toLowerCase().startsWith('image/')) {
        images.add(str(attachment['url']) ?? undefined, options.url, 'enclosure', { type });
      }
    }
  }
  const html = str(item['content_html']);
  const text = str(item['content_text']);
  const url = str(item['url']) ?? str(item['external_url']);
  const id = item['id'];
  return finishEntry(
    {
      guid: typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null,
      url: url ? canonicalizeUrl(url, options.url) : null,
      rawTitle: str(item['title']) ?? '',
      author: authorsOf(item) ?? feedAuthor,
      description: str(item['summary']),
      contentHtml: html ?? (text ? textToHtml(text) : null),
      categories: Array.isArray(item['tags']) ? item['tags'].filter((t) => typeof t === 'string') : [],
      published: str(item['date_published']),
      updated: str(item['date_modified']),
      images,
      base: options.url,
    },
    options,
  );
}

// 1.1 has `authors` (a list), 1.0 has `author` (one object).
function authorsOf(object: Json): string | null {
  const list = Array.isArray(object['authors'])
    ? object['authors']
    : isObject(object['author'])
      ? [object['author']]
      : [];
  const names = list
    .filter(isObject)
    .map((a) => str(a['name']))
    .filter((n): n is string => !!n);
  return names.length ? names.join(', ') : null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function notAFeed(message: string, url: string): KiosqueError {
  return new KiosqueError({ kind: 'not_a_feed', message, url });
}
