// Which script an article's terms are in: the French and Arabic articles of
// one event meet only on the terms of the shared space (./concepts.ts: names'
// keys, figures, the Arabic words' French translations), never on an Arabic
// word, which a French article cannot have.

const ARABIC_LETTER = /[\u0600-\u06FF]/;

/** Answers already given, per term list (an article is compared with each of its candidates). */
const known = new WeakMap<readonly string[], boolean>();

/** An article's terms are Arabic when most of its words are in Arabic script. */
export function isArabicArticle(terms: readonly string[]): boolean {
  let answer = known.get(terms);
  if (answer === undefined) {
    let arabic = 0;
    for (const t of terms) if (ARABIC_LETTER.test(t)) arabic++;
    answer = arabic * 3 > terms.length;
    known.set(terms, answer);
  }
  return answer;
}

/** A term both languages can have: not in Arabic script. */
function inSharedSpace(term: string): boolean {
  return !ARABIC_LETTER.test(term);
}

const sharedParts = new WeakMap<readonly string[], readonly string[]>();

/** The terms of a list both languages can have (kept per list: an Arabic article meets many French ones). */
export function sharedSpaceOf(terms: readonly string[]): readonly string[] {
  let part = sharedParts.get(terms);
  if (!part) {
    part = terms.filter(inSharedSpace);
    sharedParts.set(terms, part);
  }
  return part;
}

const sets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** A term list as a set (kept per list: a candidate is weighed against each article of a batch it meets). */
export function termSet(terms: readonly string[]): ReadonlySet<string> {
  let set = sets.get(terms);
  if (!set) {
    set = new Set(terms);
    sets.set(terms, set);
  }
  return set;
}
