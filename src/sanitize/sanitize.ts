// sanitizeArticleHtml: third-party article HTML to HTML our pages can embed.
//
// The input is parsed by parse5, the WHATWG HTML parser, in the context of a
// <div> with scripting on — the tree the reader's browser builds when our
// page inserts the result — and an output tree is built from it under an
// allowlist (rules.ts), then serialized by serialize.ts. Judging the tree the
// browser will build, rather than a lenient parser's idea of it, is what
// keeps parser-differential tricks (noscript/style/comment/foreign-content
// mutation XSS) from getting anything past. See index.ts for why this and not
// a sanitizer library.
import { type DefaultTreeAdapterTypes, defaultTreeAdapter, html as parse5Html, parseFragment } from 'parse5';
import {
  firstAttribute,
  isPlaceholderSrc,
  LAZY_SRC_ATTRIBUTES,
  LAZY_SRCSET_ATTRIBUTES,
} from './lazy-images.ts';
import {
  ALLOWED_TAGS,
  BLOCK_UNWRAPPED,
  DROPPED_WITH_CONTENT,
  FLOW_CONTAINERS,
  PHRASING_TAGS,
  REMOVED_WHEN_EMPTY,
  RENAMED_TAGS,
} from './rules.ts';
import { type MarkupTokens, type OutElement, type OutNode, serializeNodes } from './serialize.ts';
import { isPixelPath, isPixelSize, isTrackerUrl } from './trackers.ts';
import { largestCandidate, parseSrcset, safeUrl, serializeSrcset } from './urls.ts';

type Node = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;

export interface SanitizedHtml {
  html: string;
  /** Every image kept, absolute URL, in document order (the ingest stage registers them in the images table). */
  images: Array<{ url: string; alt: string | null; width?: number; height?: number }>;
}

const HTML_NS = parse5Html.NS.HTML;
const CONTEXT = defaultTreeAdapter.createElement('div', HTML_NS, []);
/** Deeper than this, an element's text is kept and its markup flattened: no real article nests so deep. */
const MAX_DEPTH = 256;
const HEADINGS = new Set(['h2', 'h3', 'h4']);
const TABLE_PARENTS: Record<string, readonly string[]> = {
  thead: ['table'],
  tbody: ['table'],
  tr: ['thead', 'tbody'],
  td: ['tr'],
  th: ['tr'],
  li: ['ul', 'ol'],
  figcaption: ['figure'],
};

interface Ctx {
  /** The nearest kept ancestor's tag, or 'root'. */
  parent: string;
  inLink: boolean;
  /** Inside a kept <p>: a block here (reached through an unwrapped <marquee>) would close it on the next parse. */
  inParagraph: boolean;
  depth: number;
}

interface State {
  base: string | undefined;
  /** Image URLs kept so far, so a noscript fallback never duplicates one. */
  imageUrls: Set<string>;
}

/** Marks where an image with only a placeholder stood, in case a <noscript> fallback follows it. */
const PLACEHOLDER_TAG = '#placeholder';

export function sanitizeArticleHtml(html: string, baseUrl: string): SanitizedHtml {
  return sanitize(html, baseUrl, null);
}

/**
 * sanitizeArticleHtml, and what a tokenizer would meet reading its output
 * (serialize.ts: MarkupTokens): its plain text is then had without a parse.
 */
export function sanitizeArticleHtmlWithTokens(
  html: string,
  baseUrl: string,
): SanitizedHtml & { tokens: MarkupTokens } {
  const tokens: MarkupTokens = [];
  return { ...sanitize(html, baseUrl, tokens), tokens };
}

function sanitize(html: string, baseUrl: string, tokens: MarkupTokens | null): SanitizedHtml {
  const state: State = { base: validBase(baseUrl), imageUrls: new Set() };
  const fragment = parseFragment(CONTEXT, html, { scriptingEnabled: true });
  const nodes = tidyText(
    cleanChildren(
      fragment.childNodes,
      { parent: 'root', inLink: false, inParagraph: false, depth: 0 },
      state,
    ),
  );
  trimEnds(nodes);
  return { html: serializeNodes(nodes, tokens), images: collectImages(nodes) };
}

