// Highlighted snippets, computed here from the article's own text (not by
// either database), so both backends show the same thing. The output is
// HTML: the text escaped, the matching words wrapped in <mark>.
import { escapeHtml } from '../util/html.ts';
import { type Token, tokenize, tokens } from './normalize.ts';
import { type ParsedQuery, queryTokens } from './query.ts';

/** How much of a long text is read to find the best window (the rest rarely beats the opening). */
const SCAN_CHARS = 20_000;

/** Indexes (into `tokens`) of every token that belongs to a match of some term. */
function matches(tokens: Array<{ norm: string }>, query: ParsedQuery): Set<number> {
  const hit = new Set<number>();
  for (const term of query.terms) {
    const n = term.tokens.length;
    for (let i = 0; i + n <= tokens.length; i++) {
      let ok = true;
      for (let j = 0; j < n; j++) {
        if (tokens[i + j]?.norm !== term.tokens[j]) {
          ok = false;
          break;
        }
      }
      if (ok) for (let j = 0; j < n; j++) hit.add(i + j);
    }
  }
  return hit;
}

/** The whole text, escaped, with the matches marked (for titles). */
export function highlight(text: string, query: ParsedQuery): string {
  const tokens = tokenize(text);
  const hit = matches(tokens, query);
  let out = '';
  let at = 0;
  tokens.forEach((t, i) => {
    if (!hit.has(i)) return;
    out += `${escapeHtml(text.slice(at, t.start))}<mark>${escapeHtml(text.slice(t.start, t.end))}</mark>`;
    at = t.end;
  });
  return out + escapeHtml(text.slice(at));
}

/**
 * About `words` words of `text` from just before its first match, escaped,
 * matches marked, with … where it is cut; the opening when no match is in
 * the first SCAN_CHARS. Reads the text only as far as the window (the
 * snippets of a result page cost next to nothing). Null for an empty text.
 */
export function snippet(text: string | null, query: ParsedQuery, words = 30): string | null {
  if (!text) return null;
  const source = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text;
  const wanted = queryTokens(query);
  const longest = Math.max(...query.terms.map((t) => t.tokens.length));
  const seen: Token[] = [];
  let first = -1;
  for (const t of tokens(source)) {
    seen.push(t);
    if (first < 0 && wanted.has(t.norm)) first = seen.length - 1;
    const from = first < 0 ? 0 : Math.max(0, first - 5);
    if (first >= 0 && seen.length >= from + words + longest) break;
  }
  if (!seen.length) return null;
  const from = first < 0 ? 0 : Math.max(0, first - 5);
  const window = seen.slice(from, from + words);
  const hit = matches(seen.slice(from, from + words + longest), query);
  const head = window[0];
  const last = window[window.length - 1];
  if (!head || !last) return null;
  let out = from > 0 ? '… ' : '';
  let at = head.start;
  for (const [i, t] of window.entries()) {
    if (!hit.has(i)) continue;
    out += `${escapeHtml(source.slice(at, t.start))}<mark>${escapeHtml(source.slice(t.start, t.end))}</mark>`;
    at = t.end;
  }
  out += escapeHtml(source.slice(at, last.end));
  const rest = text.slice(last.end);
  out += /[\p{L}\p{N}]/u.test(rest) ? ' …' : escapeHtml(rest.trimEnd());
  return out;
}
