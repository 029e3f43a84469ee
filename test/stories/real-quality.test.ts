// Story detection on the set drawn from real coverage, through the real
// path (a SQLite store, the crawler's save, the indexer): floors under what
// bench story-quality reports, so that a change that chains events
// together or loses the coverage it found fails here. Targets and figures
// are in docs/benchmarks.md ("Stories on real coverage").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  detectedStories,
  keptApart,
  type LangPair,
  loadRealSet,
  recall,
  scorePairs,
  withinTwoDays,
} from './real-set.ts';

const set = loadRealSet();
const PAIRS: LangPair[] = ['fr-fr', 'ar-ar', 'fr-ar'];

test('at their real dates, the coverage of one event is found in one story (recall floors)', async () => {
  const scores = scorePairs(set, await detectedStories(set));
  // Measured 0.859 / 0.854 / 0.853 (7 Dec, eighth session: one event's
  // coverage time three days, a story's members weighed at 0.09, and the
  // story's members in the article's language any of them the anchor:
  // src/stories/evidence.ts, src/store/stories/membership.ts); 0.834 /
  // 0.820 / 0.824 (7 Dec, seventh session: a first
  // article in the other language held to 0.035, src/store/stories/
  // membership.ts); 0.829 / 0.820 / 0.820 (a sentence's
  // first word a name when news at large knows it as one, and Arabic
  // figures behind a glued preposition, src/stories/concepts.ts);
  // 0.821 / 0.820 / 0.818 (7 Dec, sixth session: an article is
  // also stored under its six rarest names, src/stories/signature.ts);
  // 0.807 / 0.803 / 0.805 (7 Dec, fifth session: an article is
  // stored under its institutions and looks them up, src/stories/
  // signature.ts); 0.799 / 0.787 / 0.791 (a story whose members alone hold
  // an article's matches leaves out its other-language members that share
  // nothing with it, src/store/stories/membership.ts); 0.772 / 0.758 /
  // 0.762 (7 Dec, a first article in the other
  // language that tells the article nothing gives way to the story's first
  // in its language, src/store/stories/membership.ts); 0.753 / 0.730 /
  // 0.751 (7 Dec, a weekday and a month no longer
  // disagree, and months only beyond one event's coverage time:
  // src/stories/similarity.ts, WHEN_APART); 0.701 / 0.691 / 0.719 (7 Dec,
  // seventh step); 0.601 / 0.562 /
  // 0.608 before an event's shared particulars counted more and its
  // figures within a day and a half stopped counting against
  // (src/stories/similarity.ts); 0.527 / 0.545 / 0.507 before
  // articles were stored under their rarest terms (src/stories/signature.ts:
  // MinHash bands missed pairs that shared a few rare terms), 0.527 / 0.539 /
  // 0.504 before an article turned away by a story tried the next (6 Dec);
  // 0.394 / 0.365 / 0.336 before a
  // story's members were weighed together, 0.432 French/Arabic before the
  // Arabic words the lexicon does not know weighed less, 0.463 before
  // institutions' acronyms met their names (src/stories/aliases.ts), 0.508
  // French before two shared terms sufficed.
  // In one language the floors are issue 14's target, 0.85; across
  // languages (target 0.6) just under what is measured.
  const floors: Record<LangPair, number> = { 'fr-fr': 0.85, 'ar-ar': 0.85, 'fr-ar': 0.84 };
  for (const pair of PAIRS) {
    const r = recall(scores[pair]);
    assert.ok(r >= floors[pair], `${pair}: recall ${r.toFixed(3)} under ${floors[pair]}`);
  }
});

test('all published within 48 hours, the pairs of different events are kept apart (0.992, the target 0.99), and most of one event together', async () => {
  const articles = withinTwoDays(set);
  const scores = scorePairs(articles, await detectedStories(articles));
  // Measured 0.99406 / 0.99352 / 0.99447 (7 Dec, eighth session: 275 /
  // 171 / 387 of 46,297 / 26,387 / 69,938 pairs joined); 0.997 / 0.996 /
  // 0.998 (6 Dec). Without a story's members weighed together before a
  // join, stories chain: 0.992 / 0.993 / 0.995.
  for (const pair of PAIRS) {
    const k = keptApart(scores[pair]);
    assert.ok(k >= 0.992, `${pair}: ${k.toFixed(4)} kept apart`);
  }
  // Recall measured 0.617 / 0.590 / 0.521 (7 Dec, eighth session: the
  // story's members weighed at 0.09, any of its members in the article's
  // language the anchor; a coverage time of three days changes nothing
  // here, all pairs lying within 48 hours); 0.592 / 0.596 / 0.532 (7 Dec, seventh session: a
  // first article in the other language held to 0.035, with lexicon
  // pairs), kept apart 0.9951 / 0.9952 / 0.9954; 0.609 / 0.584 / 0.548 (known
  // names first in a sentence, glued Arabic figures), kept apart 0.9955 /
  // 0.9954 / 0.9955; 0.611 / 0.596 / 0.527 (7 Dec, sixth session: an
  // article also stored under its six rarest names), kept apart 0.9955 /
  // 0.9957 / 0.9963; 0.592 / 0.584 / 0.523 (7 Dec, fifth session: a
  // story's other-language members that share nothing left out when it
  // holds all the article's matches, articles stored under their
  // institutions), kept apart 0.9958 / 0.9954 / 0.9961; 0.584 / 0.579 /
  // 0.509 (7 Dec, the first article's
  // floor 0.05, in the article's language when the other tells nothing);
  // 0.549 / 0.522 / 0.511 (7 Dec, months within one event's coverage time
  // no longer count against); 0.557 / 0.573 / 0.515 (7 Dec, an article joining the
  // story of its matches it is most like, src/store/stories/detect.ts);
  // 0.524 / 0.511 / 0.489 (7 Dec, seventh step): squeezed
  // into 48 hours, events of one kind months apart fall within one
  // event's coverage time, where figures no longer count against and
  // shared names count more, so more of them share a story and take in
  // their neighbours' coverage (0.568 / 0.511 / 0.512 before; at the real
  // dates and with the events overlapping, recall rose: docs/benchmarks.md,
  // "Stories, seventh step"); 0.446 / 0.534 / 0.424
  // before articles were stored under their rarest terms, 0.378 / 0.489 /
  // 0.398 before an article turned away by the story of its best match
  // tried the next (src/store/stories/detect.ts).
  const floors: Record<LangPair, number> = { 'fr-fr': 0.6, 'ar-ar': 0.58, 'fr-ar': 0.51 };
  for (const pair of PAIRS) {
    const r = recall(scores[pair]);
    assert.ok(r >= floors[pair], `${pair}: recall ${r.toFixed(3)} under ${floors[pair]} within 48 hours`);
  }
});
