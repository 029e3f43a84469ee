// One concept for the names the press gives one institution: BAM in one
// article, Bank Al-Maghrib in another, بنك المغرب (translated by the
// lexicon to "bank al-maghrib") in a third. The table is
// ./lexicon/aliases.tsv (its header says where it comes from); an article
// whose terms hold every stem of one of a concept's names gets the
// concept's term ("=bam"), so the three share a rare term.
import { readFileSync } from 'node:fs';
import { frenchStems } from './normalize.ts';

interface Name {
  concept: string;
  stems: readonly string[];
}

/** The names by their first stem: an article's terms are looked up once each. */
let byFirstStem: Map<string, Name[]> | null = null;

/** Reads the table once; a malformed line is an error naming the file and line. */
function load(): Map<string, Name[]> {
  if (byFirstStem) return byFirstStem;
  const index = new Map<string, Name[]>();
  readFileSync(new URL('./lexicon/aliases.tsv', import.meta.url), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim() || line.startsWith('#')) return;
      const [concept, ...names] = line.split('\t');
      const where = `src/stories/lexicon/aliases.tsv:${i + 1}`;
      if (!concept || !/^[a-z]+$/.test(concept) || names.length < 2)
        throw new Error(`${where}: expected "concept<TAB>name<TAB>name…", got ${JSON.stringify(line)}`);
      for (const name of names) {
        const stems = frenchStems(name);
        if (!stems.length) throw new Error(`${where}: the name ${JSON.stringify(name)} has no word to match`);
        const first = stems[0] as string;
        const list = index.get(first);
        const entry = { concept: `=${concept}`, stems };
        if (list) list.push(entry);
        else index.set(first, [entry]);
      }
    });
  byFirstStem = index;
  return index;
}

/** Adds the concept term of every name whose stems are all among the terms. */
export function addConcepts(terms: Set<string>): void {
  const index = load();
  const found: string[] = [];
  for (const t of terms) {
    const names = index.get(t);
    if (!names) continue;
    for (const n of names) if (n.stems.every((s) => terms.has(s))) found.push(n.concept);
  }
  // Added beside the name's own words: BAM then meets Bank Al-Maghrib on
  // one rare term. (Putting the concept in place of the words found fewer
  // pairs: bench story-quality.)
  for (const c of found) terms.add(c);
}
