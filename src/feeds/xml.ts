// A forgiving, linear XML reader for feeds: text in, a small element tree out.
//
// Why htmlparser2's Tokenizer (and our own tree builder on top of it): we
// measured the candidates on generated worst cases (test/feeds/parser-choice.md).
// - fast-xml-parser (and @rowanmanning/feed-parser, built on it) took 4.2 s and
//   2.9 s on a 30 MB text node, and refuses 100,000 nested tags outright.
// - saxes is fast but strict: it throws on an undefined entity (&eacute;), a
//   stray ampersand (AT&T) and a stray close tag, which real feeds are full of.
// - sax is forgiving but took 3.8 s on 20,000 stray close tags (quadratic).
// - htmlparser2's Parser took 1.9 s on 100,000 nested tags: its open-element
//   stack uses Array#unshift, quadratic in depth.
// - htmlparser2's Tokenizer alone is a linear state machine that never throws:
//   12 ms for 100,000 nested tags, 81 ms for 30 MB of text, 1 ms for a 400 KB
//   entity-dense feed. So we take it, keep our own stack (push/pop, bounded
//   searches) and decode entities ourselves with the full HTML set, since
//   publishers write &eacute; and &nbsp; in XML without declaring them.
//
// Entities declared in a DOCTYPE are never expanded: a document that declares
// any is refused (unsafe_xml), and nothing is ever fetched.
import { Tokenizer } from 'htmlparser2';
import { DecodingMode, decodeHTML } from 'entities';
import { KiosqueError } from '../util/errors.ts';
import { escapeHtmlText } from '../util/html.ts';

export interface XmlElement {
  /** Canonical qualified name, lower case: "item", "atom:link", "media:content", "dc:creator". */
  name: string;
  /** Canonical prefix for a known namespace ("atom", "dc", ...), the written prefix otherwise, or "". */
  ns: string;
  local: string;
  /** Attribute names are lower case and namespace-canonical too ("xml:base", "rdf:about"). */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The URL relative links inside this element resolve against (xml:base, else the feed URL). */
  base: string;
}

export type XmlNode = XmlElement | string;

// Namespace URIs mapped to the prefix the readers look for, whatever prefix
// the publisher chose (<a10:link> is atom:link). An empty string means "the
// feed's own vocabulary" (RSS 1.0 and 0.90 declare a default namespace).
const KNOWN_NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/xml/1998/namespace': 'xml',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  // Sitemaps: their own vocabulary unprefixed, Google's news and image extensions.
  'http://www.sitemaps.org/schemas/sitemap/0.9': '',
  'https://www.sitemaps.org/schemas/sitemap/0.9': '',
  'http://www.google.com/schemas/sitemap-news/0.9': 'news',
  'https://www.google.com/schemas/sitemap-news/0.9': 'news',
  'http://www.google.com/schemas/sitemap-image/1.1': 'image',
  'https://www.google.com/schemas/sitemap-image/1.1': 'image',
};

/** Deeper elements are flattened into their ancestor: keeps every later walk shallow and recursion safe. */
export const MAX_DEPTH = 128;
/** How far down the open-element stack a close tag is looked for; a stray close tag costs at most this. */
const CLOSE_SEARCH = 64;

const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

/**
 * Parses a feed document into a tree. Returns the document's root element,
 * or null when there is none. Throws KiosqueError unsafe_xml for a DOCTYPE
 * that declares entities.
 */
export function parseXml(text: string, baseUrl: string, bound?: EntryBound): XmlElement | null {
  const start = skipProlog(text);
  const source = repairCdata(start === 0 ? text : text.slice(start));
  return buildTree(source, baseUrl, bound);
}

/**
 * Keeps the tree of an archive-sized feed small: of the entries (`item`,
 * `entry`, a sitemap's `url`) under one element, only the newest `max` by `time` are kept,
 * pruned as the document is read, so a 10 MB feed of 9,000 entries never
 * holds more than 2 × max of them at once. Ties and undated entries keep
 * the feed's order, the same choice the ingest makes after reading.
 */
export interface EntryBound {
  max: number;
  /** The entry's date in ms, or -Infinity when it has none. */
  time: (entry: XmlElement) => number;
  /** Set by the parse: how many entries were dropped, the oldest. */
  dropped: number;
}

