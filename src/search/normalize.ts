// One normalisation for indexing and for querying, in JavaScript, so that
// SQLite FTS5 and PostgreSQL index the very same tokens and answer the same
// queries the same way (their own stemmers differ: PostgreSQL's french
// snowball and FTS5's none). A token is what a reader means by a word:
// lower case, accents folded, French words stemmed (Snowball), Arabic
// letters normalised (alef and hamza forms, tashkeel, tatweel) and lightly
// stemmed (Larkey's light10: the article and conjunction prefixes, the
// common suffixes). The database only ever sees these tokens, joined by
// spaces, indexed by FTS5 (unicode61) and by a PostgreSQL `simple` tsvector.
import { stemmer as frenchStem } from '@orama/stemmers/french';

/** Letters and digits of any script (with the marks that belong to them), split on anything else: one class for WORD and WORD_CHAR. */
const WORD_CLASS = '[\\p{L}\\p{N}\\p{M}]';
const WORD = new RegExp(`${WORD_CLASS}+`, 'gu');
const COMBINING = /\p{M}/gu;
const ARABIC_LETTER = /[\u0600-\u06FF]/;
/** Tashkeel (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) and tatweel. */
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

/** Tokens longer than this are not words (hashes, URLs glued together): cut. */
const MAX_TOKEN = 40;

