// similarity() in one language takes each list's own sums from weights kept
// per list (src/stories/similarity.ts, weighedTerms). This holds it to the
// plain definition, computed pair by pair as it was before, on the terms of
// the set drawn from real coverage: the same score to the last bit, for
// same-language pairs at several distances in time, with and without the
// archive's statistics, and for lists weighed under one statistics and then
// another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rarity, similarity, storyTerms, type TermStats, termStatsOf } from '../../src/stories/index.ts';
import { isDay, isFigure, isName, isWhen, withinCoverage } from '../../src/stories/evidence.ts';
import { loadRealSet } from './real-set.ts';

/** The same-language score as similarity() computed it pair by pair (its constants as they stand). */
function plainSimilarity(a: readonly string[], b: readonly string[], stats?: TermStats, hoursApart?: number) {
  if (!a.length || !b.length) return 0;
  const setB = new Set(b);
  const particular = withinCoverage(hoursApart) ? 2 : 1;
  let wa = 0;
  let wb = 0;
  let common = 0;
  let shared = 0;
  let figuresA = 0;
  let figuresB = 0;
  let figuresCommon = 0;
  let namesCommon = 0;
  const days = { a: 0, b: 0, common: 0 };
  const months = { a: 0, b: 0, common: 0 };
  for (const t of a) {
    if (isWhen(t)) {
      const when = isDay(t) ? days : months;
      when.a++;
      if (setB.has(t)) when.common++;
      continue;
    }
    const w = rarity(t, stats);
    wa += w;
    const figure = isFigure(t);
    if (figure) figuresA++;
    if (setB.has(t)) {
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
    wb += rarity(t, stats);
    if (isFigure(t)) figuresB++;
  }
  const near = hoursApart !== undefined && Number.isFinite(hoursApart) && Math.abs(hoursApart) <= 12;
  if (shared < (near || figuresCommon || namesCommon ? 2 : 3) || !wa || !wb) return 0;
  let score = Math.min(1, common / Math.sqrt(wa * wb));
  if (figuresA && figuresB && !withinCoverage(hoursApart)) {
    score *= (figuresCommon + 1) / (Math.min(figuresA, figuresB) + 1);
    if (!figuresCommon) score /= 2;
  }
  const daysApart = days.a && days.b && !days.common;
  const monthsApart = months.a && months.b && !months.common && !withinCoverage(hoursApart);
  if (daysApart || monthsApart) score *= 0.1;
  return score;
}

test('similarity in one language gives the pair-by-pair score to the last bit, on real coverage', () => {
  const set = loadRealSet();
  const byLang = (lang: string) =>
    set
      .filter((a) => a.lang === lang)
      .slice(0, 160)
      .map((a) => storyTerms({ title: a.title, summary: a.lead, text: null }));
  const allStats = termStatsOf(set.map((a) => storyTerms({ title: a.title, summary: a.lead, text: null })));
  const fewStats = termStatsOf(byLang('fr').slice(0, 20));
  let compared = 0;
  let positive = 0;
  for (const lists of [byLang('fr'), byLang('ar')]) {
    // Each list is weighed under one statistics, then another, then none: the kept weights must follow.
    for (const stats of [allStats, fewStats, undefined, allStats]) {
      for (let i = 0; i < lists.length; i++) {
        for (let j = i + 1; j < lists.length; j += 7) {
          const a = lists[i] as string[];
          const b = lists[j] as string[];
          for (const hours of [undefined, 2, 30, 100]) {
            const fast = similarity(a, b, stats, hours);
            assert.equal(fast, plainSimilarity(a, b, stats, hours), `pair ${i}, ${j} at ${hours} h`);
            compared++;
            if (fast > 0) positive++;
          }
        }
      }
    }
  }
  // Enough pairs, and enough that score: a check of zeros would prove nothing.
  assert.ok(compared > 10_000, `compared ${compared}`);
  assert.ok(positive > 300, `positive ${positive}`);
});
