// A French–Arabic lexicon: the bridge that lets story detection bring a
// French article and an Arabic one about the same event into one space
// (séisme ↔ زلزال, banque centrale ↔ البنك المركزي). Two files under
// src/stories/lexicon/, read once, on first use: fr-ar-news.tsv, the news
// vocabulary written by hand, and fr-ar.tsv, the pairs pivoted through
// English from FreeDict by scripts/build-lexicon.mjs (src/stories/lexicon/README.md
// says where each comes from and under which licence). Loaded, the two
// (about 3,400 pairs) and their indexes take under 2 MB of heap (1.8–1.9 MB
// measured with process.memoryUsage().heapUsed before and after).
import { readFileSync } from 'node:fs';
import { normalizeText } from './normalize.ts';

/** One pair of the lexicon: a word or phrase in each language, in plain form. */
export interface LexiconEntry {
  /** Lower case, accents kept: "séisme", "banque centrale". */
  french: string;
  /** Without diacritics: "زلزال", "البنك المركزي". */
  arabic: string;
}

/** The hand-written file first: its pairs come first in every answer. */
const FILES = ['fr-ar-news.tsv', 'fr-ar.tsv'];
const DIRECTORY = new URL('./lexicon/', import.meta.url);

interface Lexicon {
  entries: readonly LexiconEntry[];
  byFrench: Map<string, string[]>;
  byArabic: Map<string, string[]>;
  /** The same, keyed without the Arabic article: الحكومة finds حكومة. */
  byArabicBare: Map<string, string[]>;
  /** The first words of the Arabic phrases (two words or more), folded: a text's word starts one only if here. */
  arabicPhraseStarts: Set<string>;
}

let lexicon: Lexicon | null = null;

/** Reads both files once; a malformed line is an error naming its file and line. */
function load(): Lexicon {
  if (lexicon) return lexicon;
  const entries: LexiconEntry[] = [];
  const seen = new Set<string>();
  for (const file of FILES) {
    const lines = readFileSync(new URL(file, DIRECTORY), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim() || line.startsWith('#')) return;
      const [french, arabic, extra] = line.split('\t');
      if (!french || !arabic || extra !== undefined) {
        throw new Error(
          `src/stories/lexicon/${file}:${i + 1}: expected "french<TAB>arabic", got ${JSON.stringify(line)}`,
        );
      }
      if (seen.has(line)) return;
      seen.add(line);
      entries.push(Object.freeze({ french, arabic }));
    });
  }
  const byFrench = new Map<string, string[]>();
  const byArabic = new Map<string, string[]>();
  const byArabicBare = new Map<string, string[]>();
  const arabicPhraseStarts = new Set<string>();
  for (const { french, arabic } of entries) {
    push(byFrench, frenchKey(french), arabic);
    const key = arabicKey(arabic);
    push(byArabic, key, french);
    push(byArabicBare, withoutArticle(key), french);
    const words = key.split(' ');
    if (words.length > 1) {
      arabicPhraseStarts.add(words[0] as string);
      arabicPhraseStarts.add(withoutArticle(words[0] as string));
    }
  }
  lexicon = { entries: Object.freeze(entries), byFrench, byArabic, byArabicBare, arabicPhraseStarts };
  return lexicon;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const values = map.get(key);
  if (!values) map.set(key, [value]);
  else if (!values.includes(value)) values.push(value);
}

/** Case, accents, hyphens and elisions folded as the story detector folds them. */
const frenchKey = (word: string): string => normalizeText(word);
/** Tashkeel out, alef, hamza, yaa and taa marbuta forms to one. */
const arabicKey = (word: string): string => normalizeText(word);
/** Each word's leading article ال out, when at least two letters remain. */
const withoutArticle = (key: string): string =>
  key
    .split(' ')
    .map((w) => (w.startsWith('ال') && w.length >= 4 ? w.slice(2) : w))
    .join(' ');

/**
 * The Arabic of a French word or phrase, most reliable first (the
 * hand-written pairs, then the pivoted ones); [] when the lexicon has none.
 * Case and accents do not matter: "Séisme" and "seisme" find زلزال.
 */
export function frenchToArabic(word: string): string[] {
  return [...(load().byFrench.get(frenchKey(word)) ?? [])];
}

/**
 * The French of an Arabic word or phrase, most reliable first; [] when the
 * lexicon has none. Diacritics and spelling variants (أ/ا, ة/ه) do not
 * matter, and a word with the article finds its entry without it (الحكومة
 * finds حكومة) when there is no entry with it.
 */
export function arabicToFrench(word: string): string[] {
  const { byArabic, byArabicBare } = load();
  const key = arabicKey(word);
  return [...(byArabic.get(key) ?? byArabicBare.get(withoutArticle(key)) ?? [])];
}

/**
 * arabicToFrench for words already folded by normalizeText (story
 * detection folds its text once): the first French of the word or phrase,
 * or undefined. No folding here, so it costs one or two map look-ups.
 */
export function firstFrenchOfFolded(key: string): string | undefined {
  const { byArabic, byArabicBare } = load();
  return (byArabic.get(key) ?? byArabicBare.get(withoutArticle(key)))?.[0];
}

/** Whether a folded Arabic word can start a phrase of the lexicon (else its pair need not be looked up). */
export function startsArabicPhrase(key: string): boolean {
  return load().arabicPhraseStarts.has(key);
}

/** Every pair, hand-written ones first, for matching phrases in a text. */
export function lexiconEntries(): readonly LexiconEntry[] {
  return load().entries;
}
