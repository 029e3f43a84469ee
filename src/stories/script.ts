// Which script an article's terms are in: the French and Arabic articles of
// one event meet only on the terms of the shared space (./concepts.ts: names'
// keys, figures, the Arabic words' French translations), never on an Arabic
// word, which a French article cannot have.

const ARABIC_LETTER = /[\u0600-\u06FF]/;

/** An article's terms are Arabic when most of its words are in Arabic script. */
export function isArabicArticle(terms: readonly string[]): boolean {
  let arabic = 0;
  for (const t of terms) if (ARABIC_LETTER.test(t)) arabic++;
  return arabic * 3 > terms.length;
}

/** A term both languages can have: not in Arabic script. */
export function inSharedSpace(term: string): boolean {
  return !ARABIC_LETTER.test(term);
}
