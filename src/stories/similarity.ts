// Whether two articles tell the same event: the cosine of their terms,
// each weighed by how rare it is in the archive (inverse document
// frequency), and the join-or-start decision. A rare name or a figure
// shared says more than a common word; figures weigh more still (a score,
// a magnitude, a toll tell two matches or two earthquakes apart), and two
// articles days apart that give figures and share none are most often two
// events.
// At least two terms must be shared (three days apart without a figure or
// a name among them), so two short texts do not meet on one word.
// Between articles of one event's coverage time (./evidence.ts), what they
// share of its particulars (names, institutions, figures) counts for more
// than plain words, and figures that differ do not count against.
import { isDay, isFigure, isName, isWhen, withinCoverage } from './evidence.ts';
import { priorShare } from './prior.ts';
import { isArabicArticle, sharedSpaceOf, termSet } from './script.ts';
import { keysMeet } from './signature.ts';

/**
 * The similarity from which two articles are the same story when they were
 * published far apart, or when their dates are not known (the old labelled
 * set, test/fixtures/stories): two councils of one minister, two derbies,
 * months apart, share most of their words.
 */
export const SAME_STORY_THRESHOLD = 0.2;
/**
 * The similarity that suffices between articles published within NEAR_HOURS
 * of each other: outlets telling one event in their own words share few
 * words, and on the day they appear together. Between NEAR_HOURS and
 * FAR_HOURS the threshold rises to SAME_STORY_THRESHOLD. Measured on the
 * set drawn from real coverage (test/fixtures/stories/real, bench
 * story-quality): the lowest that keeps 0.99 of different events apart
 * when all of them are published within 48 hours, with a story's members
 * weighed together before an article joins (STORY_LIKENESS in
 * src/store/stories/membership.ts).
 */
export const NEAR_THRESHOLD = 0.08;
const NEAR_HOURS = 12;
const FAR_HOURS = 36;

/** The threshold for two articles published this many hours apart (SAME_STORY_THRESHOLD when unknown). */
export function thresholdAt(hoursApart?: number): number {
  if (hoursApart === undefined || !Number.isFinite(hoursApart)) return SAME_STORY_THRESHOLD;
  const h = Math.abs(hoursApart);
  if (h <= NEAR_HOURS) return NEAR_THRESHOLD;
  const share = Math.min(1, (h - NEAR_HOURS) / (FAR_HOURS - NEAR_HOURS));
  return NEAR_THRESHOLD + share * (SAME_STORY_THRESHOLD - NEAR_THRESHOLD);
}

/** Whether two articles were published within NEAR_HOURS of each other (false when not known). */
function sameHours(hoursApart: number | undefined): boolean {
  return hoursApart !== undefined && Number.isFinite(hoursApart) && Math.abs(hoursApart) <= NEAR_HOURS;
}

/** Hours between two ISO dates. */
export function hoursApart(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / 3_600_000;
}

/** How much more a figure weighs than a word as rare as it. */
const FIGURE_WEIGHT = 1.5;
/**
 * What a name key of an Arabic word weighs, in a comparison with a French
 * article that does not have it (similarity). Measured on the set drawn
 * from real coverage (bench story-quality): French/Arabic pairs found
 * 0.432 -> 0.463 at their real dates, 0.254 -> 0.313 within 48 hours, as
 * many different events kept apart; 0.1 found a little more French/Arabic
 * and lost French pairs.
 */
const UNTRANSLATED_WEIGHT = 0.25;
/**
 * What a similarity keeps when both articles name days of the week and
 * share none, or name months and share none (further apart than
 * COVERAGE_HOURS): most often two events of one kind told on different
 * days (two derbies, two councils). 0.5 before the particulars counted
 * double (PARTICULAR_WEIGHT); with them, on the set drawn from real
 * coverage (bench story-quality), 0.1 kept different events apart within
 * 48 hours 0.993 / 0.992 / 0.994 -> 0.996 / 0.995 / 0.997, recall at the
 * real dates 0.02–0.03 lower; 0 (a veto) kept as many apart and found
 * fewer, and would part a near copy that names the next day. A day and a
 * month were one kind before: "mercredi" against "en mai dernier" cut a
 * pair of one event to a tenth; each kind apart, and months not within one
 * event's coverage time, recall at the real dates 0.701 / 0.691 / 0.719 ->
 * 0.753 / 0.730 / 0.751, kept apart within 48 hours 0.996 / 0.996 / 0.997
 * -> 0.996 / 0.996 / 0.996 (with days not counting within it either:
 * 0.990–0.993).
 */