const ENTRY_NAMES = new Set(['item', 'entry']);

/** `url` is an entry only directly under a sitemap's `urlset`: RSS has `<image><url>` too. */
function isEntry(node: XmlElement, parent: XmlElement): boolean {
  return ENTRY_NAMES.has(node.local) || (node.local === 'url' && parent.local === 'urlset');
}

/** Drops the oldest entries under `parent`, keeping `bound.max`. */
function pruneEntries(parent: XmlElement, bound: EntryBound, times: WeakMap<XmlElement, number>): void {
  const ranked: Array<{ entry: XmlElement; order: number; time: number }> = [];
  parent.children.forEach((node, order) => {
    if (typeof node === 'string' || !isEntry(node, parent)) return;
    let time = times.get(node);
    if (time === undefined) {
      time = bound.time(node);
      times.set(node, time);
    }
    ranked.push({ entry: node, order, time });
  });
  if (ranked.length <= bound.max) return;
  ranked.sort((a, b) => b.time - a.time || a.order - b.order);
  const dropped = new Set(ranked.slice(bound.max).map((r) => r.entry));
  parent.children = parent.children.filter((node) => typeof node === 'string' || !dropped.has(node));
  bound.dropped += dropped.size;
}

// Skips the BOM, white space, the XML declaration, comments and the DOCTYPE
// (refusing one with an internal subset), and junk printed before the XML
// (a PHP warning). Returns the index of the root element (or of the text).
function skipProlog(text: string): number {
  let i = 0;
  const n = text.length;
  // The XML declaration belongs at the very start: one further on means a
  // server printed something first (a PHP warning in HTML), so start there.
  const declaration = text.slice(0, 4096).indexOf('<?xml');
  if (declaration > 0) i = declaration;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return i;
    if (text.charCodeAt(i) !== 60 /* < */) {
      // Junk before the document: jump to the first thing that looks like XML.
      const rest = text.slice(i, i + 4096);
      const m = /<(?:\?xml|rss\b|feed\b|rdf:rdf\b|!doctype)/i.exec(rest);
      if (!m) return i;
      i += m.index;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return n;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return n;
      i = end + 3;
    } else if (text.startsWith('<!', i) && /^<!doctype/i.test(text.slice(i, i + 9))) {
      i = skipDoctype(text, i);
    } else if (text.startsWith('<!', i) && /^<!entity/i.test(text.slice(i, i + 8))) {
      throw unsafe('an entity declaration before the root element');
    } else {
      return i;
    }
  }
}

function skipDoctype(text: string, at: number): number {
  const gt = text.indexOf('>', at);
  const bracket = text.indexOf('[', at);
  if (bracket !== -1 && (gt === -1 || bracket < gt)) {
    const close = text.indexOf(']', bracket + 1);
    const subset = text.slice(bracket + 1, close === -1 ? text.length : close);
    // A plain DOCTYPE is fine; an internal subset is where entity bombs and
    // external entities (XXE) are declared. We never expand them, but a feed
    // that declares any is refused rather than half understood.
    if (subset.trim() !== '' || close === -1) {
      throw unsafe(
        /<!entity/i.test(subset) ? 'a DOCTYPE that declares entities' : 'a DOCTYPE with an internal subset',
      );
    }
    const end = text.indexOf('>', close);
    return end === -1 ? text.length : end + 1;
  }
  return gt === -1 ? text.length : gt + 1;
}

function unsafe(what: string): KiosqueError {
  return new KiosqueError({
    kind: 'unsafe_xml',
    message: `refused: ${what} (the shape of an XML bomb or external-entity attack)`,
  });
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff || c === 0xa0;
}

/**
 * Repairs broken CDATA sections before tokenizing, so that one bad item
 * does not swallow the rest of the feed:
 * - unterminated (`<description><![CDATA[ text </description>`): closed before
 *   the enclosing element's close tag;
 * - nested (`<![CDATA[<![CDATA[ text ]]>]]>`): the inner markers are dropped.
 * Well-formed sections (including the `]]]]><![CDATA[>` idiom) are left alone,
 * and a document without damage is returned as the same string. Linear: every
 * search is bounded by the next section's start or moves the cursor past it.
 */
