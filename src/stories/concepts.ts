// The terms two articles are compared on, in one space for French and
// Arabic. A French word stays its stem; an Arabic word keeps its own stem
// (for Arabic articles among themselves) and, when the lexicon knows it,
// also gives the French stems of its translation (زلزال → "seism"); a name
// gives its phonetic key in either script (أخنوش and Akhannouch → "~aqnwc");
// numbers written in words become digits (ثلاثة, trois → 3). So an article
// in Arabic and one in French about the same event share terms.
//
// This is the seam for a multilingual sentence-embedding model, should one
// ever be installable here: such a model would give each article a vector,
// and `similarity` (./similarity.ts) would weigh it with these terms.
import { firstFrenchOfFolded, startsArabicPhrase } from './lexicon.ts';
import { addConcepts } from './aliases.ts';
import {
  frenchStems,
  isStopWord,
  LEAD_WORDS,
  normalizedWords,
  normalizedWordsOfTokens,
  type StoryText,
  stem,
} from './normalize.ts';
import { priorShare } from './prior.ts';
import { nameKey } from './transliterate.ts';

const ARABIC = /[\u0600-\u06FF]/;
const NUMBER = /^\d[\d.]*$/;
const THOUSANDS = /^\d{1,3}(?:\.\d{3})+$/;
/**
 * A figure behind و, ف and ب, ل, ك (بـ5,7 folds to ب5.7): the figure. Figures
 * of four characters or more lost the letter in the stem already; shorter
 * ones stayed words, and two outlets giving one rate did not share it.
 */
const GLUED_NUMBER = /^[وف]?[بلك]?(\d[\d.]*)$/;
/** 131e, 2ème, 1er: an ordinal is its number (the 131st derby is الديربي 131). */
const ORDINAL = /^(\d+)(?:e|eme|ieme|er|re|ere)$/;
/** A word that starts with a capital: a name, a place, an institution in a French text. */
const CAPITALISED = /^[A-ZÀ-Ý]/;

/** Numbers in words, as the press writes them, to digits; the keys are in normalised form. */
const NUMBER_WORDS = new Map<string, string>(
  Object.entries({
    deux: '2',
    trois: '3',
    quatre: '4',
    cinq: '5',
    six: '6',
    sept: '7',
    huit: '8',
    neuf: '9',
    dix: '10',
    onze: '11',
    douze: '12',
    vingt: '20',
    trente: '30',
    quarante: '40',
    cinquante: '50',
    cent: '100',
    mille: '1000',
    اثنان: '2',
    اثنين: '2',
    ثلاثه: '3',
    ثلاث: '3',
    اربعه: '4',
    اربع: '4',
    خمسه: '5',
    خمس: '5',
    سته: '6',
    سبعه: '7',
    سبع: '7',
    ثمانيه: '8',
    تسعه: '9',
    تسع: '9',
    عشره: '10',
    عشرين: '20',
    ثلاثين: '30',
    اربعين: '40',
    خمسين: '50',
    مايه: '100',
    ميه: '100',
    الف: '1000',
    // A match's goals told in words: a brace (ثنائية) to six (سداسية), a goalless draw.
    ثنائيه: '2',
    ثلاثيه: '3',
    رباعيه: '4',
    خماسيه: '5',
    سداسيه: '6',
    سلبي: '0',
    vierge: '0',
  }),
);

/**
 * Days and months, in both languages, to one term each ("@d7", "@m11"): a
 * derby told on Saturday and one told on Sunday are two matches, whatever
 * else they share (./similarity.ts weighs a day or month that differs).
 * Arabic days only with their article (الأحد is Sunday, أحد is "one").
 * مارس (March) is left out: it is also a verb, "he practised".
 */
const WHEN_WORDS = new Map<string, string>([
  ...'lundi mardi mercredi jeudi vendredi samedi dimanche'
    .split(' ')
    .map((w, i) => [w, `@d${i + 1}`] as const),
  ...'الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد'
    .split(' ')
    .map((w, i) => [w, `@d${i + 1}`] as const),
  ...[
    'janvier يناير جانفي',
    'fevrier فبراير فيفري',
    'mars',
    'avril ابريل افريل',
    'mai ماي مايو',
    'juin يونيو يونيه جوان',
    'juillet يوليوز يوليو جويليه',
    'aout اغسطس غشت اوت',
    'septembre سبتمبر شتنبر',
    'octobre اكتوبر',
    'novembre نوفمبر نونبر',
    'decembre ديسمبر دجنبر',
  ].flatMap((names, i) => names.split(' ').map((w) => [w, `@m${String(i + 1).padStart(2, '0')}`] as const)),
]);
/** "Per cent" in Arabic, whose stem would be ماي, May. */
const PERCENT = new Set(['بالمايه', 'بالميه', 'المايه']);