const WHEN_APART = 0.1;
/**
 * How much a shared particular of the event (a name, an institution, a
 * figure: ./evidence.ts) counts, against a plain word as rare, between
 * articles published within COVERAGE_HOURS: two outlets' own angles on one
 * event share an institution, a name or a figure and few plain words.
 * Only the shared ones count more (an article's own names do not weigh
 * more against the other). On the set drawn from real coverage (bench
 * story-quality), recall at the real dates 0.663 / 0.674 / 0.683 ->
 * 0.728 / 0.725 / 0.738; 1.5 found less, 2.5 lost pairs within 48 hours
 * (a busy day's events share names too).
 */
const PARTICULAR_WEIGHT = 2;
/**
 * Terms two articles must share at least, so that two short texts do not
 * meet on one word: two for articles of the same hours (two outlets' own
 * angles on one event often share two plain words and the institution's
 * name written differently); days apart, or when the dates are not known,
 * three, or two when a figure, a name or an institution (=bam) is among
 * them ("la banque centrale" and "une centrale solaire … une banque" a day
 * apart are two stories). On the set drawn from real coverage, two within
 * the same hours: 0.508 / 0.534 / 0.487 -> 0.527 / 0.539 / 0.504 at the real
 * dates, 0.359 / 0.393 / 0.324 -> 0.378 / 0.489 / 0.398 within 48 hours,
 * different events kept apart as before (0.996 / 0.996 / 0.997).
 */
const MIN_SHARED = 2;
const MIN_SHARED_APART = 3;
/** A term in at least this share of the archive's articles (and in MIN_COMMON_DF of them) is not looked up in the index. */
const COMMON_SHARE = 0.03;
const MIN_COMMON_DF = 4;
/**
 * A term in at least this share of the articles (the archive's and the
 * prior's, below; and in MIN_COMMON_DF of the archive's) weighs nothing in
 * the similarity: a word that common tells no event from another. Without it, the inverse document
 * frequency still gave such words a sixth of a name's weight, and two
 * articles of the generated press (a closed vocabulary: test/fixtures/
 * press-server) sharing ten of them and a first name were one story: 44 %
 * of random pairs above the threshold, 16 % with it; in the ingest
 * benchmark's crawl, detection's time per batch fell by a quarter (fewer
 * joins). On the set drawn from real coverage (bench story-quality),
 * recall at the real dates 0.590 / 0.562 / 0.607 -> 0.601 / 0.562 / 0.608,
 * within 48 hours 0.538 / 0.506 / 0.519 -> 0.522 / 0.489 / 0.505, as many
 * different events kept apart; 0.05 cost more recall (0.538 / 0.511 / 0.563).
 */
const FLAT_SHARE = 0.1;

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

/** Whether a term is one of the archive's common ones (band lookups skip them: candidates.ts). */
export function termWeight(term: string, stats?: TermStats): number {
  if (stats) {
    const df = stats.df(term);
    if (df >= MIN_COMMON_DF && df >= COMMON_SHARE * stats.articles) return 0;
  }
  return isFigure(term) ? FIGURE_WEIGHT : 1;
}

/**
 * The archive a new installation is assumed to have before its own: so many
 * articles of news at large, whose term frequencies are the prior's
 * (./prior.ts, from real pages of the region's press). A few hundred
 * articles of one's own then do not make the day's big story look like a
 * stop word, and words common in all news stay light; from tens of
 * thousands on, the archive's own counts decide.
 */
const PRIOR_ARTICLES = 1000;

/**
 * Each statistics' weights as computed: an article meets tens of candidates
 * in a batch, and the same terms were weighed again for each (a TermStats
 * does not change once made: detection makes one per batch).
 */
const weighed = new WeakMap<TermStats, Map<string, number>>();

