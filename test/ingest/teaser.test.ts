import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, teaserRuleOf } from '../../src/config/index.ts';
import { countWords, DEFAULT_TEASER_RULE, isTeaser } from '../../src/ingest/index.ts';

const teaserRuleFrom = (env: Record<string, string>) => teaserRuleOf(loadConfig(env));

const long = (n: number, end = '.') =>
  `${Array.from({ length: n }, (_, i) => (i % 2 ? 'économie' : 'marché')).join(' ')}${end}`;

test('a short text is a teaser; a long one is not', () => {
  assert.equal(isTeaser(long(20)), true);
  assert.equal(isTeaser(long(120)), false);
  assert.equal(isTeaser(null), true);
  assert.equal(isTeaser('   '), true);
});

test('a long text ending with a "read more" marker is a teaser, in French, English and Arabic', () => {
  for (const end of [
    ' …',
    '...',
    ' […]',
    ' [...]',
    ' Lire la suite',
    ' Lire la suite »',
    ' Read more →',
    ' اقرأ المزيد',
  ]) {
    assert.equal(isTeaser(long(120, end)), true, end);
  }
});

test('a long text ending with a sentence, quotes or an Arabic title is not a teaser', () => {
  assert.equal(isTeaser(long(120, '.»')), false);
  assert.equal(isTeaser(`${long(120)} اقرأ أيضا : تطوان: الولاية تدرس إصلاح أنظمة التقاعد`), false);
  assert.equal(isTeaser(`${long(120, '')} la suite de la réforme`), false);
});

test('the rule is configurable from the environment', () => {
  // A malformed number keeps the default, as it always did.
  assert.equal(teaserRuleFrom({ KIOSQUE_TEASER_MIN_WORDS: 'many' }).minWords, DEFAULT_TEASER_RULE.minWords);
  const rule = teaserRuleFrom({
    KIOSQUE_TEASER_MIN_WORDS: '10',
    KIOSQUE_TEASER_ENDINGS: 'Voir plus|المزيد هنا',
  });
  assert.deepEqual(rule, { minWords: 10, endings: ['Voir plus', 'المزيد هنا'] });
  assert.equal(isTeaser(long(20), rule), false);
  assert.equal(isTeaser(long(20, ' Voir plus'), rule), true);
  assert.deepEqual(teaserRuleFrom({}), DEFAULT_TEASER_RULE);
  // Set but empty: nothing is a teaser by its ending (with 0 words, nothing at all).
  const never = teaserRuleFrom({ KIOSQUE_TEASER_MIN_WORDS: '0', KIOSQUE_TEASER_ENDINGS: '' });
  assert.deepEqual(never, { minWords: 0, endings: [] });
  assert.equal(isTeaser(long(3, ' …'), never), false);
  assert.equal(countWords('l’économie du Maroc, 2026 — الاقتصاد المغربي'), 6);
  assert.equal(countWords(long(500), 80), 80, 'counted up to the bound only');
  assert.equal(countWords(long(5), 80), 5);
});

test('a marker after a long run of closing marks is still found', () => {
  assert.equal(isTeaser(`${long(120, ' Lire la suite')}${' »'.repeat(150)}`), true);
  assert.equal(isTeaser(`${long(120)}${' »'.repeat(150)}`), false);
  // An operator's long marker is found whole.
  const longMarker = `Pour lire la suite de cet article ${'réservé aux abonnés '.repeat(12)}abonnez-vous`;
  const rule = { minWords: 10, endings: [longMarker] };
  assert.equal(isTeaser(`${long(120)} ${longMarker}`, rule), true);
  assert.equal(isTeaser(`${long(120)} ${longMarker} puis la suite du texte.`, rule), false);
});
