// OPML in and out: the format every feed reader exports its subscriptions in.
//
// Reading uses htmlparser2 (already a dependency for HTML) in xmlMode: it is a
// streaming tokenizer that never resolves DTDs or external entities, so it
// cannot be turned into an XXE or entity-expansion attack; we still refuse a
// DOCTYPE that declares entities, since such a file is hostile or broken.
// Writing is a few lines of string building with strict escaping.

import { Parser } from 'htmlparser2';
import { KiosqueError } from '../util/errors.ts';
import { collapseWhitespace } from '../util/text.ts';
import { canonicalTimeZone } from './sources-file.ts';
import { hasArabicScript, slugFromHost, slugify, uniqueSlug } from './slug.ts';
import type { FeedConfig, Language, SourceConfig, SourceMode } from './types.ts';
import { DEFAULT_TIMEZONE } from './types.ts';
import { normalizeHttpUrl } from './url.ts';

/** A source read from OPML: a full SourceConfig, plus whether its language was only guessed. */
export interface ImportedSource extends SourceConfig {
  /** True when the OPML gave no usable `language` attribute and the language was guessed from the name. */
  languageGuessed: boolean;
}

export interface OpmlImport {
  sources: ImportedSource[];
  /** Outlines that looked like feeds but could not be used, with the reason. */
  skipped: Array<{ xmlUrl: string; reason: string }>;
}

// Our own attributes, so that a Kiosque export comes back with the same slugs and modes.
const KIOSQUE_NS = 'https://kiosque.ma/ns/opml';

const MODES: readonly SourceMode[] = ['full', 'excerpt', 'title'];

/** Reads an OPML document into sources; see readOpml for the outlines it had to skip. */
export function parseOpml(text: string): ImportedSource[] {
  return readOpml(text).sources;
}

interface OutlineFrame {
  /** The outline's label (text, else title), used as the category of the feeds inside it. */
  label: string;
  isFeed: boolean;
}

interface RawFeed {
  xmlUrl: string;
  htmlUrl: string | null;
  name: string;
  category: string | undefined;
  language: string | undefined;
  slug: string | undefined;
  mode: string | undefined;
  timezone: string | undefined;
  enabled: string | undefined;
}

/**
 * Reads an OPML document: outlines with an xmlUrl are feeds; outlines without
 * one are folders, and the nearest folder's text becomes the feed's category.
 * Feeds that share a homepage (htmlUrl) become one source with several feeds.
 * Throws a `config` KiosqueError for a DOCTYPE with entities or a non-OPML document.
 */
