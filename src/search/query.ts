// A reader's query to terms: words and "phrases in quotes", every term
// required (AND). A word that normalises to several tokens (l'économie,
// covid-19) is a phrase of them. The same parsed query becomes an FTS5
// MATCH expression and a PostgreSQL tsquery (match.ts): both are
// built from normalised tokens only (letters and digits), so nothing a
// reader types reaches either query language unquoted.
import { normalizeText } from './normalize.ts';

export interface SearchTerm {
  /** One token for a word, several for a phrase (adjacent, in order). */
  tokens: string[];
  /** What the reader typed for it. */
  raw: string;
}

export interface ParsedQuery {
  terms: SearchTerm[];
}

export const MAX_QUERY_LENGTH = 300;
export const MAX_TERMS = 12;
const MAX_PHRASE_TOKENS = 12;

/**
 * What is wrong with a search, as data: the API says it in English (the
 * message), the site in its edition's language (the search page's words, src/web/site/search.ts).
 */
export type SearchProblem =
  | { kind: 'empty' }
  | { kind: 'too_long'; length: number; max: number }
  | { kind: 'long_phrase'; phrase: string; words: number; max: number }
  | { kind: 'no_words' }
  | { kind: 'too_many'; count: number; max: number }
  | { kind: 'repeated'; field: string }
  | { kind: 'source'; value: string }
  | { kind: 'category'; value: string }
  | { kind: 'day'; field: string; value: string }
  | { kind: 'order'; from: string; to: string }
  | { kind: 'sort'; value: string }
  | { kind: 'cursor' }
  | { kind: 'feed_cursor' }
  | { kind: 'unknown'; field: string }
  | { kind: 'limit'; max: number };

export class QueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly problem: SearchProblem,
  ) {
    super(message);
  }
}

/** Parses a query; throws QueryError (what is wrong, for a 400) when there is nothing to search. */
export function parseQuery(input: string): ParsedQuery {
  const q = input.trim();
  if (!q) throw new QueryError('q', 'the query is empty: type one or more words', { kind: 'empty' });
  if (q.length > MAX_QUERY_LENGTH) {
    throw new QueryError('q', `the query is ${q.length} characters long; at most ${MAX_QUERY_LENGTH}`, {
      kind: 'too_long',
      length: q.length,
      max: MAX_QUERY_LENGTH,
    });
  }
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  // "…" and «…» quote a phrase; an unclosed quote runs to the end.
  const re = /["“”«»]([^"“”«»]*)(?:["“”«»]|$)|([^\s"“”«»]+)/g;
  for (const m of q.matchAll(re)) {
    const raw = (m[1] ?? m[2] ?? '').trim();
    if (!raw) continue;
    const tokens = normalizeText(raw).split(' ').filter(Boolean);
    if (!tokens.length) continue;
    if (tokens.length > MAX_PHRASE_TOKENS) {
      throw new QueryError(
        'q',
        `the phrase "${raw}" has ${tokens.length} words; at most ${MAX_PHRASE_TOKENS}`,
        { kind: 'long_phrase', phrase: raw, words: tokens.length, max: MAX_PHRASE_TOKENS },
      );
    }
    const key = tokens.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({ tokens, raw });
  }
  if (!terms.length)
    throw new QueryError('q', 'the query has no word to search (only punctuation)', { kind: 'no_words' });
  if (terms.length > MAX_TERMS) {
    throw new QueryError('q', `the query has ${terms.length} words or phrases; at most ${MAX_TERMS}`, {
      kind: 'too_many',
      count: terms.length,
      max: MAX_TERMS,
    });
  }
  return { terms };
}

/** Every token of the query (for highlighting). */
export function queryTokens(query: ParsedQuery): Set<string> {
  return new Set(query.terms.flatMap((t) => t.tokens));
}

/** The filter tag of a source in the index (a token no text produces: see indexDocument). */
export function sourceTag(sourceId: number): string {
  return `xs${sourceId}`;
}

/** The filter tag of a category: its spellings and its slug give the same tag ("Économie", "economie"). */
export function categoryTag(category: string): string | null {
  const tokens = normalizeText(category).split(' ').filter(Boolean);
  return tokens.length ? `xc${tokens.join('x')}` : null;
}
