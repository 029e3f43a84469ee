// The prior of story-term document frequencies (./prior/df.tsv, built by
// scripts/build-story-prior.ts from real news pages of the region's press;
// counts only): what a term's frequency is in news at large, before this
// installation's own archive says anything.
import { readFileSync } from 'node:fs';

interface Prior {
  documents: number;
  df: Map<string, number>;
}

let prior: Prior | null = null;

/** Reads the table once; a malformed line is an error naming the file and line. */
function load(): Prior {
  if (prior) return prior;
  const df = new Map<string, number>();
  let documents = 0;
  const file = new URL('./prior/df.tsv', import.meta.url);
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line || line.startsWith('#')) return;
      const [term, count, extra] = line.split('\t');
      const n = Number(count);
      if (!term || extra !== undefined || !Number.isInteger(n) || n < 0)
        throw new Error(
          `src/stories/prior/df.tsv:${i + 1}: expected "term<TAB>count", got ${JSON.stringify(line)}`,
        );
      if (term === 'documents') documents = n;
      else df.set(term, n);
    });
  if (!documents) throw new Error('src/stories/prior/df.tsv: no "documents" line');
  prior = { documents, df };
  return prior;
}

/** The share of news documents that hold this term (0 when the prior has not seen it in two). */
export function priorShare(term: string): number {
  const p = load();
  return (p.df.get(term) ?? 0) / p.documents;
}
