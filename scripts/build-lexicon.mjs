#!/usr/bin/env node
// Builds src/stories/lexicon/fr-ar.tsv, the French–Arabic pairs pivoted through
// English from four FreeDict dictionaries (Debian's dict-freedict-fra-eng,
// -eng-fra, -ara-eng and -eng-ara, GPL-2.0-or-later; see
// src/stories/lexicon/README.md). Run it where those packages are installed:
//
//   node scripts/build-lexicon.mjs [--dict-dir /usr/share/dictd] [--stats]
//
// A pivot pairs every French word with every Arabic translation of every
// English translation, so one English word of many senses ("bank", "stiff",
// "nuts") joins unrelated words. A pair is kept only when the pivot is
// specific; the rules below were measured by reading random samples of what
// each one lets through (README.md gives the figures):
//
// 1. the French headword is a noun, an adjective, an adverb or a number
//    (FreeDict's fra-eng part of speech): verbs and function words pivot
//    badly ("tordre" → "twist" → اللية) and the story detector never sees
//    an infinitive anyway;
// 2. fan-out: the French word reaches at most MAX_FAN_OUT Arabic words
//    through all its English translations, and the Arabic word reaches at
//    most MAX_FAN_OUT French words through all of its own;
// 3. the two sides agree on what they are: a French noun meets an Arabic
//    word the dictionaries also write with the article ال (a noun), a
//    French adjective one they also write without it ("rigide" → "stiff"
//    → الجثة, the corpse, is out);
// 4. both sides are at most MAX_WORDS words, in plain letters, and the
//    Arabic at most one word longer than the French (longer is a gloss:
//    "gallois" → "welsh" → تهرب من السداد, to welsh on a debt);
// 5. the French→English step is one fra-eng states: eng-fra read backwards
//    alone is not enough (its errors, "unfortunately" → "heureusement",
//    would pair heureusement with لسوء الحظ).
//
// Both pivot directions are read (fra→eng→ara and ara→eng→fra). Requiring a
// pair to be found both ways is no rule here: FreeDict's dictionaries of a
// language pair are largely each other's inverse, so junk passes it too
// (--stats says how many candidates and kept pairs do).
//
// Output: one pair per line, `french<TAB>arabic`, the French in lower case,
// the Arabic without diacritics, and common nouns without their article
// (حكومة, not الحكومة; names keep theirs: الصومال).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const MAX_FAN_OUT = 2;
const MAX_WORDS = 3;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'src', 'stories', 'lexicon', 'fr-ar.tsv');

const args = process.argv.slice(2);
const dictDirAt = args.indexOf('--dict-dir');
const DICT_DIR = dictDirAt >= 0 ? args[dictDirAt + 1] : '/usr/share/dictd';
const STATS = args.includes('--stats');

// ---------------------------------------------------------------- dictd files

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** dictd's index numbers: base 64, most significant digit first. */
function decodeNumber(text) {
  let n = 0;
  for (const ch of text) n = n * 64 + BASE64.indexOf(ch);
  return n;
}

/**
 * The entries of one dictd dictionary: its .index (headword, offset, length)
 * over its .dict.dz (dictzip is gzip, which zlib reads whole). Each entry is
 * `{ head, pos, translations }`: the headword line's word and part of speech
 * (`<n, fem>`), and every translation of every numbered sense.
 */
function readDictionary(name) {
  const base = join(DICT_DIR, `freedict-${name}`);
  const data = gunzipSync(readFileSync(`${base}.dict.dz`));
  const seen = new Set();
  const entries = [];
  let info = '';
  for (const line of readFileSync(`${base}.index`, 'utf8').split('\n')) {
    const [word, offset, length] = line.split('\t');
    if (!length) continue;
    const start = decodeNumber(offset);
    const text = data.subarray(start, start + decodeNumber(length)).toString('utf8');
    if (word === '00databaseshort') info = text.split('\n')[0].trim();
    if (word.startsWith('00database') || seen.has(start)) continue;
    seen.add(start);
    const [first, ...rest] = text.split('\n');
    const pos = first.match(/<([^>]*)>\s*$/)?.[1] ?? '';
    const head = first
      .replace(/\s*\/[^/]*\/.*$/, '')
      .replace(/\s*<[^>]*>\s*$/, '')
      .trim();
    const translations = [];
    for (const senseLine of rest) {
      const sense = senseLine
        .replace(/^\s*\d+\.\s*/, '')
        .replace(/\[[^\]]*\]/g, '')
        .replace(/\([^)]*\)/g, ' ');
      for (const t of sense.split(/[,،/]/)) if (t.trim()) translations.push(t.trim());
    }
    entries.push({ head, pos, translations });
  }
  return { info, entries };
}

// ---------------------------------------------------------------- plain forms

