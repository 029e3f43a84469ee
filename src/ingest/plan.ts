// The plan for one feed run: from parsed entries to the articles to store.
// Pure: no I/O, so every rule about "the same article" is tested from data.
import { hash } from 'node:crypto';
import { htmlToTextFromTokens } from '../feeds/index.ts';
import type { FeedEntry } from '../feeds/types.ts';
import { sanitizeArticleHtmlWithTokens } from '../sanitize/index.ts';
import type { ArticleCandidate } from '../store/index.ts';
import { DEFAULT_TEASER_RULE, isTeaser, type TeaserRule } from './teaser.ts';

export interface PlanContext {
  language: string;
  /** The feed's category from the sources file; wins over the entry's own. */
  feedCategory: string | null;
  /** The fetch time: it stands in for a missing or untrustworthy date. */
  fetchedAt: Date;
  /** full: fetch the page of a teaser; excerpt: the summary only; title: title and link only. */
  mode?: string;
  /** Relative links in the feed's HTML resolve against the entry's URL, else this. */
  feedUrl?: string;
  teaser?: TeaserRule;
}

// One-shot: no Hash object a call (~3 µs less an entry's print, the same digest).
const sha1 = (s: string) => hash('sha1', s, 'hex');

/**
 * A feed's guids prove nothing when they repeat (one guid for every item) or
 * are built from the title (they change when the headline is edited).
 */
export function guidsAreBroken(entries: FeedEntry[]): boolean {
  const guids = entries.map((e) => e.guid).filter((g): g is string => !!g);
  if (guids.length === 0) return false;
  if (new Set(guids).size < guids.length) return true;
  const fromTitle = entries.filter((e) => e.guid && e.title && e.guid.trim() === e.title.trim()).length;
  return fromTitle > 0 && fromTitle * 2 >= guids.length;
}

/** URLs that stand for several entries in one document (a feed linking every item to its home page). */
function repeatedUrls(entries: FeedEntry[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const e of entries) {
    if (!e.url) continue;
    if (seen.has(e.url)) repeated.add(e.url);
    seen.add(e.url);
  }
  return repeated;
}

