// The arithmetic of search that needs no database: how many matches a
// relevance search ranks, the order of scored matches, where a window of
// PostgreSQL's key histogram ends, and the scores of "Lire aussi".
import type { ParsedQuery } from './query.ts';

/** How many of the newest matches a relevance search ranks. */
export const CANDIDATES = 300;
/**
 * With a phrase, fewer: checking a phrase reads the positions of its words
 * in every article that has them all (about ten articles read per match for
 * two common words), where a word alone costs one doclist entry.
 */
export const PHRASE_CANDIDATES = 100;
/**
 * With several words, fewer too: their matches are fewer and more to the
 * point, and each word's flags are an intersection that seeks in the other
 * words' doclists (measured at 1,000,000 articles: 500 candidates of a
 * frequent word and a name cost 40–80 ms).
 */
export const MULTI_WORD_CANDIDATES = 200;
/** "Lire aussi" asks for articles with two of the article's first this-many key terms. */
export const RELATED_PAIR_TERMS = 6;
/** "Lire aussi" looks at the articles of the last this-many days. */
export const RELATED_DAYS = 30;
/** How many of the newest matches "Lire aussi" ranks. */
export const RELATED_CANDIDATES = 300;

/** How many of the newest matches a relevance search for this query ranks. */
export function candidateLimit(query: ParsedQuery): number {
  const phrase = query.terms.some((t) => t.tokens.length > 1);
  return phrase ? PHRASE_CANDIDATES : query.terms.length > 1 ? MULTI_WORD_CANDIDATES : CANDIDATES;
}

/** Best score first, ties newest (highest key) first: a relevance search's order. */
export function byRelevance(a: { score: number; key: number }, b: { score: number; key: number }): number {
  return b.score - a.score || b.key - a.key;
}

/**
 * The key below `top` with about `share` of the index's rows between them,
 * from the histogram's bounds; -Infinity when the share reaches the oldest
 * rows or there is no histogram (the window is then the whole range).
 */
export function keyBelow(bounds: readonly number[], top: number, share: number): number {
  if (bounds.length < 2 || share >= 1) return Number.NEGATIVE_INFINITY;
  // Where `top` stands: the share of the rows below it (keys newer than the last bound: all of them).
  let above = bounds.length - 1;
  while (above > 0 && (bounds[above - 1] as number) >= top) above--;
  const position = Math.min(1, above / (bounds.length - 1));
  const at = Math.floor((position - share) * (bounds.length - 1));
  return at <= 0 ? Number.NEGATIVE_INFINITY : (bounds[at] as number);
}

/** A "Lire aussi" candidate as scored: its key and its normalised title and lead. */
export interface RelatedText {
  key: number;
  titleNorm: string;
  leadNorm: string;
}

/**
 * "Lire aussi": the strong candidates, best first (ties newest first), at
 * most `keep`. Each is scored BM25-style on the terms its title and lead
 * share (title counts double; a term's weight is its inverse frequency
 * among the candidates, so the words every candidate has count for little);
 * strong: two shared terms or more, and at least half the best score.
 */
export function strongRelated<C extends RelatedText>(terms: string[], candidates: C[], keep: number): C[] {
  const needles = terms.map((t) => ` ${t} `);
  const df = needles.map(
    (n) => candidates.filter((c) => c.titleNorm.includes(n) || c.leadNorm.includes(n)).length,
  );
  const scored = candidates
    .map((c) => {
      let score = 0;
      let shared = 0;
      for (const [i, n] of needles.entries()) {
        const inTitle = c.titleNorm.includes(n);
        if (!inTitle && !c.leadNorm.includes(n)) continue;
        shared++;
        score += (inTitle ? 2 : 1) * Math.log(1 + candidates.length / (df[i] as number));
      }
      return { candidate: c, key: c.key, score, shared };
    })
    .filter((c) => c.shared >= 2)
    .sort(byRelevance);
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((c) => c.score >= best / 2)
    .slice(0, keep)
    .map((c) => c.candidate);
}