export function readOpml(text: string): OpmlImport {
  refuseEntityDeclarations(text);
  const raws: RawFeed[] = [];
  const stack: OutlineFrame[] = [];
  let root: string | null = null;
  let inBody = false;

  const parser = new Parser(
    {
      onopentag(tagName, attributes) {
        const name = tagName.toLowerCase();
        if (root === null) root = name;
        if (name === 'body') inBody = true;
        if (name !== 'outline' || !inBody) return;
        const attrs = lowerKeys(attributes);
        const label = collapseWhitespace(attrs['text'] ?? attrs['title'] ?? '');
        const xmlUrl = attrs['xmlurl']?.trim();
        stack.push({ label, isFeed: Boolean(xmlUrl) });
        if (!xmlUrl) return;
        const folder = [...stack].reverse().find((f, i) => i > 0 && !f.isFeed && f.label !== '');
        raws.push({
          xmlUrl,
          htmlUrl: attrs['htmlurl']?.trim() || null,
          name: collapseWhitespace(attrs['title'] ?? attrs['text'] ?? ''),
          category: folder?.label ?? categoryAttribute(attrs['category']),
          language: attrs['language'],
          slug: attrs['kiosque:slug'],
          mode: attrs['kiosque:mode'],
          timezone: attrs['kiosque:timezone'],
          enabled: attrs['kiosque:enabled'],
        });
      },
      onclosetag(tagName) {
        const name = tagName.toLowerCase();
        if (name === 'body') inBody = false;
        if (name === 'outline' && inBody) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(text);
  parser.end();

  if (root !== 'opml') {
    throw new KiosqueError({
      kind: 'config',
      message:
        root === null
          ? 'not an OPML document: it is empty'
          : `not an OPML document: the root element is <${root}>`,
    });
  }
  return groupIntoSources(raws);
}

function groupIntoSources(raws: RawFeed[]): OpmlImport {
  const skipped: OpmlImport['skipped'] = [];
  const groups = new Map<string, { raw: RawFeed; homepage: string; feeds: FeedConfig[] }>();
  for (const raw of raws) {
    const feedUrl = normalizeHttpUrl(raw.xmlUrl);
    if (feedUrl === null) {
      skipped.push({ xmlUrl: raw.xmlUrl, reason: 'xmlUrl is not an absolute http(s) URL' });
      continue;
    }
    const homepage = (raw.htmlUrl && normalizeHttpUrl(raw.htmlUrl)) || `${new URL(feedUrl).origin}/`;
    // Our own slug attribute wins; else outlines sharing a homepage are one
    // publication; a feed with no htmlUrl stays alone (its origin may host others).
    const key = raw.slug ? `slug:${raw.slug}` : raw.htmlUrl ? `home:${homepage}` : `feed:${feedUrl}`;
    let group = groups.get(key);
    if (!group) {
      group = { raw, homepage, feeds: [] };
      groups.set(key, group);
    }
    // Feed readers title each feed ("Le360 - Politique", "Le360"): the shortest title names the publication.
    if (raw.name && (!group.raw.name || raw.name.length < group.raw.name.length)) {
      group.raw = { ...group.raw, name: raw.name };
    }
    if (group.feeds.some((f) => f.url === feedUrl)) continue;
    group.feeds.push(raw.category ? { url: feedUrl, category: raw.category } : { url: feedUrl });
  }

  const taken = new Set<string>();
  const sources: ImportedSource[] = [];
  for (const { raw, homepage, feeds } of groups.values()) {
    const name = raw.name || new URL(homepage).hostname.replace(/^www\./, '');
    const declared = primaryLanguage(raw.language);
    const language: Language = declared ?? (hasArabicScript(name) ? 'ar' : 'fr');
    // An Arabic name gives no Latin slug: the host does ("هسبريس" at hespress.com → "hespress").
    const base =
      raw.slug || (hasArabicScript(name) ? slugFromHost(homepage) : slugify(name)) || slugFromHost(homepage);
    const slug = uniqueSlug(base, (s) => taken.has(s));
    taken.add(slug);
    const mode = MODES.find((m) => m === raw.mode) ?? 'full';
    sources.push({
      slug,
      name,
      homepage,
      language,
      languageGuessed: declared === null,
      timezone: (raw.timezone && canonicalTimeZone(raw.timezone)) || DEFAULT_TIMEZONE,
      feeds,
      mode,
      enabled: raw.enabled !== 'false',
    });
  }
  return { sources, skipped };
}

/**
 * Writes sources as OPML 2.0. Feeds with a category sit inside a folder
 * outline named after it (what feed readers show as folders); each feed
 * outline carries the source's homepage, language and, in our namespace, its
 * slug and mode, so that parseOpml gives the same sources back.
 */
export function toOpml(sources: SourceConfig[], title = 'Kiosque sources'): string {
  // Folders stay where their first feed appeared, so the export reads in file order.
  const top: Array<{ line: string } | { folder: string }> = [];
  const folders = new Map<string, string[]>();
  for (const source of sources) {
    for (const feed of source.feeds) {
      const line = feedOutline(source, feed);
      if (!feed.category) {
        top.push({ line: `    ${line}` });
        continue;
      }
      let folder = folders.get(feed.category);
      if (!folder) {
        folder = [];
        folders.set(feed.category, folder);
        top.push({ folder: feed.category });
      }
      folder.push(`      ${line}`);
    }
  }
  const body = top.map((entry) => {
    if ('line' in entry) return entry.line;
    const label = escapeXml(entry.folder);
    const inner = folders.get(entry.folder) ?? [];
    return [`    <outline text="${label}" title="${label}">`, ...inner, '    </outline>'].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<opml version="2.0" xmlns:kiosque="${KIOSQUE_NS}">`,
    '  <head>',
    `    <title>${escapeXml(title)}</title>`,
    '  </head>',
    '  <body>',
    ...body,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

function feedOutline(source: SourceConfig, feed: FeedConfig): string {
  const attrs: Array<[string, string]> = [
    ['type', 'rss'],
    ['text', source.name],
    ['title', source.name],
    ['xmlUrl', feed.url],
    ['htmlUrl', source.homepage],
    ['language', source.language],
    ['kiosque:slug', source.slug],
  ];
  if (source.mode !== 'full') attrs.push(['kiosque:mode', source.mode]);
  if (source.timezone !== DEFAULT_TIMEZONE) attrs.push(['kiosque:timezone', source.timezone]);
  if (!source.enabled) attrs.push(['kiosque:enabled', 'false']);
  return `<outline ${attrs.map(([k, v]) => `${k}="${escapeXml(v)}"`).join(' ')}/>`;
}

/** Escapes text for an XML attribute or element, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** A DOCTYPE with an internal subset that declares entities: the XXE and "billion laughs" shapes. */
function refuseEntityDeclarations(text: string): void {
  const doctype = /<!DOCTYPE[^>[]*\[([\s\S]*?)\]\s*>/i.exec(text);
  if (doctype && /<!ENTITY/i.test(doctype[1] ?? '')) {
    throw new KiosqueError({
      kind: 'config',
      message:
        'refused OPML: its DOCTYPE declares entities (an XXE or entity-expansion attempt); remove the DOCTYPE',
    });
  }
  // A stray declaration outside a well-formed DOCTYPE is refused as well.
  if (/<!ENTITY/i.test(text)) {
    throw new KiosqueError({
      kind: 'config',
      message: 'refused OPML: it declares XML entities (an XXE or entity-expansion attempt)',
    });
  }
}

function lowerKeys(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) out[key.toLowerCase()] = value;
  return out;
}

/** OPML 2.0 category attribute: comma-separated slash paths ("/Presse/Économie"); take the first path's last part. */
function categoryAttribute(value: string | undefined): string | undefined {
  const first = value?.split(',')[0] ?? '';
  const last = first
    .split('/')
    .filter((part) => part.trim() !== '')
    .at(-1);
  return last ? collapseWhitespace(last) : undefined;
}

/** "ar", "ar-MA", "fr_FR", "FR" → the language; anything else (en, empty) → null. */
function primaryLanguage(value: string | undefined): Language | null {
  const primary = value?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'fr' || primary === 'ar' ? primary : null;
}