export function repairCdata(text: string): string {
  let p = text.indexOf(CDATA_OPEN);
  if (p === -1) return text;
  const out: string[] = [];
  let copied = 0;
  // The next close marker is cached and searched again only once passed, so
  // many opens before one far close stay linear.
  let close = text.indexOf(CDATA_CLOSE);
  while (p !== -1) {
    const contentStart = p + CDATA_OPEN.length;
    const nextOpen = text.indexOf(CDATA_OPEN, contentStart);
    if (close !== -1 && close < contentStart) close = text.indexOf(CDATA_CLOSE, contentStart);
    if (close !== -1 && (nextOpen === -1 || close < nextOpen)) {
      p = nextOpen; // well formed
      continue;
    }
    const limit = nextOpen === -1 ? text.length : nextOpen;
    const enclosing = openTagNameBefore(text, p);
    // Searched only up to the next section: each stretch of text is scanned once.
    const closeTag = enclosing ? indexOfWithin(text, `</${enclosing}`, contentStart, limit) : -1;
    let content: string;
    let resume: number;
    if (closeTag !== -1 && closeTag < limit) {
      // Unterminated: end the section where its element ends.
      content = text.slice(contentStart, closeTag);
      resume = closeTag;
    } else if (close !== -1) {
      // Nested: find the close marker that balances the opens.
      const end = balancedClose(text, contentStart);
      const stop = end === -1 ? text.length : end;
      content = text.slice(contentStart, stop).split(CDATA_OPEN).join('').split(CDATA_CLOSE).join('');
      resume = end === -1 ? text.length : end + CDATA_CLOSE.length;
    } else {
      content = text.slice(contentStart, limit);
      resume = limit;
    }
    out.push(text.slice(copied, p), CDATA_OPEN, content.replaceAll(CDATA_CLOSE, ']]&gt;'), CDATA_CLOSE);
    copied = resume;
    p = text.indexOf(CDATA_OPEN, resume);
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

function indexOfWithin(text: string, needle: string, from: number, limit: number): number {
  const i = text.slice(from, limit).indexOf(needle);
  return i === -1 ? -1 : from + i;
}

function balancedClose(text: string, from: number): number {
  // Both next positions are cached and only searched again once passed: linear.
  let depth = 1;
  let open = text.indexOf(CDATA_OPEN, from);
  let close = text.indexOf(CDATA_CLOSE, from);
  while (close !== -1) {
    if (open !== -1 && open < close) {
      depth++;
      open = text.indexOf(CDATA_OPEN, open + CDATA_OPEN.length);
    } else {
      depth--;
      if (depth === 0) return close;
      close = text.indexOf(CDATA_CLOSE, close + CDATA_CLOSE.length);
    }
  }
  return -1;
}

// The name of the open tag just before `at` ("<description>   <![CDATA["), or null.
function openTagNameBefore(text: string, at: number): string | null {
  let i = at - 1;
  const stop = Math.max(0, at - 256);
  while (i >= stop && isSpace(text.charCodeAt(i))) i--;
  if (i < stop || text.charCodeAt(i) !== 62 /* > */ || text.charCodeAt(i - 1) === 47 /* / */) return null;
  const lt = text.lastIndexOf('<', i);
  if (lt === -1 || lt < stop) return null;
  const m = /^<([A-Za-z_][\w:.-]*)/.exec(text.slice(lt, i + 1));
  return m?.[1] ?? null;
}

/** Decodes character references in XML text with the full HTML set, strictly (a `;` is required). */
export function decodeXmlText(raw: string): string {
  return raw.indexOf('&') === -1 ? raw : decodeHTML(raw, DecodingMode.Strict);
}

interface OpenElement {
  element: XmlElement | null; // null: over MAX_DEPTH, flattened
  rawName: string;
  namespaces: Map<string, string>;
}

function buildTree(source: string, baseUrl: string, bound?: EntryBound): XmlElement | null {
  // Entries counted per parent since its last pruning (see EntryBound).
  const entryCounts = new Map<XmlElement, number>();
  const entryTimes = new WeakMap<XmlElement, number>();
  const documentNode: XmlElement = {
    name: '#document',
    ns: '',
    local: '#document',
    attrs: Object.create(null),
    children: [],
    base: baseUrl,
  };
  const rootNamespaces = new Map<string, string>([['xml', 'xml']]);
  const stack: OpenElement[] = [{ element: documentNode, rawName: '#document', namespaces: rootNamespaces }];
  let textStart = -1;
  let textEnd = -1;
  let pendingName = '';
  let attrNames: string[] = [];
  let attrValues: string[] = [];
  let attrName = '';
  let attrValue = '';

  // Entries above MAX_DEPTH are placeholders; their text goes to the deepest kept element.
  const current = (): XmlElement => stack[Math.min(stack.length - 1, MAX_DEPTH)]!.element!;
  const flushText = () => {
    if (textStart === -1) return;
    const text = decodeXmlText(source.slice(textStart, textEnd));
    textStart = -1;
    appendText(current(), text);
  };

  const openElement = (selfClosing: boolean) => {
    flushText();
    const parent = stack[stack.length - 1]!;
    const rawName = pendingName;
    if (stack.length > MAX_DEPTH) {
      if (!selfClosing) stack.push({ element: null, rawName, namespaces: parent.namespaces });
      attrNames = [];
      attrValues = [];
      return;
    }
    let namespaces = parent.namespaces;
    for (let i = 0; i < attrNames.length; i++) {
      const name = attrNames[i]!;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (namespaces === parent.namespaces) namespaces = new Map(namespaces);
        namespaces.set(name === 'xmlns' ? '' : name.slice(6), attrValues[i]!.trim().toLowerCase());
      }
    }
    const attrs: Record<string, string> = Object.create(null);
    for (let i = 0; i < attrNames.length; i++) {
      const name = attrNames[i]!;
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const key = name.includes(':') ? qualify(name, namespaces, false).name : name;
      if (!(key in attrs)) attrs[key] = attrValues[i]!;
    }
    attrNames = [];
    attrValues = [];
    const { name, ns, local } = qualify(rawName, namespaces, true);
    const parentElement = current();
    const xmlBase = attrs['xml:base'];
    const element: XmlElement = {
      name,
      ns,
      local,
      attrs,
      children: [],
      base: xmlBase ? resolveBase(xmlBase, parentElement.base) : parentElement.base,
    };
    parentElement.children.push(element);
    if (!selfClosing) stack.push({ element, rawName, namespaces });
  };

  const closeElement = (rawName: string) => {
    flushText();
    const bottom = Math.max(1, stack.length - CLOSE_SEARCH);
    for (let i = stack.length - 1; i >= bottom; i--) {
      if (stack[i]!.rawName === rawName) {
        const closed = stack[i]!.element;
        stack.length = i;
        if (bound && closed && isEntry(closed, current())) {
          const parent = current();
          const count = (entryCounts.get(parent) ?? 0) + 1;
          entryCounts.set(parent, count);
          if (count >= 2 * bound.max) {
            pruneEntries(parent, bound, entryTimes);
            entryCounts.set(parent, bound.max);
          }
        }
        return;
      }
    }
    // A close tag with no open element: ignored, as a browser would.
  };

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      ontext(start, end) {
        if (textStart !== -1 && textEnd === start) {
          textEnd = end;
        } else {
          flushText();
          textStart = start;
          textEnd = end;
        }
      },
      oncdata(start, end, offset) {
        flushText();
        appendText(current(), source.slice(start, end - offset));
      },
      onopentagname(start, end) {
        flushText();
        pendingName = source.slice(start, end).toLowerCase();
      },
      onattribname(start, end) {
        attrName = source.slice(start, end).toLowerCase();
        attrValue = '';
      },
      onattribdata(start, end) {
        attrValue += source.slice(start, end);
      },
      onattribend() {
        attrNames.push(attrName);
        attrValues.push(decodeXmlText(attrValue));
        attrValue = '';
      },
      onattribentity() {},
      ontextentity() {},
      onopentagend() {
        openElement(false);
      },
      onselfclosingtag() {
        openElement(true);
      },
      onclosetag(start, end) {
        closeElement(source.slice(start, end).toLowerCase());
      },
      ondeclaration(start, end) {
        if (/^\s*!?entity/i.test(source.slice(start, Math.min(end, start + 16)))) {
          throw unsafe('an entity declaration');
        }
      },
      oncomment() {
        flushText();
      },
      onprocessinginstruction() {
        flushText();
      },
      onend() {
        flushText();
      },
    },
  );
  tokenizer.write(source);
  tokenizer.end();
  // The last stretch, so at most `max` entries per parent reach the readers.
  if (bound)
    for (const [parent, count] of entryCounts) if (count > bound.max) pruneEntries(parent, bound, entryTimes);
  for (const child of documentNode.children) if (typeof child !== 'string') return child;
  return null;
}

