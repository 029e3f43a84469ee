// Precision and recall of the real detector's verdict (the two articles
// meet in an LSH band, and their similarity reaches the threshold) over the
// labeled pairs of test/fixtures/stories: precision at least 0.9, recall at
// least 0.8 (the floors asserted below).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameStory } from '../../src/stories/index.ts';
import { labeledPairs, measure } from './labeled.ts';

test('the labeled set has at least 200 pairs in French and Arabic, with hard negatives', () => {
  const pairs = labeledPairs();
  assert.ok(pairs.length >= 200, `${pairs.length} pairs`);
  for (const language of ['fr', 'ar']) {
    const mine = pairs.filter((p) => p.a.language === language);
    assert.ok(mine.some((p) => p.same) && mine.some((p) => !p.same), `${language}: both kinds`);
  }
});

test('the detector reaches precision >= 0.9 and recall >= 0.8 on the labeled set', () => {
  const q = measure(sameStory);
  const detail = q.mistakes.map((m) => `${m.said ? 'FP' : 'FN'} ${m.pair.a.id} | ${m.pair.b.id}`).join('\n');
  assert.ok(q.precision >= 0.9, `precision ${q.precision.toFixed(3)}\n${detail}`);
  assert.ok(q.recall >= 0.8, `recall ${q.recall.toFixed(3)}\n${detail}`);
  for (const language of ['fr', 'ar'] as const) {
    const ql = measure(
      sameStory,
      labeledPairs().filter((p) => p.a.language === language),
    );
    assert.ok(ql.precision >= 0.9 && ql.recall >= 0.8, `${language}: ${ql.precision} / ${ql.recall}`);
  }
});