/** PostgreSQL refuses NUL in text, and no reader needs one: publishers' NULs go. */
function noNul(text: string): string;
function noNul(text: string | null): string | null;
function noNul(text: string | null): string | null {
  return text?.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

/**
 * What one entry says, with everything its plan depends on (the document's
 * guids and URLs, the source's settings): the same print, the same article
 * as last time. 16 hex digits of SHA-1; a feed lists tens of entries, so a
 * collision would need ~2^60 of them.
 */
function entryPrint(entry: FeedEntry, ignoreGuids: boolean, urlIsUnique: boolean, ctx: PlanContext): string {
  return sha1(
    JSON.stringify([
      entry.guid,
      entry.url,
      entry.title,
      entry.author,
      entry.summary,
      entry.contentHtml,
      entry.categories,
      entry.publishedAt?.getTime() ?? null,
      entry.updatedAt?.getTime() ?? null,
      entry.images.map((i) => [i.url, i.from, i.caption ?? null]),
      ignoreGuids,
      urlIsUnique,
      ctx.language,
      ctx.feedCategory,
      ctx.mode ?? null,
      ctx.feedUrl ?? null,
      ctx.teaser ?? null,
    ]),
  ).slice(0, PRINT_CHARS);
}

/** The length of one entry's print in a feed's `entry_prints`. */
export const PRINT_CHARS = 16;

/** The prints of a feed's last stored run, as `entry_prints` keeps them (one string, no separator). */
export function readPrints(prints: string | null | undefined): Set<string> {
  const set = new Set<string>();
  if (!prints) return set;
  for (let i = 0; i + PRINT_CHARS <= prints.length; i += PRINT_CHARS)
    set.add(prints.slice(i, i + PRINT_CHARS));
  return set;
}

export interface Plan {
  /** The articles of the entries that changed since the prints known (all of them without prints). */
  candidates: ArticleCandidate[];
  /** Every entry's print, in order, for the next run. */
  prints: string;
}

/**
 * The plan of a feed run, leaving out what the feed said last time: an
 * entry whose print is in `known` was stored (or refused) then and would
 * plan to the same article now. Sanitizing and the words are most of a
 * poll's CPU, and a news feed changes by an entry or two between polls.
 */
export function planChangedArticles(entries: FeedEntry[], ctx: PlanContext, known: Set<string>): Plan {
  const ignoreGuids = guidsAreBroken(entries);
  const repeated = repeatedUrls(entries);
  const prints: string[] = [];
  const changed: FeedEntry[] = [];
  for (const entry of entries) {
    const print = entryPrint(entry, ignoreGuids, !!entry.url && !repeated.has(entry.url), ctx);
    prints.push(print);
    if (!known.has(print)) changed.push(entry);
  }
  return {
    candidates: planEntries(changed, ctx, ignoreGuids, repeated),
    prints: prints.join(''),
  };
}

export function planArticles(entries: FeedEntry[], ctx: PlanContext): ArticleCandidate[] {
  return planEntries(entries, ctx, guidsAreBroken(entries), repeatedUrls(entries));
}

/** `ignoreGuids` and `repeated` are the whole document's: a feed's guids and URLs are judged together. */
function planEntries(
  entries: FeedEntry[],
  ctx: PlanContext,
  ignoreGuids: boolean,
  repeated: Set<string>,
): ArticleCandidate[] {
  const fetchedAt = ctx.fetchedAt.toISOString();
  const titleOnly = ctx.mode === 'title';
  return entries.map((entry) => {
    const url = entry.url;
    const urlIsUnique = !!url && !repeated.has(url);
    const date = entry.publishedAt ?? entry.updatedAt;
    let identity: string;
    const guid = noNul(entry.guid);
    if (guid && !ignoreGuids) identity = `guid:${guid}`;
    else if (url && urlIsUnique) identity = `url:${url}`;
    else identity = `hash:${sha1(`${url ?? ''}|${date ? date.toISOString() : entry.title}`)}`;

    const title = noNul(entry.title || firstWords(entry.summary) || url || 'Sans titre');
    const summary = titleOnly ? null : noNul(entry.summary);
    // Publishers' HTML is made safe here, at ingest: what is stored is what
    // may be shown. An excerpt keeps no body, but its lead image may be in it.
    const excerpt = ctx.mode === 'excerpt';
    const rawHtml = titleOnly ? null : noNul(entry.contentHtml);
    const safe = rawHtml
      ? sanitizeArticleHtmlWithTokens(rawHtml, url ?? ctx.feedUrl ?? 'https://invalid.invalid/')
      : null;
    const contentHtml = !excerpt && safe?.html.trim() ? safe.html : null;
    // Its text from the tokens the sanitizer wrote: the same as htmlToText's, without a parse.
    const text = contentHtml && safe ? htmlToTextFromTokens(contentHtml, safe.tokens) : summary;
    const images: ArticleCandidate['images'] = [];
    if (!titleOnly) {
      const seen = new Set<string>();
      const add = (u: string, foundIn: string, caption: string | null) => {
        if (seen.has(u)) return;
        seen.add(u);
        images.push({ url: u, foundIn, caption });
      };
      // The feed's own media first (enclosure, media:content), then the images of the body.
      for (const i of entry.images) if (i.from !== 'content') add(i.url, i.from, i.caption ?? null);
      // An excerpt shows its lead image only: the body's first when the feed gives none of its own.
      const bodyImages = safe?.images ?? [];
      for (const i of excerpt ? (images.length ? [] : bodyImages.slice(0, 1)) : bodyImages)
        add(i.url, 'content', i.alt);
    }
    const category = ctx.feedCategory ?? entry.categories[0] ?? null;
    const needsPage = ctx.mode === 'full' && !!url && isTeaser(text, ctx.teaser ?? DEFAULT_TEASER_RULE);
    return {
      identity,
      guid,
      canonicalUrl: url,
      matchByUrl: urlIsUnique,
      title,
      summary,
      contentHtml,
      text,
      author: noNul(entry.author),
      language: ctx.language,
      category,
      leadImageUrl: images[0]?.url ?? null,
      images,
      publishedAt: date ? date.toISOString() : fetchedAt,
      publishedAtGuessed: !date,
      needsPage,
      // Of what the feed said (before sanitizing), so that a new sanitizer rule
      // does not make every article look changed.
      contentHash: sha1(
        JSON.stringify([title, summary, rawHtml, entry.author, category, images.map((i) => i.url)]),
      ),
    };
  });
}

function firstWords(text: string | null, max = 80): string {
  if (!text) return '';
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
}
