// The story index's keys: an article is stored under its rarest terms
// (KEY_TERMS of them: its names, figures and the event's own words) and
// looks the index up by its rarest terms that are not common (LOOKUP_TERMS,
// candidates.ts), so two articles meet when a term of one is among the
// rarest of the other. Candidates are then found by
// equality on an indexed integer column, whatever the size of the archive.
// MinHash bands did this before (sixteen terms of each article sampled at
// random): two outlets telling one event in their own words share a few
// rare terms among many plain ones, and random samples missed them. On the
// set drawn from real coverage, 155 same-event pairs similar enough to join
// had never met; stored under its rarest terms, with as many rows per
// article, recall at the real dates went 0.527 / 0.545 / 0.507 -> 0.592 /
// 0.562 / 0.612, within 48 hours 0.446 / 0.534 / 0.424 -> 0.541 / 0.506 /
// 0.519 (bench story-quality; docs/benchmarks.md, "Stories, sixth step"). Pure and
// deterministic: every process computes the same hash for a term (stored:
// changing termKey means rebuilding the index, as migration 0020 did).
import { fmix, hashString } from '../util/hash.ts';
import { isInstitution } from './evidence.ts';
import { isArabicArticle, sharedSpaceOf } from './script.ts';

export { hashString };

/**
 * How many of its rarest terms an article is stored under (and as many more
 * of the shared space for an Arabic article). Sixteen is the row count the
 * MinHash bands had; 24 found a little more (0.617 / 0.596 / 0.646 at the
 * real dates) for half as many rows again written per article, which the
 * ingest pays (issue 16).
 */
export const KEY_TERMS = 16;

/** A key of the index: its hash and the term behind it (a lookup skips common terms). */
export interface BandEntry {
  hash: number;
  term: string;
}

/** A term's key in the index: a signed 32-bit integer (it fits an `integer` column in SQLite and PostgreSQL alike). */
export function termKey(term: string): number {
  return fmix(hashString(term) ^ 0x4b455953) | 0;
}

/** A day or a month tells events apart but never brings two together (similarity.ts): no key. */
const isKeyTerm = (term: string) => !term.startsWith('@');

/** An article's terms as keys, one per distinct term: what it may look the index up by (candidates.ts keeps the rarest). */
export function bandEntries(terms: readonly string[]): BandEntry[] {
  return [...new Set(terms)].filter(isKeyTerm).map((t) => ({ hash: termKey(t), term: t }));
}

/**
 * The keys an article is stored under: its KEY_TERMS rarest terms by
 * `weight` (a term weighing nothing, common in the archive, is never one;
 * ties by hash, so every process picks the same). An Arabic article also
 * has the rarest of its shared space (./script.ts): its rarest terms are
 * most often Arabic words, which no French article has, so without them
 * it would seldom meet the French coverage of its event.
 */
export function keyHashes(
  terms: readonly string[],
  weight: (term: string) => number,
  count = KEY_TERMS,
): number[] {
  // And under its institutions, rare or not (institutionKeys), and its NAME_KEYS rarest names.
  const names = terms.filter((t) => t.startsWith('~'));
  const own = [
    ...new Set([
      ...rarestKeys(terms, weight, count),
      ...institutionKeys(terms, weight),
      ...rarestKeys(names, weight, NAME_KEYS),
    ]),
  ];
  if (!isArabicArticle(terms)) return own;
  return [...new Set([...own, ...rarestKeys(sharedSpaceOf(terms), weight, count)])];
}

/** The keys of the `count` rarest key terms of a list that weigh something (ties by hash, so every process agrees). */
function rarestKeys(list: readonly string[], weight: (term: string) => number, count: number): number[] {
  return [...new Set(list)]
    .filter(isKeyTerm)
    .map((t) => ({ w: weight(t), h: termKey(t) }))
    .filter((k) => k.w > 0)
    .sort((a, b) => b.w - a.w || a.h - b.h)
    .slice(0, count)
    .map((k) => k.h);
}

/**
 * The keys of an article's institutions (=wydad, =bam: ./aliases.ts) that
 * weigh something, beside its rarest terms. Two outlets' angles on one
 * event often share its institution and plain words, and the institution
 * is rarely among either article's rarest terms (a club, a central bank,
 * a ministry is in the news every week): such pairs never met. Stored and
 * looked up (a lookup takes an article's institutions even when common in
 * the index: candidates.ts) while the window does not hold too many of
 * them (HOT_BAND_ROWS). On the set drawn from real coverage (bench
 * story-quality), recall at the real dates 0.799 / 0.787 / 0.791 -> 0.807
 * / 0.803 / 0.805, within 48 hours 0.590 / 0.596 / 0.513 -> 0.592 / 0.584 /
 * 0.523 with different events kept apart 0.996 / 0.996 / 0.996 -> 0.996 /
 * 0.995 / 0.996. An article has none to three of them: a row or two more.
 */
function institutionKeys(terms: readonly string[], weight: (term: string) => number): number[] {
  return [...new Set(terms)].filter((t) => isInstitution(t) && weight(t) > 0).map(termKey);
}

/**
 * How many of its names (a person, a team, a place: the "~" keys of
 * ./concepts.ts) an article is stored under and looks the index up by, the
 * rarest first, beside its rarest terms. Figures and words of its own
 * crowd the names an event's coverage shares out of an article's rarest
 * terms (a result's times and scores, an angle's own vocabulary), and a
 * name in the news every week (a king, an athlete, a club) is seldom among
 * them: two angles that shared it never met. On the set drawn from real
 * coverage (bench story-quality), recall at the real dates 0.807 / 0.803 /
 * 0.805 -> 0.821 / 0.820 / 0.818, within 48 hours 0.592 / 0.584 / 0.523 ->
 * 0.611 / 0.596 / 0.527 with different events kept apart 0.9958 / 0.9954 /
 * 0.9961 -> 0.9955 / 0.9957 / 0.9963. Every name (no cap) found more at
 * the real dates (0.829 / 0.831 / 0.829) and lost Arabic pairs within 48
 * hours (0.534): most "names" of an Arabic article are words the lexicon
 * does not know, and their rows crowded its candidates; 3, 8 or 10 did
 * worse than 6.
 */
export const NAME_KEYS = 6;

/**
 * Whether two articles could meet in the index: a key one is stored under
 * is among the other's terms (all of them: detection looks up the rarest
 * LOOKUP_TERMS that are not common, so this is the most it can find).
 */
export function keysMeet(
  a: readonly string[],
  b: readonly string[],
  weight: (term: string) => number,
): boolean {
  const looksUp = (terms: readonly string[]) => new Set(bandEntries(terms).map((e) => e.hash));
  const byA = looksUp(a);
  const byB = looksUp(b);
  return keyHashes(a, weight).some((h) => byB.has(h)) || keyHashes(b, weight).some((h) => byA.has(h));
}
