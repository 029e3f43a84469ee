// What the index holds for one article, built once in JavaScript and written
// to both backends: the normalised title and body (FTS5 columns; a
// PostgreSQL tsvector literal with the same tokens and positions), the
// filter tags (source, category), and the short normalised title and lead
// that relevance is scored on (the same SQL arithmetic in both dialects).
import { normalizeTokens, normalizeTokensPair } from './normalize.ts';
import { categoryTag, sourceTag } from './query.ts';

/** Bounds that keep a document inside PostgreSQL's tsvector limits (positions up to 16,383). */
export const MAX_TITLE_TOKENS = 200;
export const MAX_BODY_TOKENS = 12_000;
/** The lead: the first words of the summary (or the text), where a news article says what it is about. */
export const LEAD_TOKENS = 40;
/** PostgreSQL keeps at most 256 positions per lexeme; the literal carries no more. */
const MAX_POSITIONS = 256;

export interface ArticleForIndex {
  id: number;
  sourceId: number;
  title: string;
  summary: string | null;
  text: string | null;
  category: string | null;
  publishedAt: string;
}

export interface SearchDocument {
  articleId: number;
  /** The wanted key (publication order); the store bumps it past a taken one. */
  key: number;
  title: string;
  body: string;
  tags: string;
  /** ' tok tok … ' (spaces around every token), for instr/strpos scoring. */
  titleNorm: string;
  leadNorm: string;
  /** The same tokens as a PostgreSQL tsvector literal: title A, body B (after a gap), tags D. */
  tsvector: string;
}

const ID_BITS = 2 ** 21;

/**
 * The article's key in the index: publication second × 2^21 + the id's low
 * 21 bits. Keys sort by publication time (ids do not: a crawler stores an
 * old article late), stay below 2^53 (exact in JavaScript) until 2106, and
 * rarely collide (same second, ids 2,097,152 apart): the store then takes
 * the next free key, a neighbour in time.
 */
export function searchKey(publishedAt: string, id: number): number {
  const ms = Date.parse(publishedAt);
  const secs = Number.isFinite(ms) ? Math.min(Math.max(Math.floor(ms / 1000), 0), 2 ** 32 - 1) : 0;
  return secs * ID_BITS + (id % ID_BITS);
}

/** Seconds in a week: time tags count weeks from the Unix epoch. */
const WEEK_SECONDS = 7 * 86_400;
/** A date filter is read through week tags up to this many weeks, through month tags up to this many months. */
const MAX_WEEK_TAGS = 8;
const MAX_MONTH_TAGS = 24;

function weekOf(secs: number): number {
  return Math.floor(secs / WEEK_SECONDS);
}

