// Whether two articles tell the same event: the weighted share of their
// terms in common, and the join-or-start decision. Figures weigh more (a
// score, a magnitude, a toll tell two matches or two earthquakes apart);
// terms found in a large share of the archive weigh nothing (the archive's
// own stop words: "gouvernement", "maroc", whatever its beat); and at least
// a few terms of weight must be shared, so two short texts do not meet on
// one word.
import { bandHashes, bandsMeet } from './signature.ts';

/** The similarity from which two articles are the same story. Measured on test/fixtures/stories. */
export const SAME_STORY_THRESHOLD = 0.3;
/** Weight a figure carries (a plain term carries 1). */
const FIGURE_WEIGHT = 3;
/** The weight two articles must share at least (three plain terms, or one figure). */
const MIN_SHARED_WEIGHT = 3;
/** A term in at least this share of the archive's articles (and in MIN_COMMON_DF of them) weighs nothing. */
const COMMON_SHARE = 0.03;
const MIN_COMMON_DF = 4;

const NUMBER = /^\d[\d.]*$/;
const YEAR = /^(?:19|20)\d\d$/;

/** A count, a score, a toll, a rate: not a year, which two different events share. */
function isFigure(term: string): boolean {
  return NUMBER.test(term) && !YEAR.test(term);
}

/** What the archive says of terms: its size and how many articles had each term. */
export interface TermStats {
  articles: number;
  df(term: string): number;
}

/** Term statistics from a corpus of term lists (tests, benchmarks). */
export function termStatsOf(corpus: Iterable<readonly string[]>): TermStats {
  const df = new Map<string, number>();
  let articles = 0;
  for (const terms of corpus) {
    articles++;
    for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return { articles, df: (t) => df.get(t) ?? 0 };
}

/** The weight of one term: 0 for the archive's common terms, more for figures. */
export function termWeight(term: string, stats?: TermStats): number {
  if (stats) {
    const df = stats.df(term);
    if (df >= MIN_COMMON_DF && df >= COMMON_SHARE * stats.articles) return 0;
  }
  return isFigure(term) ? FIGURE_WEIGHT : 1;
}

/**
 * Weighted Dice coefficient of two term sets (0 to 1). When both articles
 * give figures and share none of them, the score is halved: the same words
 * with other figures are most often another match, another quake, another
 * vote. 0 when they share less than MIN_SHARED_WEIGHT.
 */
export function similarity(a: readonly string[], b: readonly string[], stats?: TermStats): number {
  if (!a.length || !b.length) return 0;
  const setB = new Set(b);
  let wa = 0;
  let wb = 0;
  let common = 0;
  let figuresA = 0;
  let figuresB = 0;
  let figuresCommon = 0;
  for (const t of a) {
    const w = termWeight(t, stats);
    wa += w;
    const figure = isFigure(t);
    if (figure) figuresA++;
    if (setB.has(t)) {
      common += w;
      if (figure) figuresCommon++;
    }
  }
  for (const t of b) {
    wb += termWeight(t, stats);
    if (isFigure(t)) figuresB++;
  }
  if (common < MIN_SHARED_WEIGHT || wa + wb === 0) return 0;
  let score = (2 * common) / (wa + wb);
  if (figuresA && figuresB && !figuresCommon) score /= 2;
  return score;
}

/** How many terms two lists share: a cheap first look before weights are fetched. */
export function sharedTerms(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  let n = 0;
  for (const t of b) if (set.has(t)) n++;
  return n;
}

/** A candidate article found through the bands, with what the decision needs. */
export interface StoryCandidate {
  articleId: number;
  storyId: number | null;
  publishedAt: string;
  terms: readonly string[];
}

export interface StoryMatch {
  candidate: StoryCandidate;
  score: number;
}

/**
 * The join-or-start decision: the candidate most similar to the article,
 * when it reaches the threshold (the article joins its story, or makes one
 * with it); null when none does (the article stands alone for now).
 * Ties go to the candidate already in a story, then to the oldest.
 */
export function bestMatch(
  terms: readonly string[],
  candidates: readonly StoryCandidate[],
  stats?: TermStats,
  threshold = SAME_STORY_THRESHOLD,
): StoryMatch | null {
  let best: StoryMatch | null = null;
  for (const candidate of candidates) {
    const score = similarity(terms, candidate.terms, stats);
    if (score < threshold) continue;
    const inStory = candidate.storyId !== null;
    const bestInStory = best?.candidate.storyId !== null;
    if (
      !best ||
      score > best.score ||
      (score === best.score && inStory && !bestInStory) ||
      (score === best.score && inStory === bestInStory && candidate.publishedAt < best.candidate.publishedAt)
    ) {
      best = { candidate, score };
    }
  }
  return best;
}

/**
 * The detector's verdict on one pair, as detection would reach it: the two
 * must meet in a band (or one would never see the other) and be similar
 * enough. The quality test and the benchmark call this.
 */
export function sameStory(
  a: readonly string[],
  b: readonly string[],
  stats?: TermStats,
  threshold = SAME_STORY_THRESHOLD,
): boolean {
  return bandsMeet(bandHashes(a), bandHashes(b)) && similarity(a, b, stats) >= threshold;
}