/** How much a shared term says: how rare it is in the archive and in news at large (1 without statistics), more for figures; the index stores an article under its rarest terms (./signature.ts). */
export function rarity(term: string, stats?: TermStats): number {
  if (!stats) return isFigure(term) ? FIGURE_WEIGHT : 1;
  let weights = weighed.get(stats);
  if (!weights) {
    weights = new Map();
    weighed.set(stats, weights);
  }
  let w = weights.get(term);
  if (w === undefined) {
    const df = stats.df(term) + PRIOR_ARTICLES * priorShare(term);
    const articles = stats.articles + PRIOR_ARTICLES;
    const idf = Math.log((articles + 1) / (df + 1));
    // A word a tenth of the articles have (the archive's with news at
    // large's: a new installation's big story is not flat) says nothing of
    // one event.
    const flat = stats.df(term) >= MIN_COMMON_DF && df >= FLAT_SHARE * articles;
    w = flat ? 0 : Math.max(0, idf) * (isFigure(term) ? FIGURE_WEIGHT : 1);
    weights.set(term, w);
  }
  return w;
}

/** What a term is, for similarity: kept per list (weighedTerms). */
const WORD = 0;
const FIGURE = 1;
const NAME = 2;
const DAY = 3;
const MONTH = 4;

interface WeighedTerms {
  stats: TermStats | undefined;
  /** Each term's rarity (0 for days and months), in the list's order. */
  weights: Float64Array;
  kinds: Uint8Array;
  /** The list as a set (termSet). */
  set: ReadonlySet<string>;
  /** The sum of the weights, in the list's order (as similarity summed it per pair). */
  total: number;
  figures: number;
  days: number;
  months: number;
}

const weighedLists = new WeakMap<readonly string[], WeighedTerms>();

/**
 * A term list's weights and kinds under some statistics: an article is
 * weighed against each of its candidates, and a candidate against each
 * article of the batch that meets it, with the same statistics.
 */
function weighedTerms(terms: readonly string[], stats: TermStats | undefined): WeighedTerms {
  const known = weighedLists.get(terms);
  if (known && known.stats === stats) return known;
  const weights = new Float64Array(terms.length);
  const kinds = new Uint8Array(terms.length);
  let total = 0;
  let figures = 0;
  let days = 0;
  let months = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as string;
    if (isWhen(t)) {
      if (isDay(t)) {
        kinds[i] = DAY;
        days++;
      } else {
        kinds[i] = MONTH;
        months++;
      }
      continue;
    }
    const w = rarity(t, stats);
    weights[i] = w;
    total += w;
    if (isFigure(t)) {
      kinds[i] = FIGURE;
      figures++;
    } else if (isName(t)) kinds[i] = NAME;
  }
  const weighed: WeighedTerms = { stats, weights, kinds, set: termSet(terms), total, figures, days, months };
  weighedLists.set(terms, weighed);
  return weighed;
}

/**
 * The weight two term sets share over the geometric mean of their weights
 * (a cosine of the sets, each term counted by its rarity; 0 to 1). Within
 * COVERAGE_HOURS (`hoursApart`), a shared name, institution or figure
 * counts PARTICULAR_WEIGHT times. When both articles give figures and were
 * published more than COVERAGE_HOURS apart (or when not known), the score
 * shrinks with the share of them they do not share, and halves when they
 * share none: the same words with other figures days apart are most often
 * another match, another quake, another vote. Both name days of the week
 * and share none, or (further apart than COVERAGE_HOURS) months and share
 * none: WHEN_APART of it. 0 when they share fewer than MIN_SHARED
 * terms (MIN_SHARED_APART days apart without a figure or a name among them).
 */
