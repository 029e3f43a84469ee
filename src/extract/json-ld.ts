// JSON-LD (schema.org) to article metadata, forgiving of what CMSs print.
//
// Publishers' JSON-LD is often not JSON: trailing commas, raw newlines and
// tabs inside strings, HTML entities for the quotes, CDATA or comment
// wrappers, two objects one after the other. We try JSON.parse first (fast,
// exact), then once more after a linear repair pass; a block that still fails
// is skipped, never thrown. The article node is looked for in arrays,
// @graph, and WebPage.mainEntity; @id references are followed one level.
import { decodeHTML } from 'entities';
import type { PageMetadata } from './types.ts';

const ARTICLE_TYPES = new Set([
  'article',
  'newsarticle',
  'reportagenewsarticle',
  'analysisnewsarticle',
  'opinionnewsarticle',
  'backgroundnewsarticle',
  'reviewnewsarticle',
  'askpublicquestionnewsarticle',
  'blogposting',
  'liveblogposting',
  'socialmediaposting',
  'report',
  'scholarlyarticle',
  'techarticle',
  'satiricalarticle',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Parses one JSON-LD block; null when it cannot be read even after repair. */
export function parseJsonLd(text: string): Json | null {
  const trimmed = text
    .trim()
    .replace(/^(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '')
    .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)$/, '')
    .trim();
  if (trimmed === '') return null;
  try {
    return JSON.parse(trimmed) as Json;
  } catch {
    // fall through to the repair
  }
  let repaired = repairJson(trimmed.includes('"') ? trimmed : decodeHTML(trimmed));
  try {
    return JSON.parse(repaired) as Json;
  } catch {
    // Two objects printed one after the other: read them as an array.
    repaired = `[${repaired.replace(/}\s*{/g, '},{')}]`;
    try {
      return JSON.parse(repaired) as Json;
    } catch {
      return null;
    }
  }
}

/**
 * One pass over the text: control characters inside strings escaped,
 * trailing commas before } or ] dropped. Linear; it does not try to fix
 * unbalanced brackets.
 */
function repairJson(text: string): string {
  let out = '';
  let inString = false;
  let pendingComma = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') {
        out += c + (text[i + 1] ?? '');
        i++;
      } else if (c === '"') {
        inString = false;
        out += c;
      } else if (c < ' ') {
        out += c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '' : ' ';
      } else out += c;
      continue;
    }
    if (c === ',') {
      out += pendingComma;
      pendingComma = ',';
      continue;
    }
    if (pendingComma) {
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
        pendingComma += c;
        continue;
      }
      if (c !== '}' && c !== ']') out += pendingComma;
      pendingComma = '';
    }
    if (c === '"') inString = true;
    out += c;
  }
  return out + pendingComma;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(node: JsonObject): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.toLowerCase().replace(/^.*[/:]/, ''));
}

/** Every object of the blocks, depth first, through arrays and @graph (not into properties). */
function topNodes(blocks: Json[]): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (value: Json, depth: number) => {
    if (depth > 6 || out.length > 500) return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
    } else if (isObject(value)) {
      out.push(value);
      const graph = value['@graph'];
      if (graph !== undefined) visit(graph, depth + 1);
    }
  };
  for (const b of blocks) visit(b, 0);
  return out;
}

/** The article node among the blocks, or null. Picks the one about `pageUrl` when several. */
export function findArticleNode(
  blocks: Json[],
  pageUrl: string,
): { node: JsonObject; all: JsonObject[] } | null {
  const all = topNodes(blocks);
  const candidates: JsonObject[] = [];
  for (const node of all) {
    const types = typesOf(node);
    if (types.some((t) => ARTICLE_TYPES.has(t))) candidates.push(node);
    else if (types.some((t) => t.endsWith('page'))) {
      // A WebPage whose mainEntity is the article.
      const main = node['mainEntity'];
      for (const m of Array.isArray(main) ? main : [main]) {
        if (isObject(m) && typesOf(m).some((t) => ARTICLE_TYPES.has(t))) candidates.push(m);
      }
    }
  }
  if (candidates.length === 0) return null;
  const page = stripUrl(pageUrl);
  const aboutPage = candidates.find((c) =>
    [c['url'], c['@id'], idOf(c['mainEntityOfPage'])].some(
      (u) => typeof u === 'string' && stripUrl(u) === page,
    ),
  );
  const best =
    aboutPage ??
    candidates.find((c) => typeof c['articleBody'] === 'string') ??
    candidates.find((c) => typeof c['headline'] === 'string') ??
    candidates[0]!;
  return { node: best, all };
}