/** "Without goals", as two words: a score of 0. */
const GOALLESS_FIRST = new Set(['بلا', 'بدون', 'دون', 'sans']);
const GOALLESS = /^(?:بلا|بدون|دون) اهداف$|^sans buts?$/;

/**
 * The distinct terms of an article, for story detection: the words of its
 * title and of the first LEAD_WORDS words of its lead (its summary, or its
 * body when it has none), brought into the shared space described above.
 */
export function storyTerms(article: StoryText): string[] {
  const lead = article.summary?.trim() ? article.summary : (article.text ?? '');
  // split's limit: the first LEAD_WORDS of the split, without splitting the rest.
  const leadWords = lead.split(/\s+/, LEAD_WORDS);
  const titleWords = article.title.split(/\s+/);
  const out = new Set<string>();
  addNames(titleWords, out);
  addNames(leadWords, out);
  // normalizedWords of the title and the lead's words joined by a space, from their tokens.
  const words =
    article.title.includes('Σ') || leadWords.some((w) => w.includes('Σ'))
      ? normalizedWords(`${article.title} ${leadWords.join(' ')}`)
      : normalizedWordsOfTokens(titleWords, leadWords);
  for (let i = 0; i < words.length; i++) {
    const o = wordOutcome(words[i]!);
    if (o.decided !== undefined) {
      if (o.decided !== null) out.add(o.decided);
      continue;
    }
    // "sans buts", "بدون أهداف": the next word decides.
    if (o.goallessFirst && GOALLESS.test(`${o.word} ${words[i + 1]}`)) {
      out.add('0');
      continue;
    }
    if (o.term === null) continue;
    out.add(o.term);
    if (o.bridge) bridgeArabic(o.word, o.term, words[i + 1], words[i + 2], out);
  }
  // BAM here, Bank Al-Maghrib (or بنك المغرب) there: one concept term.
  addConcepts(out);
  return [...out];
}

/**
 * What one normalised word gives, alone: `decided` a term (or null, none)
 * whatever its neighbours; else, unless it opens a goalless score with the
 * next word, `term` (null for none), bridged to French when `bridge`.
 */
interface WordOutcome {
  /** The word, a figure glued to a preposition taken out of it. */
  word: string;
  decided: string | null | undefined;
  goallessFirst: boolean;
  term: string | null;
  bridge: boolean;
}

/**
 * News repeats its words: each one's outcome is worked out once (a bounded
 * memo, like normalizedWords'), the same rules in the same order as before.
 */
function wordOutcome(raw: string): WordOutcome {
  let o = outcomes.get(raw);
  if (o === undefined) {
    o = computeWordOutcome(raw);
    if (raw.length <= MEMO_WORD_CHARS) {
      if (outcomes.size >= OUTCOMES_MAX) outcomes.clear();
      outcomes.set(raw, o);
    }
  }
  return o;
}

const outcomes = new Map<string, WordOutcome>();
const MEMO_WORD_CHARS = 32;
/** 20,000 words or tokens each, like normalizedWords' memo: a preparing thread's heap is counted (bench:memory). */
const OUTCOMES_MAX = 20_000;

function computeWordOutcome(raw: string): WordOutcome {
  // بـ5,7 and و3,6: a figure with a preposition or "and" glued to it.
  const w = GLUED_NUMBER.exec(raw)?.[1] ?? raw;
  const o: WordOutcome = { word: w, decided: undefined, goallessFirst: false, term: null, bridge: false };
  if (!w) {
    o.decided = null;
    return o;
  }
  if (NUMBER.test(w)) {
    // 2.000 morts is 2000 قتيل: groups of three digits are thousands.
    o.decided = THOUSANDS.test(w) ? w.replaceAll('.', '') : w;
    return o;
  }
  const when = WHEN_WORDS.get(w);
  if (when) {
    o.decided = when;
    return o;
  }
  if (PERCENT.has(w)) {
    o.decided = null;
    return o;
  }
  const ordinal = ORDINAL.exec(w);
  if (ordinal) {
    o.decided = ordinal[1] as string;
    return o;
  }
  const number = NUMBER_WORDS.get(w);
  if (number) {
    o.decided = number;
    return o;
  }
  o.goallessFirst = GOALLESS_FIRST.has(w);
  if (w.length < 2 || isStopWord(w)) return o;
  const s = stem(w);
  if (!s || isStopWord(s)) return o;
  // بستة, بسداسية: a number word with a preposition glued to it.
  const stemmedNumber = NUMBER_WORDS.get(s);
  if (stemmedNumber) {
    o.term = stemmedNumber;
    return o;
  }
  o.term = s;
  o.bridge = ARABIC.test(w);
  return o;
}