export function similarity(
  first: readonly string[],
  second: readonly string[],
  stats?: TermStats,
  hoursApart?: number,
): number {
  // Across languages, only the shared space counts (./concepts.ts: the
  // Arabic article's translated words, names and figures): its Arabic
  // words, which the French one cannot have, would only dilute the score.
  const across = isArabicArticle(first) !== isArabicArticle(second);
  const a = across && isArabicArticle(first) ? sharedSpaceOf(first) : first;
  const b = across && isArabicArticle(second) ? sharedSpaceOf(second) : second;
  if (!a.length || !b.length) return 0;
  // One event's coverage: its shared particulars count more (PARTICULAR_WEIGHT).
  const particular = withinCoverage(hoursApart) ? PARTICULAR_WEIGHT : 1;
  let wa: number;
  let wb: number;
  let common = 0;
  let shared = 0;
  let figuresA: number;
  let figuresB: number;
  let figuresCommon = 0;
  let namesCommon = 0;
  // Days and months named, each kind apart (a weekday and a month never
  // disagree: "mercredi" and "en mai dernier" can be one event).
  const days = { a: 0, b: 0, common: 0 };
  const months = { a: 0, b: 0, common: 0 };
  if (!across) {
    // In one language each list's own sums (its weight, figures, days and
    // months) do not depend on the other list: taken from its weighed
    // terms (kept per list and statistics), so a pair costs one look at
    // the other's set per term, and the shared terms' weights, summed in
    // the same order as below, give the same score to the last bit.
    const ka = weighedTerms(a, stats);
    const kb = weighedTerms(b, stats);
    const setB = kb.set;
    wa = ka.total;
    wb = kb.total;
    figuresA = ka.figures;
    figuresB = kb.figures;
    days.a = ka.days;
    days.b = kb.days;
    months.a = ka.months;
    months.b = kb.months;
    for (let i = 0; i < a.length; i++) {
      const t = a[i] as string;
      if (!setB.has(t)) continue;
      const kind = ka.kinds[i] as number;
      if (kind === DAY) days.common++;
      else if (kind === MONTH) months.common++;
      else {
        const w = ka.weights[i] as number;
        common += kind === WORD ? w : w * particular;
        shared++;
        if (kind === FIGURE) figuresCommon++;
        else if (kind === NAME) namesCommon++;
      }
    }
  } else {
    const setA = termSet(a);
    const setB = termSet(b);
    // An Arabic word the lexicon does not know stands in the shared space as
    // the phonetic key of a possible name (~ytbt for يثبت, "keeps"): most are
    // ordinary words, which the French article can never share. Not shared,
    // they weigh UNTRANSLATED_WEIGHT of their rarity in the Arabic
    // article's total, so that a lexicon's gaps do not drown the names,
    // figures and translated words both articles have.
    const guessA = isArabicArticle(first) ? UNTRANSLATED_WEIGHT : 1;
    const guessB = isArabicArticle(second) ? UNTRANSLATED_WEIGHT : 1;
    wa = 0;
    wb = 0;
    figuresA = 0;
    figuresB = 0;
    for (const t of a) {
      // A day or a month only tells events apart (below): shared, it says
      // little (every day has its derbies), so it weighs nothing.
      if (isWhen(t)) {
        const when = isDay(t) ? days : months;
        when.a++;
        if (setB.has(t)) when.common++;
        continue;
      }
      const w = rarity(t, stats);
      const mine = !setB.has(t);
      wa += mine && t.startsWith('~') ? w * guessA : w;
      const figure = isFigure(t);
      if (figure) figuresA++;
      if (!mine) {
        const name = !figure && isName(t);
        common += figure || name ? w * particular : w;
        shared++;
        if (figure) figuresCommon++;
        else if (name) namesCommon++;
      }
    }
    for (const t of b) {
      if (isWhen(t)) {
        (isDay(t) ? days : months).b++;
        continue;
      }
      const w = rarity(t, stats);
      wb += !setA.has(t) && t.startsWith('~') ? w * guessB : w;
      if (isFigure(t)) figuresB++;
    }
  }
  if (
    shared < (sameHours(hoursApart) || figuresCommon || namesCommon ? MIN_SHARED : MIN_SHARED_APART) ||
    !wa ||
    !wb
  )
    return 0;
  // Shared particulars counted more may take a near copy past 1.
  let score = Math.min(1, common / Math.sqrt(wa * wb));
  if (figuresA && figuresB) {
    // Figures that disagree, for articles days apart: scaled by the share
    // of the fewer figures found in the other article too, and halved
    // when none is. Within one event's coverage time figures say little
    // against: there outlets' angles on one event give figures of their
    // own (a growth forecast beside a rate, a region's jobless rate beside
    // the national one, a toll that rises through the day), while
    // recurring events of one kind come days or months apart. (Applied
    // from 12 hours on before, it parted angles published the next
    // morning; from 36: recall at the real dates 0.601 / 0.562 / 0.608 ->
    // 0.663 / 0.674 / 0.683, bench story-quality.)
    if (!withinCoverage(hoursApart)) {
      score *= (figuresCommon + 1) / (Math.min(figuresA, figuresB) + 1);
      if (!figuresCommon) score /= 2;
    }
  }
  // Days named by both and none shared: most often two events of one kind
  // (two derbies, two councils), told on different days. Months likewise,
  // but only between articles further apart than one event's coverage
  // time: within it a month named is most often the period an event's
  // figures are about (November's inflation published in December, a
  // growth forecast for the year since June), which two outlets' angles
  // name differently, while two events of one kind told in different
  // months (monthly figures, councils) come weeks apart.
  const daysApart = days.a && days.b && !days.common;
  const monthsApart = months.a && months.b && !months.common && !withinCoverage(hoursApart);
  if (daysApart || monthsApart) score *= WHEN_APART;
  return score;
}

