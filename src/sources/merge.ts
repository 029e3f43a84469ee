// Adds imported sources to an existing sources file without losing what a
// person wrote there. yaml's Document API reads the file (comments included)
// to find the existing slugs and feeds and where the `sources:` list ends; the
// new entries are written by yaml and inserted as text at that point, so the
// rest of the file stays byte for byte as it was.

import { Document, isMap, isScalar, isSeq, parseDocument, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import { KiosqueError } from '../util/errors.ts';
import { uniqueSlug } from './slug.ts';
import type { SourceConfig } from './types.ts';
import { DEFAULT_TIMEZONE } from './types.ts';
import { normalizeHttpUrl } from './url.ts';

export interface MergeResult {
  text: string;
  /** Slugs added, as written (after any -2, -3 suffix). */
  added: string[];
  skipped: Array<{ slug: string; reason: string }>;
}

/**
 * Appends `incoming` sources to the `sources:` list of a sources file.
 * A source is skipped when one of its feed URLs is already in the file, or
 * when its slug is taken by a source with the same homepage (the same
 * publication); when only the slug collides, the new one is renamed slug-2,
 * slug-3... Only the keys that differ from the defaults are written.
 */
export function mergeIntoSourcesYaml(yamlText: string, incoming: SourceConfig[]): MergeResult {
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0) {
    throw new KiosqueError({
      kind: 'config',
      message: `cannot merge into the sources file: it is not valid YAML (${doc.errors[0]?.message.split('\n')[0]})`,
    });
  }
  const list = sourcesList(doc);
  const slugs = new Map<string, string>(); // slug → homepage
  const feedOwners = new Map<string, string>(); // feed URL → slug
  for (const item of list.items) {
    const existing = readExisting(item as Node);
    if (!existing.slug) continue;
    slugs.set(existing.slug, existing.homepage);
    for (const url of existing.feeds) feedOwners.set(url, existing.slug);
  }

  const added: string[] = [];
  const skipped: MergeResult['skipped'] = [];
  const entries: Array<Record<string, unknown>> = [];
  for (const source of incoming) {
    const knownFeed = source.feeds
      .map((f) => normalizeHttpUrl(f.url) ?? f.url)
      .find((u) => feedOwners.has(u));
    if (knownFeed) {
      skipped.push({
        slug: source.slug,
        reason: `feed ${knownFeed} is already in the file (source "${feedOwners.get(knownFeed)}")`,
      });
      continue;
    }
    const sameSlugHome = slugs.get(source.slug);
    if (
      sameSlugHome !== undefined &&
      sameSlugHome === (normalizeHttpUrl(source.homepage) ?? source.homepage)
    ) {
      skipped.push({
        slug: source.slug,
        reason: `source "${source.slug}" with this homepage is already in the file`,
      });
      continue;
    }
    const slug = uniqueSlug(source.slug, (s) => slugs.has(s));
    entries.push(toYamlObject({ ...source, slug }));
    slugs.set(slug, normalizeHttpUrl(source.homepage) ?? source.homepage);
    for (const feed of source.feeds) feedOwners.set(normalizeHttpUrl(feed.url) ?? feed.url, slug);
    added.push(slug);
  }
  if (entries.length === 0) return { text: yamlText, added, skipped };

  const lastItem = list.items.at(-1) as Node | undefined;
  if (!list.flow && lastItem && list.range) {
    return { text: spliceEntries(yamlText, list, entries), added, skipped };
  }
  // No block list to extend ("sources: []", an empty file): let yaml write it.
  list.flow = false;
  for (const entry of entries) list.items.push(doc.createNode(entry));
  return { text: doc.toString({ lineWidth: 0 }), added, skipped };
}

/**
 * Inserts the entries as text right after the last item of the list, so that
 * every byte of the file around them stays as the person wrote it (yaml's own
 * toString would re-space comments and re-quote values). The entries follow
 * the file's layout: the list's indentation, and blank lines between entries.
 */
function spliceEntries(text: string, list: YAMLSeq, entries: Array<Record<string, unknown>>): string {
  const [listStart, listEnd] = list.range ?? [0, text.length];
  const indent = listStart - (text.lastIndexOf('\n', listStart - 1) + 1);
  const blankLineBetween = list.items.slice(1).some((item) => (item as Node).spaceBefore === true);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const pad = ' '.repeat(indent);
  const blocks = entries.map((entry) => {
    const block = new Document([entry]).toString({ lineWidth: 0, indentSeq: indent > 0 });
    const lines = block.replace(/\n$/, '').split('\n');
    return lines.map((line) => (line === '' ? line : pad + line)).join(newline) + newline;
  });
  const separator = blankLineBetween ? newline : '';
  const before = text.slice(0, listEnd);
  const lead = before.endsWith('\n') ? '' : newline;
  return before + lead + blocks.map((b) => separator + b).join('') + text.slice(listEnd);
}

/** The document's `sources:` list, created when the file has none yet. */
function sourcesList(doc: Document): YAMLSeq {
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    doc.contents = doc.createNode({ sources: [] }) as unknown as typeof doc.contents;
  }
  const root = doc.contents;
  if (!isMap(root)) {
    throw new KiosqueError({
      kind: 'config',
      message: 'cannot merge: the sources file is not a mapping with "sources:"',
    });
  }
  let list: unknown = root.get('sources', true);
  if (list === undefined || (isScalar(list) && list.value === null)) {
    list = new YAMLSeq();
    root.set('sources', list);
  }
  if (!isSeq(list)) {
    throw new KiosqueError({
      kind: 'config',
      message: 'cannot merge: "sources:" in the sources file is not a list',
    });
  }
  return list;
}

/** Slug, homepage and feed URLs of an entry already in the file, read leniently. */
function readExisting(item: Node): { slug: string; homepage: string; feeds: string[] } {
  const out = { slug: '', homepage: '', feeds: [] as string[] };
  if (!isMap(item)) return out;
  const text = (value: unknown) => (isScalar(value) ? String(value.value ?? '') : '');
  out.slug = text(item.get('slug', true));
  const home = text(item.get('homepage', true));
  out.homepage = normalizeHttpUrl(home) ?? home;
  const feeds = item.get('feeds', true);
  if (isSeq(feeds)) {
    for (const feed of feeds.items) {
      const raw = isMap(feed) ? text(feed.get('url', true)) : text(feed);
      if (raw) out.feeds.push(normalizeHttpUrl(raw) ?? raw);
    }
  }
  return out;
}

/** A source as it is written in the file: defaults left out, plain feed URLs when they have no category. */
export function toYamlObject(source: SourceConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {
    slug: source.slug,
    name: source.name,
    homepage: source.homepage,
    language: source.language,
  };
  if (source.timezone !== DEFAULT_TIMEZONE) out['timezone'] = source.timezone;
  out['feeds'] = source.feeds.map((f) => (f.category ? { url: f.url, category: f.category } : f.url));
  if (source.mode !== 'full') out['mode'] = source.mode;
  if (!source.enabled) out['enabled'] = false;
  if (source.fetch && Object.keys(source.fetch).length > 0) out['fetch'] = { ...source.fetch };
  if (source.extract && Object.keys(source.extract).length > 0) out['extract'] = { ...source.extract };
  return out;
}
