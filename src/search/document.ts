// What the index holds for one article, built once in JavaScript and written
// to both backends: the normalised title and body (FTS5 columns; a
// PostgreSQL tsvector literal with the same tokens and positions), the
// filter tags (source, category), and the short normalised title and lead
// that relevance is scored on (the same SQL arithmetic in both dialects).
import { normalizeText } from './normalize.ts';
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

/** The key range of [from, to) publication times (ISO), for date filters. */
export function keyRange(from: string | undefined, to: string | undefined): { lo: number; hi: number } {
  return {
    lo: from ? searchKey(from, 0) : 0,
    hi: to ? searchKey(to, 0) : Number.MAX_SAFE_INTEGER,
  };
}

function spaced(tokens: string[]): string {
  return tokens.length ? ` ${tokens.join(' ')} ` : ' ';
}

/** An article's words as the index holds them: the costly part of a document, done once. */
export interface IndexText {
  title: string[];
  body: string[];
  lead: string[];
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
  const title = normalizeText(article.title, MAX_TITLE_TOKENS).split(' ').filter(Boolean);
  const bodyText = [article.summary, article.text].filter((t): t is string => !!t).join('\n');
  const body = normalizeText(bodyText, MAX_BODY_TOKENS).split(' ').filter(Boolean);
  const lead = normalizeText(article.summary || article.text || '', LEAD_TOKENS)
    .split(' ')
    .filter(Boolean);
  return { title, body, lead };
}

export function indexDocument(a: ArticleForIndex, words: IndexText = indexText(a)): SearchDocument {
  const { title, body, lead } = words;
  const tags = [sourceTag(a.sourceId)];
  const cat = a.category ? categoryTag(a.category) : null;
  if (cat) tags.push(cat);

  // Positions: title 1…n (A), one unused position, then the body (B), so no
  // phrase spans title and body (FTS5 keeps them in separate columns).
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
  const tsvector = parts.join(' ');

  return {
    articleId: a.id,
    key: searchKey(a.publishedAt, a.id),
    title: title.join(' '),
    body: body.join(' '),
    tags: tags.join(' '),
    titleNorm: spaced(title),
    leadNorm: spaced(lead),
    tsvector,
  };
}