function appendText(element: XmlElement, text: string): void {
  if (text === '') return;
  const last = element.children.length - 1;
  const previous = element.children[last];
  // Adjacent text and CDATA pieces become one string, so readers see one value.
  if (typeof previous === 'string') element.children[last] = previous + text;
  else element.children.push(text);
}

function qualify(
  rawName: string,
  namespaces: Map<string, string>,
  isElement: boolean,
): { name: string; ns: string; local: string } {
  const colon = rawName.indexOf(':');
  const prefix = colon === -1 ? '' : rawName.slice(0, colon);
  const local = colon === -1 ? rawName : rawName.slice(colon + 1);
  if (prefix === '' && !isElement) return { name: local, ns: '', local };
  const uri = namespaces.get(prefix);
  // Undeclared prefixes (dc:creator without xmlns:dc) are common: keep them as written.
  let ns = prefix;
  if (uri !== undefined) {
    const known = KNOWN_NAMESPACES[uri];
    ns = known ?? (prefix === '' ? '' : prefix);
  }
  return { name: ns === '' ? local : `${ns}:${local}`, ns, local };
}

function resolveBase(href: string, base: string): string {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return base;
  }
}

// ---- Helpers the readers use to walk the tree ----

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

/** The first child element with one of the given canonical names. */
export function child(element: XmlElement, ...names: string[]): XmlElement | undefined {
  for (const node of element.children) {
    if (typeof node !== 'string' && names.includes(node.name)) return node;
  }
  return undefined;
}