/**
 * French names: capitalised words of the text as written (case is gone after
 * normalisation). The first word of the title or of a sentence is
 * capitalised whatever it is ("Chômage : …"): it is a name only when news
 * at large has it as one (knownName), so that "Akhannouch II : …" and
 * "Tebboune signe …" give their names as "… selon Akhannouch" does.
 */
function addNames(tokens: readonly string[], out: Set<string>): void {
  let sentenceStart = true;
  for (const token of tokens) {
    if (!token) continue;
    const t = tokenName(token);
    if (t.term !== null && (!sentenceStart || t.known)) out.add(t.term);
    sentenceStart = t.endsSentence;
  }
}

/** What one token as written gives addNames: its name term (or null), and whether a sentence ends with it. */
interface TokenName {
  term: string | null;
  /** The name is known to news at large (knownName): it counts at a sentence's start too. */
  known: boolean;
  endsSentence: boolean;
}

/** Each token's part worked out once (a bounded memo): the same rules as before, per token. */
function tokenName(token: string): TokenName {
  let t = tokenNames.get(token);
  if (t === undefined) {
    const word = token.replace(EDGE_PUNCTUATION, '');
    let key: string | null = null;
    if (word.length >= 3 && CAPITALISED.test(word)) {
      const k = nameKeys.get(word);
      if (k === undefined) {
        key = nameKey(word);
        if (nameKeys.size >= BRIDGED_MAX) nameKeys.clear();
        nameKeys.set(word, key);
      } else key = k;
    }
    t = {
      term: key ? `~${key}` : null,
      known: key ? knownName(key) : false,
      endsSentence: SENTENCE_END.test(token) || DASH.test(token),
    };
    if (token.length <= MEMO_WORD_CHARS) {
      if (tokenNames.size >= OUTCOMES_MAX) tokenNames.clear();
      tokenNames.set(token, t);
    }
  }
  return t;
}

const tokenNames = new Map<string, TokenName>();

/**
 * Whether a name's key was seen capitalised mid-sentence in the prior's
 * news pages (./prior.ts: two documents at least). On the set drawn from
 * real coverage (bench story-quality), with GLUED_NUMBER: recall at the
 * real dates 0.821 / 0.820 / 0.818 -> 0.829 / 0.820 / 0.820, within 48
 * hours 0.611 / 0.596 / 0.527 -> 0.609 / 0.584 / 0.548 (alone: ar-ar
 * 0.573). The title's first word only: 0.823 / 0.809 / 0.814.
 */
const knownName = (key: string) => priorShare(`~${key}`) > 0;

const EDGE_PUNCTUATION = /^[«"(['’]+|[»")\],;.!?:'’]+$/g;
const SENTENCE_END = /[.!?:]$/;
const DASH = /^[-–—]+$/;
const nameKeys = new Map<string, string | null>();

/** What an Arabic word (folded) brings to the shared space: French stems, or a name key. */
const bridged = new Map<string, readonly string[]>();
/** Enough for a language's news vocabulary; past it the cache starts over. */
const BRIDGED_MAX = 50_000;

/** An Arabic word's French stems (a phrase of three or two words first: البنك المركزي), else its name key. */
function bridgeArabic(
  word: string,
  stemmed: string,
  next: string | undefined,
  after: string | undefined,
  out: Set<string>,
): void {
  if (next && startsArabicPhrase(word)) {
    // Three words first (المندوبية السامية للتخطيط), then two.
    const phrase =
      (after && firstFrenchOfFolded(`${word} ${next} ${after}`)) || firstFrenchOfFolded(`${word} ${next}`);
    if (phrase) {
      for (const s of frenchStems(phrase)) out.add(s);
      return;
    }
  }
  let terms = bridged.get(word);
  if (!terms) {
    // The first translation only: the hand-written pairs come first, and a
    // word's every sense would add terms that match unrelated articles.
    const french = firstFrenchOfFolded(word) ?? firstFrenchOfFolded(stemmed);
    const key = french ? null : nameKey(word);
    terms = french ? frenchStems(french) : key ? [`~${key}`] : [];
    if (bridged.size >= BRIDGED_MAX) bridged.clear();
    bridged.set(word, terms);
  }
  for (const t of terms) out.add(t);
}