/** Folds Arabic letter variants to one form each. */
export function normalizeArabic(word: string): string {
  return word
    .replace(ARABIC_MARKS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

const AR_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const AR_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];

/**
 * Larkey, Ballesteros and Connell's light10 stemmer on a normalised Arabic
 * word: a leading و (and), one definite-article prefix, then suffixes while
 * at least two letters remain. Light on purpose: it conflates the forms a
 * reader would (الحكومة, حكومة, والحكومة) without the root-extraction
 * mistakes of heavier stemmers.
 */
export function stemArabic(word: string): string {
  let w = word;
  if (w.length > 3 && w.startsWith('و')) w = w.slice(1);
  for (const p of AR_PREFIXES) {
    if (w.startsWith(p) && w.length - p.length >= 2) {
      w = w.slice(p.length);
      break;
    }
  }
  for (const s of AR_SUFFIXES) {
    if (w.length - s.length >= 2 && w.endsWith(s)) w = w.slice(0, -s.length);
  }
  return w;
}

/**
 * Words repeat (a language has a few hundred thousand forms): each is
 * normalised once. Only words of at most MEMO_WORD characters are kept, so
 * the memo's bytes are bounded as well as its count (a feed of long
 * tokens, a base64 blob split into words, would otherwise fill it with
 * megabytes): 200,000 × 32 characters, a few MB in each preparing thread.
 */
const memo = new Map<string, string>();
const MEMO_MAX = 200_000;
const MEMO_WORD = 32;

/** One raw word (as split by WORD) to its index token, or '' for nothing. */
export function normalizeWord(raw: string): string {
  let w = memo.get(raw);
  if (w === undefined) {
    w = computeNormalizedWord(raw);
    if (raw.length <= MEMO_WORD) {
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(raw, w);
    }
  }
  return w;
}

function computeNormalizedWord(raw: string): string {
  let w = raw.toLowerCase();
  if (ARABIC_LETTER.test(w)) {
    w = stemArabic(normalizeArabic(w));
  } else {
    w = w.normalize('NFD').replace(COMBINING, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
    if (/^[a-z]+$/.test(w) && w.length > 2) w = frenchStem(w);
  }
  w = w.replace(COMBINING, '');
  return w.length > MAX_TOKEN ? w.slice(0, MAX_TOKEN) : w;
}

export interface Token {
  /** The normalised form. */
  norm: string;
  /** Where the raw word starts and ends in the input (UTF-16 offsets). */
  start: number;
  end: number;
}

/** Every word of a text with its normalised form and its place, one at a time (snippets stop early). */
export function* tokens(text: string): Generator<Token> {
  for (const m of text.matchAll(WORD)) {
    // French elisions: l'économie, d'Agadir — the apostrophe already split them;
    // a lone l/d/j/qu stays a token of its own, as in the query.
    const norm = normalizeWord(m[0]);
    if (norm) yield { norm, start: m.index, end: m.index + m[0].length };
  }
}

/** Every word of a text (at most `max`) with its normalised form and its place. */
export function tokenize(text: string, max = Number.POSITIVE_INFINITY): Token[] {
  const out: Token[] = [];
  if (max <= 0) return out;
  for (const t of tokens(text)) {
    out.push(t);
    if (out.length >= max) break;
  }
  return out;
}

/** The normalised tokens of a text, joined by single spaces (at most `max` tokens). */
export function normalizeText(text: string, max = Number.POSITIVE_INFINITY): string {
  return normalizeTokens(text, max).join(' ');
}

/** The normalised tokens of a text (at most `max`). */
export function normalizeTokens(text: string, max = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  if (max > 0) appendTokens(text, 0, out, max);
  return out;
}

/**
 * The normalised tokens of the words of `text` from `from` on, appended to
 * `out` until it holds `max`. The indexing path: no token objects, memo hits.
 * The runs WORD matches, found by hand: exec's match objects were a third of
 * this function's time and much of the thread's garbage.
 */
function appendTokens(text: string, from: number, out: string[], max: number): void {
  let i = from;
  while (findWord(text, i)) {
    i = foundEnd;
    const norm = normalizeWord(text.slice(foundStart, foundEnd));
    if (!norm) continue;
    out.push(norm);
    if (out.length >= max) break;
  }
}

/**
 * [normalizeTokens(a, max), normalizeTokens(b, max)], each word the two
 * begin with in common read once: an article's summary is most often its
 * text's first words (test/search/normalize-pair.test.ts checks the same).
 */
export function normalizeTokensPair(a: string, b: string, max: number): [string[], string[]] {
  const outA: string[] = [];
  const outB: string[] = [];
  if (max <= 0) return [outA, outB];
  let ia = 0;
  let ib = 0;
  // In step while the words are the same; ia and ib stay before a word not yet taken.
  while (outA.length < max && findWord(a, ia)) {
    const sa = foundStart;
    const ea = foundEnd;
    if (!findWord(b, ib)) break;
    const sb = foundStart;
    if (foundEnd - sb !== ea - sa || !sameChars(a, sa, b, sb, ea - sa)) break;
    ia = ea;
    ib = foundEnd;
    const norm = normalizeWord(a.slice(sa, ea));
    if (!norm) continue;
    outA.push(norm);
    outB.push(norm);
  }
  if (outA.length < max) appendTokens(a, ia, outA, max);
  if (outB.length < max) appendTokens(b, ib, outB, max);
  return [outA, outB];
}

function sameChars(a: string, ai: number, b: string, bi: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a.charCodeAt(ai + k) !== b.charCodeAt(bi + k)) return false;
  return true;
}

/** Where findWord found its word: [foundStart, foundEnd). */
let foundStart = 0;
let foundEnd = 0;

/** The first run of WORD's characters at or after `from` (foundStart, foundEnd), or false. */
function findWord(text: string, from: number): boolean {
  const n = text.length;
  let i = from;
  while (i < n && !isWordCharAt(text, i)) i += charLength(text, i);
  if (i >= n) return false;
  foundStart = i;
  while (i < n && isWordCharAt(text, i)) i += charLength(text, i);
  foundEnd = i;
  return true;
}

const WORD_CHAR = new RegExp(`^${WORD_CLASS}$`, 'u');
/** WORD's class for each UTF-16 unit of the BMP, learnt on first sight: 0 unknown, 1 in, 2 out. */
const bmpClass = new Uint8Array(0x10000);

function isWordCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    // A pair is one code point (WORD has the u flag); astral letters are rare, asked of the regex.
    if (d >= 0xdc00 && d <= 0xdfff) return WORD_CHAR.test(text.slice(i, i + 2));
  }
  let k = bmpClass[c]!;
  if (k === 0) {
    k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    bmpClass[c] = k;
  }
  return k === 1;
}

/** 2 at a surrogate pair, else 1. */
function charLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}