function validBase(baseUrl: string): string | undefined {
  try {
    const url = new URL(baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function attributesOf(el: Element): Map<string, string> {
  const map = new Map<string, string>();
  for (const a of el.attrs) if (!a.namespace && !map.has(a.name)) map.set(a.name, a.value);
  return map;
}

function element(tag: string, attrs: Array<[string, string]>, children: OutNode[]): OutElement {
  const block = !PHRASING_TAGS.has(tag) || children.some((c) => typeof c !== 'string' && c.block);
  return { tag, attrs, children, block };
}

function cleanChildren(nodes: readonly Node[], ctx: Ctx, state: State): OutNode[] {
  const out: OutNode[] = [];
  // The last image emitted at this level, for <noscript> fallbacks that follow it.
  let lastImage: OutElement | null = null;
  for (const node of nodes) {
    if (node.nodeName === '#text') {
      const text = (node as DefaultTreeAdapterTypes.TextNode).value;
      out.push(text);
      if (/\S/.test(text)) lastImage = null;
      continue;
    }
    if (!('tagName' in node)) continue; // comments, doctypes
    const el = node as Element;
    if (el.namespaceURI !== HTML_NS) continue; // <svg>, <math> and all inside them
    const tag = el.tagName;
    if (tag === 'noscript') {
      noscriptFallback(el, out, lastImage, ctx, state);
      lastImage = null;
      continue;
    }
    if (DROPPED_WITH_CONTENT.has(tag)) continue;
    if (ctx.depth >= MAX_DEPTH) {
      out.push(textOf(el));
      continue;
    }
    if (tag === 'img') {
      lastImage = cleanImage(el, state);
      if (lastImage) out.push(lastImage);
      continue;
    }
    lastImage = null;
    cleanElement(el, tag, ctx, state, out);
  }
  return out;
}

function cleanElement(el: Element, rawTag: string, ctx: Ctx, state: State, out: OutNode[]): void {
  const tag = RENAMED_TAGS.get(rawTag) ?? rawTag;
  const attrs = attributesOf(el);
  const inner: Ctx = { ...ctx, depth: ctx.depth + 1 };
  let keep = ALLOWED_TAGS.has(tag);
  let href: string | null = null;
  if (keep && tag === 'a') {
    href = ctx.inLink ? null : linkTarget(attrs.get('href'), state);
    keep = href !== null;
  }
  // A heading directly in a heading, or a list item or table part out of
  // place, would be restructured when the output is parsed again.
  if (keep && HEADINGS.has(tag) && HEADINGS.has(ctx.parent)) keep = false;
  if (keep && ctx.inParagraph && !PHRASING_TAGS.has(tag)) keep = false;
  const parents = TABLE_PARENTS[tag];
  if (keep && parents && !parents.includes(ctx.parent)) keep = false;
  const lang = langAttributes(attrs);
  if (!keep) {
    const children = cleanChildren(el.childNodes, inner, state);
    if ((BLOCK_UNWRAPPED.has(rawTag) || rawTag === 'li' || rawTag === 'figcaption') && isFlow(ctx.parent)) {
      out.push(...paragraphs(children, lang));
    } else {
      out.push(...children);
    }
    return;
  }
  if (tag === 'table') {
    // A caption unwrapped inside the table would be moved out of it on the next parse: put it before.
    const captions = el.childNodes.filter((n) => 'tagName' in n && n.tagName === 'caption');
    for (const caption of captions) {
      const text = cleanChildren((caption as Element).childNodes, inner, state);
      out.push(...(isFlow(ctx.parent) ? paragraphs(text, lang) : text));
    }
  }
  inner.parent = tag;
  inner.inLink = ctx.inLink || tag === 'a';
  inner.inParagraph = ctx.inParagraph || tag === 'p';
  const source =
    tag === 'table'
      ? el.childNodes.filter((n) => !('tagName' in n && n.tagName === 'caption'))
      : el.childNodes;
  let children = tidyText(cleanChildren(source, inner, state));
  if (tag === 'figure' && !children.some(hasImage)) {
    // A figure whose picture went: its caption describes nothing, and the
    // rest is cleaned again where the figure stood, since what may nest
    // inside a figure (a heading, say) may not nest everywhere.
    const rest = el.childNodes.filter((n) => !('tagName' in n && n.tagName === 'figcaption'));
    children = cleanChildren(rest, { ...ctx, depth: ctx.depth + 1 }, state);
    out.push(...(isFlow(ctx.parent) ? paragraphs(children, lang) : children));
    return;
  }
  if (REMOVED_WHEN_EMPTY.has(tag) && isEmpty(children)) {
    if (tag === 'a') out.push(...children);
    return;
  }
  const kept: Array<[string, string]> = [];
  // Links keep no target: where a link opens is our page's choice, not the
  // publisher's (a template may add target="_blank"; the rel already has
  // noopener for it). nofollow ugc: we republish these links, we don't vouch for them.
  if (href !== null) kept.push(['href', href], ['rel', 'noopener nofollow ugc']);
  kept.push(...lang);
  out.push(element(tag, kept, children));
}

function isFlow(parent: string): boolean {
  return parent === 'root' || FLOW_CONTAINERS.has(parent);
}

/** Runs of text-level content become paragraphs; blocks pass through. `lang` goes on what is made or unmarked. */
function paragraphs(nodes: OutNode[], lang: Array<[string, string]>): OutNode[] {
  const out: OutNode[] = [];
  let run: OutNode[] = [];
  const flush = () => {
    const children = tidyText(run);
    if (!isEmpty(children)) {
      out.push(element('p', [...lang], children));
    } else {
      out.push(...run.filter((n) => typeof n === 'string'));
    }
    run = [];
  };
  for (const node of nodes) {
    if (typeof node === 'string' || !node.block) {
      run.push(node);
      continue;
    }
    flush();
    if (lang.length > 0 && node.attrs.length === 0 && node.tag !== 'hr' && node.tag !== 'br') {
      out.push({ ...node, attrs: [...lang] });
    } else {
      out.push(node);
    }
  }
  flush();
  return out;
}

function langAttributes(attrs: Map<string, string>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const dir = attrs.get('dir')?.trim().toLowerCase();
  if (dir === 'ltr' || dir === 'rtl' || dir === 'auto') out.push(['dir', dir]);
  const lang = attrs.get('lang')?.trim();
  if (lang !== undefined && /^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$/.test(lang)) out.push(['lang', lang]);
  return out;
}

function linkTarget(raw: string | undefined, state: State): string | null {
  if (raw === undefined) return null;
  const url = safeUrl(raw, state.base, 'link');
  if (url === null || isTrackerUrl(url)) return null;
  return url;
}

function resolveImageUrl(raw: string | undefined, state: State): string | null {
  if (raw === undefined || isPlaceholderSrc(raw)) return null;
  const url = safeUrl(raw, state.base, 'image');
  if (url === null || isTrackerUrl(url) || isPixelPath(url)) return null;
  return url;
}

/**
 * An <img> with its real picture: a lazy-load attribute wins over `src`, a
 * placeholder `src` counts as none. Null when it is a pixel or an ad; a
 * placeholder marker when no usable picture is found (a <noscript> fallback
 * may follow).
 */
function cleanImage(el: Element, state: State): OutElement | null {
  const attrs = attributesOf(el);
  const width = attrs.get('width');
  const height = attrs.get('height');
  if (isPixelSize(width, height)) return null;
  let src: string | null = null;
  let blocked = false;
  for (const name of [...LAZY_SRC_ATTRIBUTES, 'src']) {
    const raw = attrs.get(name);
    if (raw === undefined || raw.trim() === '') continue;
    src = resolveImageUrl(raw, state);
    if (src !== null) break;
    const absolute = safeUrl(raw, state.base, 'image');
    if (absolute !== null && (isTrackerUrl(absolute) || isPixelPath(absolute))) blocked = true;
  }
  if (blocked && src === null) return null;
  const srcsetRaw = firstAttribute(attrs, LAZY_SRCSET_ATTRIBUTES) ?? attrs.get('srcset') ?? '';
  const candidates = parseSrcset(srcsetRaw).flatMap((c) => {
    const url = resolveImageUrl(c.url, state);
    return url === null ? [] : [{ url, descriptor: c.descriptor }];
  });
  if (src === null) src = largestCandidate(candidates)?.url ?? null;
  if (src === null) return { tag: PLACEHOLDER_TAG, attrs: [], children: [], block: false };
  const kept: Array<[string, string]> = [['src', src]];
  if (candidates.length > 0) kept.push(['srcset', serializeSrcset(candidates)]);
  const alt = attrs.get('alt');
  if (alt !== undefined) kept.push(['alt', alt]);
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    const n = value?.trim();
    if (n !== undefined && /^\d{1,5}$/.test(n)) kept.push([name, String(Number(n))]);
  }
  kept.push(...langAttributes(attrs));
  state.imageUrls.add(src);
  return element('img', kept, []);
}

/**
 * <noscript> goes, but its image is the real one when the visible <img>
 * before it was only a placeholder (or when there is no visible one). The
 * browser reading our page runs scripts, so it parses noscript content as
 * text: the fallback is parsed again here, as a browser without scripts would.
 */
function noscriptFallback(el: Element, out: OutNode[], lastImage: OutElement | null, ctx: Ctx, state: State) {
  if (lastImage && lastImage.tag !== PLACEHOLDER_TAG) return; // the visible image was real: no duplicate
  const markup = el.childNodes
    .map((n) => (n.nodeName === '#text' ? (n as DefaultTreeAdapterTypes.TextNode).value : ''))
    .join('');
  const before = new Set(state.imageUrls);
  const images: OutElement[] = [];
  const walk = (nodes: readonly Node[], depth: number) => {
    for (const n of nodes) {
      if (!('tagName' in n) || n.namespaceURI !== HTML_NS || depth > MAX_DEPTH) continue;
      if (n.tagName === 'img') {
        const img = cleanImage(n, state);
        if (img && img.tag === 'img') images.push(img);
      } else if (!DROPPED_WITH_CONTENT.has(n.tagName) || n.tagName === 'noscript') {
        walk(n.childNodes, depth + 1);
      }
    }
  };
  walk(parseFragment(CONTEXT, markup, { scriptingEnabled: false }).childNodes, ctx.depth);
  walk(el.childNodes, ctx.depth);
  if (lastImage) {
    const first = images[0];
    if (first) Object.assign(lastImage, first);
    return;
  }
  for (const img of images) {
    const src = img.attrs[0]![1];
    if (before.has(src)) continue;
    before.add(src);
    out.push(img);
  }
}

function hasImage(node: OutNode): boolean {
  return typeof node !== 'string' && (node.tag === 'img' || node.children.some(hasImage));
}

function isEmpty(nodes: readonly OutNode[]): boolean {
  return nodes.every((n) =>
    typeof n === 'string'
      ? !/\S/.test(n)
      : n.tag === 'br' || (n.tag !== 'img' && n.tag !== 'hr' && isEmpty(n.children)),
  );
}

/**
 * Merges neighbouring text, drops placeholder markers that found no fallback,
 * and shrinks whitespace-only text to one newline or space: what stays
 * between removed blocks would otherwise pile up.
 */
function tidyText(nodes: OutNode[]): OutNode[] {
  const out: OutNode[] = [];
  for (const node of nodes) {
    if (typeof node !== 'string' && node.tag === PLACEHOLDER_TAG) continue;
    const last = out[out.length - 1];
    if (typeof node === 'string' && typeof last === 'string') out[out.length - 1] = last + node;
    else out.push(node);
  }
  for (let i = 0; i < out.length; i++) {
    const node = out[i]!;
    if (typeof node === 'string') {
      if (node === '') out.splice(i--, 1);
      // ASCII whitespace only: a lone &nbsp; between two words is meant.
      else if (!/[^ \t\n\r\f]/.test(node)) out[i] = node.includes('\n') ? '\n' : ' ';
    }
  }
  return out;
}

function trimEnds(nodes: OutNode[]): void {
  const first = nodes[0];
  if (typeof first === 'string') {
    const t = first.replace(/^[ \t\n\r\f]+/, '');
    if (t === '') nodes.shift();
    else nodes[0] = t;
  }
  const last = nodes[nodes.length - 1];
  if (typeof last === 'string') {
    const t = last.replace(/[ \t\n\r\f]+$/, '');
    if (t === '') nodes.pop();
    else nodes[nodes.length - 1] = t;
  }
}

/** The text of a subtree too deep to keep as markup, without what would be dropped with its content. */
function textOf(root: Element): string {
  let text = '';
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.nodeName === '#text') text += (n as DefaultTreeAdapterTypes.TextNode).value;
    else if ('tagName' in n && n.namespaceURI === HTML_NS && !DROPPED_WITH_CONTENT.has(n.tagName)) {
      for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i]!);
    }
  }
  return text;
}

function collectImages(nodes: readonly OutNode[]): SanitizedHtml['images'] {
  const images: SanitizedHtml['images'] = [];
  const stack: OutNode[] = [...nodes].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === 'string') continue;
    if (n.tag === 'img') {
      const attrs = new Map(n.attrs);
      const image: SanitizedHtml['images'][number] = {
        url: attrs.get('src')!,
        alt: attrs.get('alt') ?? null,
      };
      const width = attrs.get('width');
      const height = attrs.get('height');
      if (width !== undefined) image.width = Number(width);
      if (height !== undefined) image.height = Number(height);
      images.push(image);
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return images;
}