/** How many terms two lists share: a cheap first look before weights are fetched. */
export function sharedTerms(a: readonly string[] | ReadonlySet<string>, b: readonly string[]): number {
  return sharesAtLeast(a, b, Number.POSITIVE_INFINITY);
}

/** How many terms two lists share, counted up to `enough` (a candidate's first look stops there). */
export function sharesAtLeast(
  a: readonly string[] | ReadonlySet<string>,
  b: readonly string[],
  enough: number,
): number {
  const set = a instanceof Set ? a : new Set(a);
  let n = 0;
  for (const t of b) if (set.has(t) && ++n >= enough) break;
  return n;
}

/** A candidate article found through the bands, with what the decision needs. */
export interface StoryCandidate {
  articleId: number;
  /** The candidate's publication. */
  sourceId: number;
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
 * The threshold is the one for the two articles' distance in time
 * (thresholdAt) when the article's date is given, else `threshold`.
 * Ties go to the candidate already in a story, then to the oldest. A story
 * begins with two publications: an article of `sourceId` may join a story
 * its own publication is in, but never makes one with another article of
 * that publication alone (one site's recurring words are not coverage).
 */
export function bestMatch(
  terms: readonly string[],
  candidates: readonly StoryCandidate[],
  stats?: TermStats,
  options: { threshold?: number; sourceId?: number; publishedAt?: string } = {},
): StoryMatch | null {
  return rankedMatches(terms, candidates, stats, options)[0] ?? null;
}

/**
 * Every candidate that reaches the threshold, best first (bestMatch's
 * order): when the best one's story turns the article away (its members
 * as a whole are not like it: membership.ts), the next may be the story
 * it belongs to.
 */
export function rankedMatches(
  terms: readonly string[],
  candidates: readonly StoryCandidate[],
  stats?: TermStats,
  options: { threshold?: number; sourceId?: number; publishedAt?: string } = {},
): StoryMatch[] {
  const { sourceId, publishedAt } = options;
  const matches: StoryMatch[] = [];
  for (const candidate of candidates) {
    if (candidate.storyId === null && candidate.sourceId === sourceId) continue;
    const apart = publishedAt === undefined ? undefined : hoursApart(publishedAt, candidate.publishedAt);
    const score = similarity(terms, candidate.terms, stats, apart);
    const threshold = apart === undefined ? (options.threshold ?? SAME_STORY_THRESHOLD) : thresholdAt(apart);
    if (score >= threshold) matches.push({ candidate, score });
  }
  return matches.sort(
    (x, y) =>
      y.score - x.score ||
      Number(y.candidate.storyId !== null) - Number(x.candidate.storyId !== null) ||
      // ISO dates compare as strings (localeCompare would weigh their punctuation by locale).
      (x.candidate.publishedAt < y.candidate.publishedAt
        ? -1
        : x.candidate.publishedAt > y.candidate.publishedAt
          ? 1
          : 0),
  );
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
  return keysMeet(a, b, (t) => rarity(t, stats)) && similarity(a, b, stats) >= threshold;
}
