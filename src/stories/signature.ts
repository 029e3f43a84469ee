// MinHash over an article's terms, cut into LSH bands: two articles whose
// term sets overlap share at least one band hash with high probability, so
// candidates are found by equality on an indexed integer column, whatever
// the size of the archive. Pure and deterministic: every process computes
// the same hashes for the same words.
import { fmix, hashString } from '../util/hash.ts';
import { isArabicArticle, sharedSpaceOf } from './script.ts';

export { hashString };

/**
 * How the signature is cut: BANDS bands of ROWS MinHash values each. Measured
 * on the labeled set (bench/stories.ts): 24×2 found 82% of the true pairs as
 * candidates, 48×2 94%, 16×1 98% with a third of the rows of 48×2. With one
 * row a band is one sampled term, so a frequent term meets many articles:
 * detection keeps at most a fixed number of rows per band (ROWS_PER_BAND, candidates.ts).
 */
export const BANDS = 16;
export const ROWS = 1;

// One seed per MinHash function, fixed forever (changing them changes every
// stored band hash: a migration would have to recompute them).
const SEEDS: number[] = (() => {
  const out: number[] = [];
  let x = 0x9e3779b9;
  for (let i = 0; i < BANDS * ROWS; i++) {
    x = fmix(x + 0x6d2b79f5 * (i + 1));
    out.push(x);
  }
  return out;
})();

/** The MinHash signature of a set of terms: BANDS * ROWS unsigned 32-bit values. */
export function minhash(terms: readonly string[]): Uint32Array {
  const sig = new Uint32Array(BANDS * ROWS).fill(0xffffffff);
  for (const t of terms) {
    const h = hashString(t);
    for (let i = 0; i < sig.length; i++) {
      const v = fmix(h ^ SEEDS[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/**
 * The band hashes of a signature, as signed 32-bit integers (they fit an
 * `integer` column in SQLite and PostgreSQL alike). The band's index is
 * mixed in, so the same values in two different bands do not collide.
 * An empty term set has no bands.
 */
export function bandHashes(terms: readonly string[]): number[] {
  return bandEntries(terms).map((e) => e.hash);
}

/** One band: its hash and the terms that gave its MinHash values (with one row, one term). */
export interface BandEntry {
  hash: number;
  terms: string[];
}

/**
 * The bands of an article's terms with the terms behind them (a lookup may
 * skip a band of common terms). An Arabic article has a second set, over
 * the terms it shares with French (./script.ts): the minimum of all its
 * terms is most often an Arabic word, which no French article has, so
 * without them it would seldom meet the French coverage of its event.
 */
export function bandEntries(terms: readonly string[]): BandEntry[] {
  const own = bandsOf(terms);
  if (!isArabicArticle(terms)) return own;
  const seen = new Set(own.map((e) => e.hash));
  for (const e of bandsOf(sharedSpaceOf(terms))) {
    if (seen.has(e.hash)) continue;
    seen.add(e.hash);
    own.push(e);
  }
  return own;
}

function bandsOf(terms: readonly string[]): BandEntry[] {
  if (!terms.length) return [];
  const n = BANDS * ROWS;
  const sig = new Uint32Array(n).fill(0xffffffff);
  const arg = new Int32Array(n).fill(-1);
  for (let j = 0; j < terms.length; j++) {
    const h = hashString(terms[j]!);
    for (let i = 0; i < n; i++) {
      const v = fmix(h ^ SEEDS[i]!);
      if (v < sig[i]!) {
        sig[i] = v;
        arg[i] = j;
      }
    }
  }
  const out = new Map<number, BandEntry>();
  for (let b = 0; b < BANDS; b++) {
    let h = fmix(0x5bd1e995 ^ (b + 1));
    const behind: string[] = [];
    for (let r = 0; r < ROWS; r++) {
      h = fmix(h ^ Math.imul(sig[b * ROWS + r]!, 0x27d4eb2d) ^ r);
      behind.push(terms[arg[b * ROWS + r]!]!);
    }
    const hash = h | 0;
    if (!out.has(hash)) out.set(hash, { hash, terms: behind });
  }
  return [...out.values()];
}

/** True when two band lists share a hash: the articles are candidates of each other. */
export function bandsMeet(a: readonly number[], b: readonly number[]): boolean {
  const set = new Set(a);
  return b.some((h) => set.has(h));
}
