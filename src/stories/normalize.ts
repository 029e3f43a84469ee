// The words two articles are compared on: the title and the lead, lower
// case, accents folded, Arabic letters brought to one form, stop words out,
// and a light stemming so that "séismes" meets "séisme" and "بالمغرب" meets
// "المغرب". Pure functions; no state.
import { ARABIC_STOP_WORDS, FRENCH_STOP_WORDS } from '../search/stop-words.ts';

/** How many words of the lead (summary, or the body when there is none) are read. */
export const LEAD_WORDS = 60;

const TASHKEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/g;
const PERSIAN_DIGITS = /[\u06F0-\u06F9]/g;

/**
 * Lower case, French accents folded (é → e, œ → oe, ç → c), Arabic
 * normalised: tashkeel and tatweel out, alef forms (أ إ آ ٱ) to ا, hamza on
 * waw and yaa (ؤ ئ) to و ي, alef maqsura (ى) to ي, taa marbuta (ة) to ه,
 * Arabic-Indic digits to ASCII. Everything that is not a letter or a digit
 * becomes a space, except a decimal separator between digits (6,8 and 6.8
 * both become 6.8).
 */
export function normalizeText(input: string): string {
  let s = input.toLowerCase();
  s = s.replace(/œ/g, 'oe').replace(/æ/g, 'ae');
  // Latin accents: decompose and drop the combining marks (Arabic letters
  // are not decomposed by NFD except the hamza forms handled below).
  s = s.normalize('NFC');
  s = s.replace(/[\u00C0-\u024F]/g, (ch) => ch.normalize('NFD').replace(/[\u0300-\u036F]/g, ''));
  s = s
    .replace(TASHKEEL, '')
    .replace(TATWEEL, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(ARABIC_INDIC_DIGITS, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(PERSIAN_DIGITS, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/٫/g, '.');
  s = s.replace(/(\d)[.,](?=\d)/g, '$1.');
  // Elisions: l'État, d'Agadir, qu'il.
  s = s.replace(/\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’`]/g, ' ');
  s = s.replace(/[^\p{L}\p{N}.]+/gu, ' ').replace(/(?<!\d)\.|\.(?!\d)/g, ' ');
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * normalizeText(text).split(' '), its empty word left out. No rule of
 * normalizeText reaches across white space, so each token between spaces is
 * normalised alone, once: news repeats its words (a bounded memo).
 */
export function normalizedWords(text: string): string[] {
  // Σ is lower-cased by its neighbours, and U+FEFF (white space here) does not
  // part them: such a text is normalised whole.
  if (text.includes('Σ')) {
    const whole = normalizeText(text);
    return whole ? whole.split(' ') : [];
  }
  const out: string[] = [];
  for (const token of text.split(/\s+/)) if (token) pushTokenWords(token, out);
  return out;
}

/**
 * normalizedWords of a text from its tokens (split on white space already):
 * the text is not joined to be split again. Not for a text with Σ (see
 * normalizedWords): that one is normalised whole.
 */
export function normalizedWordsOfTokens(...lists: ReadonlyArray<readonly string[]>): string[] {
  const out: string[] = [];
  for (const tokens of lists) for (const token of tokens) if (token) pushTokenWords(token, out);
  return out;
}

/** The words of one token without white space, each token normalised once (a bounded memo). */
function pushTokenWords(token: string, out: string[]): void {
  let parts = tokenWords.get(token);
  if (parts === undefined) {
    const n = normalizeText(token);
    parts = n ? n.split(' ') : [];
    // Long tokens (URLs, glued runs) are rare and would weigh on the memo: not kept.
    if (token.length <= MEMO_TOKEN_CHARS) {
      if (tokenWords.size >= MEMO_TOKENS) tokenWords.clear();
      tokenWords.set(token, parts);
    }
  }
  for (const p of parts) out.push(p);
}

const tokenWords = new Map<string, readonly string[]>();
/** 20,000 tokens of at most 32 characters (a few MB): a news vocabulary fits; past it the memo starts over. */
const MEMO_TOKENS = 20_000;
const MEMO_TOKEN_CHARS = 32;

const AR_PREFIXES = ['وبال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const AR_SUFFIXES = ['يين', 'ات', 'ون', 'ين', 'ها', 'هم', 'ه', 'ي'];
const AR_ONE_LETTER_PREFIXES = ['و', 'ب', 'ل', 'ف'];

/** A light stem of one normalised word: enough to meet its plural or its article-prefixed form. */
export function stem(word: string): string {
  if (/^[\d.]+$/.test(word)) return word;
  if (/[\u0600-\u06FF]/.test(word)) return stemArabic(word);
  return stemFrench(word);
}

function stemArabic(word: string): string {
  let w = word;
  for (const p of AR_PREFIXES) {
    if (w.startsWith(p) && w.length - p.length >= 3) {
      w = w.slice(p.length);
      break;
    }
  }
  if (w === word) {
    for (const p of AR_ONE_LETTER_PREFIXES) {
      // و/ب/ل/ف glued to a word of at least four letters after it.
      if (w.startsWith(p) && w.length - 1 >= 4) {
        w = w.slice(1);
        break;
      }
    }
  }
  for (const s of AR_SUFFIXES) {
    if (w.endsWith(s) && w.length - s.length >= 3) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  return w;
}

function stemFrench(word: string): string {
  let w = word;
  if (w.length > 4 && /(?:aux)$/.test(w)) w = `${w.slice(0, -3)}al`;
  else if (w.length > 3 && /[sx]$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  // A prefix of seven letters gathers a family (économie, économique; gouvernement, gouverneur).
  return w.length > 7 ? w.slice(0, 7) : w;
}

/** True when the word carries no meaning of its own for telling events apart. */
export function isStopWord(word: string): boolean {
  return stopWords().has(word);
}

let STOP: Set<string> | null = null;
function stopWords(): Set<string> {
  if (!STOP) {
    STOP = new Set();
    for (const w of [...FRENCH_STOP_WORDS, ...ARABIC_STOP_WORDS]) {
      for (const part of normalizeText(w).split(' ')) if (part) STOP.add(part);
    }
  }
  return STOP;
}

/** The normalised, stemmed words of a text, stop words and one-letter words out, in order. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const w of normalizedWords(text)) {
    if (!w || isStopWord(w)) continue;
    if (w.length < 2 && !/\d/.test(w)) continue;
    const s = stem(w);
    if (s && !isStopWord(s)) out.push(s);
  }
  return out;
}

/** What an article is compared on. */
export interface StoryText {
  title: string;
  /** The summary, or null. */
  summary: string | null;
  /** The body text, read only when there is no summary. */
  text?: string | null;
}

/** The stems of a French word or phrase, stop words out ("bank al-maghrib" → bank, al, maghrib). */
export function frenchStems(french: string): string[] {
  const out: string[] = [];
  for (const f of normalizeText(french).split(' ')) {
    if (!f || isStopWord(f)) continue;
    const s = stem(f);
    if (s && !isStopWord(s)) out.push(s);
  }
  return out;
}