const FRENCH = /^[a-zàâäçéèêëîïôöùûüÿœæ]+(?:(?:[' -]|' )[a-zàâäçéèêëîïôöùûüÿœæ]+)*$/;
/** Lower case, one kind of apostrophe, single spaces; null when not a plain French form. */
function plainFrench(text) {
  const s = text.normalize('NFC').toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
  if (s.length < 2 || !FRENCH.test(s) || s.split(' ').length > MAX_WORDS) return null;
  return s;
}

/** Lower case, no "to"/"a"/"the" in front: the key both sides meet on. */
function plainEnglish(text) {
  return text
    .toLowerCase()
    .replace(/^(?:to|a|an|the) /, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const TASHKEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const ARABIC = /^[\u0621-\u063A\u0641-\u064A]{2,}(?: [\u0621-\u063A\u0641-\u064A]+)*$/;
/** Presentation forms composed, tashkeel and tatweel out; null when not plain Arabic letters. */
function plainArabic(text) {
  const s = text.normalize('NFKC').replace(TASHKEEL, '').replace(/\s+/g, ' ').trim();
  if (!ARABIC.test(s) || s.split(' ').length > MAX_WORDS) return null;
  return s;
}

/** Alef, hamza, yaa and taa marbuta forms to one: how two spellings of a word are told to be one. */
function foldArabic(s) {
  return s
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه');
}

// Words that begin with ال and are not the article + a word.
const NOT_ARTICLE = new Set([
  'الله',
  'الذي',
  'التي',
  'الذين',
  'اللذان',
  'اللتان',
  'اللاتي',
  'اللواتي',
  'الآن',
]);

// ---------------------------------------------------------------- relations

const dictionaries = {
  fraEng: readDictionary('fra-eng'),
  engFra: readDictionary('eng-fra'),
  araEng: readDictionary('ara-eng'),
  engAra: readDictionary('eng-ara'),
};

/** Every single Arabic word the dictionaries write, folded: the test of whether ال + word is article + word. */
const arabicWords = new Set();
for (const { head, translations } of [...dictionaries.araEng.entries, ...dictionaries.engAra.entries]) {
  for (const text of [head, ...translations]) {
    const a = plainArabic(text);
    if (a) for (const w of a.split(' ')) arabicWords.add(foldArabic(w));
  }
}

/**
 * True when `word` is the article ال and a word: not one of NOT_ARTICLE, not
 * a word the dictionaries also write with an article of its own (التزام is
 * bare: they write الالتزام), and what follows is a word they know on its
 * own or has at least three letters.
 */
function hasArticle(word) {
  if (!word.startsWith('ال') || NOT_ARTICLE.has(word) || word.length < 4) return false;
  if (arabicWords.has(foldArabic(`ال${word}`))) return false;
  return word.length >= 5 || arabicWords.has(foldArabic(word.slice(2)));
}

/**
 * Without the article: the first word's, and the following words' when the
 * first had one (an adjective agreeing, الطبيب البيطري → طبيب بيطري; an
 * idafa such as دواسة البنزين keeps its own).
 */
function withoutArticle(a) {
  const words = a.split(' ');
  if (!hasArticle(words[0])) return a;
  return words.map((w) => (hasArticle(w) ? w.slice(2) : w)).join(' ');
}

/** The key one Arabic word is counted under: folded, article out. */
const arabicKey = (a) => foldArabic(withoutArticle(a));

/** The value under `key`, made by `make` and set the first time. */
function slot(map, key, make) {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

const add = (map, key, value) => slot(map, key, () => new Set()).add(value);

// French → English, with which dictionary said it (1: fra-eng, 2: eng-fra).
const frenchEnglish = new Map();
const frenchPos = new Map();
const frenchProper = new Set();
const markFrench = (f, e, source) => {
  const m = slot(frenchEnglish, f, () => new Map());
  m.set(e, (m.get(e) ?? 0) | source);
};
for (const { head, pos, translations } of dictionaries.fraEng.entries) {
  const f = plainFrench(head);
  if (!f) continue;
  if (!frenchPos.has(f)) frenchPos.set(f, pos);
  if (/^\p{Lu}/u.test(head)) frenchProper.add(f);
  for (const t of translations) {
    const e = plainEnglish(t);
    if (e) markFrench(f, e, 1);
  }
}
for (const { head, translations } of dictionaries.engFra.entries) {
  const e = plainEnglish(head);
  for (const t of translations) {
    const f = plainFrench(t);
    if (f && e) markFrench(f, e, 2);
  }
}

// English → Arabic key, with which dictionary said it (1: eng-ara, 2: ara-eng);
// every spelling of a key, and the spellings each English word leads to.
const englishArabic = new Map();
const spellings = new Map();
const spellingsVia = new Map();
const markArabic = (e, a, source) => {
  const k = arabicKey(a);
  const m = slot(englishArabic, e, () => new Map());
  m.set(k, (m.get(k) ?? 0) | source);
  add(spellings, k, a);
  const via = `${e}\t${k}`;
  const s = slot(spellingsVia, via, () => new Map());
  s.set(a, (s.get(a) ?? 0) + 1);
};
for (const { head, translations } of dictionaries.engAra.entries) {
  const e = plainEnglish(head);
  for (const t of translations) {
    const a = plainArabic(t);
    if (a && e) markArabic(e, a, 1);
  }
}
for (const { head, translations } of dictionaries.araEng.entries) {
  const a = plainArabic(head);
  if (!a) continue;
  for (const t of translations) {
    const e = plainEnglish(t);
    if (e) markArabic(e, a, 2);
  }
}

// ---------------------------------------------------------------- pivot

/** Every candidate pair: French word → Arabic key → { pivots, forward, backward }. */
const candidates = new Map();
for (const [f, english] of frenchEnglish) {
  for (const [e, frSource] of english) {
    for (const [k, arSource] of englishArabic.get(e) ?? []) {
      const c = slot(
        slot(candidates, f, () => new Map()),
        k,
        () => ({
          pivots: new Set(),
          forward: false,
          backward: false,
          fraEng: false,
        }),
      );
      c.pivots.add(e);
      if (frSource & 1) c.fraEng = true;
      // fra→eng→ara reads fra-eng then eng-ara; ara→eng→fra reads ara-eng then eng-fra.
      if (frSource & 1 && arSource & 1) c.forward = true;
      if (frSource & 2 && arSource & 2) c.backward = true;
    }
  }
}
const frenchFanOut = new Map();
const arabicFanOut = new Map();
for (const [f, m] of candidates) {
  frenchFanOut.set(f, m.size);
  for (const k of m.keys()) arabicFanOut.set(k, (arabicFanOut.get(k) ?? 0) + 1);
}

const KEPT_POS = /^(?:n|n, masc|n, fem|adj|adv|num)$/;
const isNoun = (pos) => pos.startsWith('n') && pos !== 'num';

/**
 * The spelling written out for a pair: the one its pivots lead to most
 * often (الأردن for Jordan, not أردن for Arden, which shares its key),
 * without its article, unless the French is a name and the Arabic is not a
 * nisba (السودان keeps its article, اليوناني, the Greek, loses it).
 */
function spellingOf(k, pivots, proper) {
  const counts = new Map();
  for (const e of pivots) {
    for (const [a, n] of spellingsVia.get(`${e}\t${k}`) ?? []) counts.set(a, (counts.get(a) ?? 0) + n);
  }
  const [best] = [...counts].sort(
    (x, y) => y[1] - x[1] || x[0].length - y[0].length || (x[0] < y[0] ? -1 : 1),
  )[0];
  const bare = withoutArticle(best);
  return proper && !/ي(?:ة)?$/.test(bare) ? best : bare;
}

const stats = {
  candidates: 0,
  bothDirections: 0,
  partOfSpeech: 0,
  fanOut: 0,
  articleAgreement: 0,
  length: 0,
  fraEng: 0,
  keptFoundBothWays: 0,
};
const pairs = new Set();
for (const [f, m] of candidates) {
  const pos = frenchPos.get(f) ?? '';
  const proper = frenchProper.has(f);
  for (const [k, c] of m) {
    stats.candidates++;
    if (c.forward && c.backward) stats.bothDirections++;
    if (!KEPT_POS.test(pos)) continue;
    stats.partOfSpeech++;
    if (frenchFanOut.get(f) > MAX_FAN_OUT || arabicFanOut.get(k) > MAX_FAN_OUT) continue;
    stats.fanOut++;
    const written = [...spellings.get(k)];
    const withArticle = written.some((a) => hasArticle(a.split(' ')[0]));
    const bare = written.some((a) => !hasArticle(a.split(' ')[0]));
    if (isNoun(pos) && !proper && !withArticle) continue;
    if (pos === 'adj' && !bare) continue;
    stats.articleAgreement++;
    const a = spellingOf(k, c.pivots, proper);
    if (a.split(' ').length > f.split(' ').length + 1) continue;
    stats.length++;
    if (!c.fraEng) continue;
    stats.fraEng++;
    if (c.forward && c.backward) stats.keptFoundBothWays++;
    pairs.add(`${f}\t${a}`);
  }
}

const lines = [...pairs].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
const header = [
  '# French–Arabic pairs pivoted through English, generated by scripts/build-lexicon.mjs; do not edit by hand.',
  `# From FreeDict: ${Object.values(dictionaries)
    .map((d) => d.info)
    .join('; ')}.`,
  '# Copyright FreeDict contributors and Arabeyes.org; GNU GPL version 2 or later (text: src/stories/lexicon/GPL-2.0.txt); see src/stories/lexicon/README.md.',
];
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${[...header, ...lines].join('\n')}\n`);
stats.written = lines.length;
if (STATS) console.log(JSON.stringify(stats, null, 2));
console.log(`${lines.length} pairs written to ${OUT}`);
