// A parsed query as each backend's match expression: an FTS5 MATCH
// expression for SQLite and its twin tsquery literal for PostgreSQL, over
// the same normalised tokens (src/store/search runs them).
import { timeTags } from './document.ts';
import { categoryTag, type ParsedQuery, sourceTag } from './query.ts';

const quote = (token: string) => `"${token}"`;

/** The FTS5 tags column of a document: its filter tags and the time tags of its key (see timeTagGroup). */
export function ftsTags(tags: string, key: number): string {
  return `${tags} ${timeTags(key).join(' ')}`;
}

/**
 * The FTS5 MATCH expression: the terms in title or body, the filters on
 * tags; with `inTitle`, that term in the title only (the query's matches
 * that have it there: AND of the title's doclist with the others', not of
 * both columns' and then the title's, which seeks in one more big doclist).
 */
export function ftsExpression(
  query: ParsedQuery,
  tags: string[][],
  inTitle?: ParsedQuery['terms'][number],
): string {
  const rest = query.terms.filter((t) => t !== inTitle);
  const terms = rest.map((t) => quote(t.tokens.join(' '))).join(' AND ');
  let expr = inTitle ? `{title} : (${quote(inTitle.tokens.join(' '))})` : '';
  if (terms) expr += `${expr ? ' AND ' : ''}{title body} : (${terms})`;
  for (const group of tags) expr += ` AND {tags} : (${group.map(quote).join(' OR ')})`;
  return expr;
}

/**
 * A query word as a tsquery operand: in the title or the body (weights A,
 * B), not a filter tag (D). Only a word spelled like a tag can meet one, so
 * only such a word carries the weights: a weighted operand makes the GIN
 * index hand every match back for a recheck against its tsvector (~1.5 µs
 * each, thousands for two common words).
 */
function wordOperand(token: string): string {
  return TAG_SHAPED.test(token) ? `'${token}':AB` : `'${token}'`;
}
const TAG_SHAPED = /^x[sc]/;

/** The same as a PostgreSQL tsquery literal: terms in the title or body (A, B), tags D. */
export function tsqueryLiteral(query: ParsedQuery, tags: string[][]): string {
  const parts = query.terms.map((t) => {
    const p = t.tokens.map(wordOperand).join(' <-> ');
    return t.tokens.length > 1 ? `(${p})` : p;
  });
  for (const group of tags) parts.push(`(${group.map((g) => `'${g}':D`).join(' | ')})`);
  return parts.join(' & ');
}

/** One query term (a word or a phrase's words) in the title, as a tsquery literal (weight A). */
export function titleQuery(tokens: string[]): string {
  return tokens.map((tok) => `'${tok}':A`).join(' <-> ');
}

/**
 * A search's filters as groups of tags, each group an OR, the groups ANDed;
 * null when a filter leaves nothing (no source, or no category that is one).
 */
export function filterTags(f: { sourceIds?: number[]; categories?: string[] }): string[][] | null {
  const groups: string[][] = [];
  if (f.sourceIds) {
    if (!f.sourceIds.length) return null;
    groups.push(f.sourceIds.map(sourceTag));
  }
  if (f.categories) {
    const tags = [...new Set(f.categories.map(categoryTag).filter((t): t is string => t !== null))];
    if (!tags.length) return null;
    groups.push(tags);
  }
  return groups;
}

/**
 * "Lire aussi": the articles of these sources with two of these terms at
 * least, anywhere in the text (any pair of them), as an FTS5 expression and
 * its tsquery twin.
 */
export function relatedMatch(terms: string[], sourceIds: number[]): { fts: string; tsquery: string } {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < terms.length; i++)
    for (let j = i + 1; j < terms.length; j++) pairs.push([terms[i] as string, terms[j] as string]);
  const tags = sourceIds.map(sourceTag);
  return {
    fts: `{title body} : (${pairs.map(([a, b]) => `(${quote(a)} AND ${quote(b)})`).join(' OR ')}) AND {tags} : (${tags.map(quote).join(' OR ')})`,
    tsquery: `(${pairs.map(([a, b]) => `(${wordOperand(a)} & ${wordOperand(b)})`).join(' | ')}) & (${tags.map((g) => `'${g}':D`).join(' | ')})`,
  };
}