function idOf(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const id = value['@id'] ?? value['url'];
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

function stripUrl(url: string): string {
  return url
    .replace(/[#?].*$/, '')
    .replace(/^https?:\/\/(?:www\.)?/i, '')
    .replace(/\/$/, '');
}

function text(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value)) return text(value[0]);
  if (isObject(value)) return text(value['@value'] ?? value['name']);
  return undefined;
}

/** Metadata of the article node found in `blocks` (the raw texts of the JSON-LD scripts). */
export function jsonLdMetadata(rawBlocks: string[], pageUrl: string): PageMetadata {
  const blocks: Json[] = [];
  for (const raw of rawBlocks) {
    const parsed = parseJsonLd(raw);
    if (parsed !== null) blocks.push(parsed);
  }
  const found = findArticleNode(blocks, pageUrl);
  if (!found) return publisherOnly(topNodes(blocks));
  const { node, all } = found;
  const byId = new Map<string, JsonObject>();
  for (const n of all) if (typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const deref = (v: Json | undefined): Json | undefined => {
    if (isObject(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1)
      return byId.get(v['@id']) ?? v;
    return v;
  };
  const meta: PageMetadata = {};
  const headline = text(node['headline']) ?? text(node['name']);
  if (headline) meta.title = headline;
  const name = text(node['name']);
  if (name && name !== headline) meta.name = name;
  const authors = names(node['author'] ?? node['creator'], deref);
  if (authors.length) meta.authors = authors;
  const published = text(node['datePublished']) ?? text(node['dateCreated']);
  if (published) meta.published = published;
  const modified = text(node['dateModified']);
  if (modified) meta.modified = modified;
  const images = imageUrls(node['image'] ?? node['thumbnailUrl'], deref);
  if (images.length) meta.images = images;
  const language = text(deref(node['inLanguage']));
  if (language) meta.language = language;
  const publisher = deref(node['publisher']);
  const siteName = isObject(publisher) ? text(publisher['name']) : text(publisher);
  if (siteName) meta.siteName = siteName;
  const description = text(node['description']);
  if (description) meta.description = description;
  const body = node['articleBody'] ?? node['text'];
  if (typeof body === 'string' && body.trim() !== '') meta.articleBody = body;
  return meta;
}

function publisherOnly(nodes: JsonObject[]): PageMetadata {
  for (const n of nodes) {
    const types = typesOf(n);
    if (types.includes('website') || types.includes('newsmediaorganization')) {
      const name = text(n['name']);
      if (name) return { siteName: name };
    }
  }
  return {};
}

function names(value: Json | undefined, deref: (v: Json | undefined) => Json | undefined): string[] {
  const out: string[] = [];
  const visit = (v: Json | undefined, depth: number) => {
    const d = deref(v);
    if (depth > 3 || d === undefined || d === null) return;
    if (typeof d === 'string') {
      if (d.trim() !== '' && !/^https?:\/\//i.test(d.trim())) out.push(d);
    } else if (Array.isArray(d)) for (const x of d) visit(x, depth + 1);
    else if (isObject(d)) {
      const name = d['name'];
      if (Array.isArray(name)) visit(name, depth + 1);
      else if (typeof name === 'string') visit(name, depth + 1);
      else if (isObject(name)) visit(name['@value'], depth + 1);
    }
  };
  visit(value, 0);
  return out;
}

function imageUrls(value: Json | undefined, deref: (v: Json | undefined) => Json | undefined): string[] {
  const out: string[] = [];
  const visit = (v: Json | undefined, depth: number) => {
    const d = deref(v);
    if (depth > 3 || d === undefined || d === null) return;
    if (typeof d === 'string') {
      if (d.trim() !== '') out.push(d.trim());
    } else if (Array.isArray(d)) for (const x of d) visit(x, depth + 1);
    else if (isObject(d)) visit(d['url'] ?? d['contentUrl'], depth + 1);
  };
  visit(value, 0);
  return out;
}