function monthOf(secs: number): number {
  const d = new Date(secs * 1000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/**
 * The time tags of an index key (SQLite's FTS5 tags column): its week and
 * its month. Read from the key (not the article's date): a taken key is
 * bumped to the next free one, which may be the next second.
 */
export function timeTags(key: number): string[] {
  const secs = Math.floor(key / ID_BITS);
  return [`xw${weekOf(secs)}`, `xm${monthOf(secs)}`];
}

/**
 * The time tags that cover the keys [lo, hi), as one OR group of a search:
 * the weeks when there are at most MAX_WEEK_TAGS, else the months when at
 * most MAX_MONTH_TAGS, else null (a range that long is read without them).
 * FTS5 stops reading where the group's doclists end, so a date filter
 * bounds the read even when nothing matches (without it, a query matching
 * nothing walked its doclists down to the oldest article).
 */
export function timeTagGroup(lo: number, hi: number): string[] | null {
  if (hi <= lo) return null;
  const first = Math.floor(lo / ID_BITS);
  const last = Math.floor((hi - 1) / ID_BITS);
  const weeks = weekOf(last) - weekOf(first) + 1;
  if (weeks <= MAX_WEEK_TAGS) return Array.from({ length: weeks }, (_, i) => `xw${weekOf(first) + i}`);
  const months = monthOf(last) - monthOf(first) + 1;
  if (months <= MAX_MONTH_TAGS) return Array.from({ length: months }, (_, i) => `xm${monthOf(first) + i}`);
  return null;
}

/** The key range of [from, to) publication times (ISO), for date filters. */
export function keyRange(from: string | undefined, to: string | undefined): { lo: number; hi: number } {
  return {
    lo: from ? searchKey(from, 0) : 0,
    hi: to ? searchKey(to, 0) : Number.MAX_SAFE_INTEGER,
  };
}

function spaced(tokens: string): string {
  return tokens ? ` ${tokens} ` : ' ';
}

/**
 * An article's words as the index holds them: the costly part of a
 * document, done once (in the crawler's worker threads). Each is the
 * normalised tokens joined by single spaces: one string crosses to the
 * writer's thread far cheaper than an array of hundreds.
 */
export interface IndexText {
  title: string;
  body: string;
  lead: string;
}

/**
 * The normalised tokens of an article's title, body (summary and text) and
 * lead. Pure: the crawler computes it in its worker threads, beside the
 * feed's parsing, and hands it to the store with the article.
 */
export function indexText(article: {
  title: string;
  summary: string | null;
  text: string | null;
}): IndexText {
  const title = normalizeTokens(article.title, MAX_TITLE_TOKENS);
  const [summary, text] =
    article.summary && article.text
      ? normalizeTokensPair(article.summary, article.text, MAX_BODY_TOKENS)
      : [
          article.summary ? normalizeTokens(article.summary, MAX_BODY_TOKENS) : [],
          article.text ? normalizeTokens(article.text, MAX_BODY_TOKENS) : [],
        ];
  // A summary that is the text's own beginning (a feed's description cut
  // from its content, or the text made from the summary) is indexed once:
  // twice, it doubled the index's writes for nothing a search can find.
  const body = opens(summary, text) ? text : [...summary, ...text].slice(0, MAX_BODY_TOKENS);
  const lead = (article.summary ? summary : text).slice(0, LEAD_TOKENS);
  return { title: title.join(' '), body: body.join(' '), lead: lead.join(' ') };
}

/**
 * True when `text` starts with the tokens of `summary`; the last one of a
 * long summary may differ (one cut at a length may end on part of a word).
 */
function opens(summary: readonly string[], text: readonly string[]): boolean {
  if (summary.length > text.length) return false;
  const last = summary.length - 1;
  for (let i = 0; i < last; i++) if (summary[i] !== text[i]) return false;
  return last < 0 || summary[last] === text[last] || summary.length >= CUT_SUMMARY_TOKENS;
}

/** A summary this long may have been cut at a length (src/feeds: truncateText). */
const CUT_SUMMARY_TOKENS = 8;

export function indexDocument(a: ArticleForIndex, words: IndexText = indexText(a)): SearchDocument {
  const { title, body, lead } = words;
  const tags = [sourceTag(a.sourceId)];
  const cat = a.category ? categoryTag(a.category) : null;
  if (cat) tags.push(cat);

  return {
    articleId: a.id,
    key: searchKey(a.publishedAt, a.id),
    title,
    body,
    tags: tags.join(' '),
    titleNorm: spaced(title),
    leadNorm: spaced(lead),
    // Built when read: only PostgreSQL writes it (measured: 16 µs a document without it, 52 with it).
    get tsvector() {
      return tsvectorLiteral(tokensOf(title), tokensOf(body), tags);
    },
  };
}

function tokensOf(joined: string): string[] {
  return joined ? joined.split(' ') : [];
}

/**
 * The tsvector literal of a document: title positions 1…n (A), one unused
 * position, then the body (B), so no phrase spans title and body (FTS5 keeps
 * them in separate columns); the tags at the last position (D).
 */
function tsvectorLiteral(title: readonly string[], body: readonly string[], tags: readonly string[]): string {
  // One "'token':1A,5B" entry per token, appended in place (a few hundred per article).
  const entries = new Map<string, { text: string; count: number }>();
  const add = (token: string, position: string) => {
    const e = entries.get(token);
    if (!e) entries.set(token, { text: `'${token}':${position}`, count: 1 });
    else if (e.count < MAX_POSITIONS) {
      e.text += `,${position}`;
      e.count++;
    }
  };
  for (let i = 0; i < title.length; i++) add(title[i] as string, `${i + 1}A`);
  const bodyStart = title.length + 2;
  for (let i = 0; i < body.length; i++) add(body[i] as string, `${bodyStart + i}B`);
  for (const t of tags) add(t, '16383D');
  const parts: string[] = [];
  for (const e of entries.values()) parts.push(e.text);
  return parts.join(' ');
}