export function children(element: XmlElement, ...names: string[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of element.children) {
    if (typeof node !== 'string' && names.includes(node.name)) out.push(node);
  }
  return out;
}

/** All the text inside an element, markup dropped. Iterative: the tree may be deep. */
export function textContent(element: XmlElement): string {
  if (element.children.length === 1 && typeof element.children[0] === 'string') return element.children[0];
  const parts: string[] = [];
  const todo: XmlNode[] = [...element.children].reverse();
  while (todo.length) {
    const node = todo.pop()!;
    if (typeof node === 'string') parts.push(node);
    else for (let i = node.children.length - 1; i >= 0; i--) todo.push(node.children[i]!);
  }
  return parts.join('');
}

/**
 * The HTML an element carries. Usually that is its text (escaped or CDATA
 * HTML); when a publisher put raw markup in the element instead, the child
 * elements are serialized back to HTML.
 */
export function htmlContent(element: XmlElement): string {
  let hasElements = false;
  for (const node of element.children) {
    if (typeof node !== 'string') {
      hasElements = true;
      break;
    }
  }
  if (!hasElements) return element.children.join('');
  return serializeChildren(element);
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** Serializes an element's children as HTML (namespace prefixes dropped, text escaped). */
export function serializeChildren(element: XmlElement): string {
  const parts: string[] = [];
  // Depth is bounded by MAX_DEPTH, so this recursion is safe.
  const walk = (node: XmlNode) => {
    if (typeof node === 'string') {
      parts.push(escapeHtmlText(node));
      return;
    }
    const tag = node.local;
    parts.push('<', tag);
    for (const [key, value] of Object.entries(node.attrs)) {
      if (key.startsWith('xml:')) continue;
      parts.push(
        ' ',
        key.includes(':') ? key.slice(key.indexOf(':') + 1) : key,
        '="',
        escapeAttribute(value),
        '"',
      );
    }
    if (VOID_ELEMENTS.has(tag) && node.children.length === 0) {
      parts.push('>');
      return;
    }
    parts.push('>');
    for (const c of node.children) walk(c);
    parts.push('</', tag, '>');
  };
  for (const c of element.children) walk(c);
  return parts.join('');
}

function escapeAttribute(text: string): string {
  return text.replace(/[&"<]/g, (c) => (c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&lt;'));
}
