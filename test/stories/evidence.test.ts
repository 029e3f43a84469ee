// The evidence that tells two events apart or together, beyond shared words:
// ordinals as numbers, days and months in both languages, the per-cent word
// that is not May, the threshold that follows the time between two
// articles, and the bands an Arabic article meets French ones through.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  KEY_TERMS,
  keyHashes,
  keysMeet,
  NEAR_THRESHOLD,
  SAME_STORY_THRESHOLD,
  similarity,
  storyTerms,
  thresholdAt,
} from '../../src/stories/index.ts';

const terms = (title: string, summary = '') => storyTerms({ title, summary, text: null });

test('an ordinal is its number: the 131e derby is الديربي 131', () => {
  const fr = terms('Le 131e derby', 'Le Wydad reste 1er après la 10ème journée');
  for (const n of ['131', '1', '10']) assert.ok(fr.includes(n), `${n} in ${fr.join(' ')}`);
  assert.ok(terms('الديربي رقم 131').includes('131'));
});

test('days and months are one term in both languages; per cent is not May', () => {
  assert.ok(terms('Le derby a eu lieu dimanche').includes('@d7'));
  assert.ok(terms('أقيم الديربي يوم الأحد').includes('@d7'));
  // أحد without its article is "one", not Sunday.
  assert.ok(!terms('أحد اللاعبين').includes('@d7'));
  assert.ok(terms('Inflation en novembre').includes('@m11'));
  assert.ok(terms('التضخم في نونبر').includes('@m11'));
  assert.ok(terms('التضخم في نوفمبر').includes('@m11'));
  assert.ok(terms('Le conseil du 17 mai').includes('@m05'));
  const percent = terms('البنك يخفض سعر الفائدة إلى 7 بالمائة');
  assert.ok(!percent.includes('@m05') && !percent.includes('mai'), percent.join(' '));
});

test('two articles naming different days are pulled apart; a shared day adds nothing by itself', () => {
  const a = terms(
    'Wydad et Raja font match nul dans le derby',
    'Le derby de Casablanca, samedi, au complexe Mohammed V.',
  );
  const sameDay = terms(
    'Derby : Wydad et Raja se neutralisent',
    'Match nul samedi au complexe Mohammed V de Casablanca.',
  );
  const otherDay = terms(
    'Derby : Wydad et Raja se neutralisent',
    'Match nul dimanche au complexe Mohammed V de Casablanca.',
  );
  const noDay = terms(
    'Derby : Wydad et Raja se neutralisent',
    'Match nul au complexe Mohammed V de Casablanca.',
  );
  assert.ok(similarity(a, otherDay) < similarity(a, sameDay) / 1.5, 'different days');
  assert.ok(
    Math.abs(similarity(a, sameDay) - similarity(a, noDay)) < 0.15,
    'a shared day weighs (almost) nothing',
  );
});

test('the threshold is lower for articles of the same hours, and the strict one far apart or without dates', () => {
  assert.equal(thresholdAt(0), NEAR_THRESHOLD);
  assert.equal(thresholdAt(12), NEAR_THRESHOLD);
  assert.ok(thresholdAt(24) > NEAR_THRESHOLD && thresholdAt(24) < SAME_STORY_THRESHOLD);
  assert.equal(thresholdAt(36), SAME_STORY_THRESHOLD);
  assert.equal(thresholdAt(100), SAME_STORY_THRESHOLD);
  assert.equal(thresholdAt(), SAME_STORY_THRESHOLD);
  assert.ok(NEAR_THRESHOLD < SAME_STORY_THRESHOLD);
});

test('an Arabic article meets the French article of its event through the terms they share', () => {
  // The Arabic article's own words are many; only names, figures and
  // translated words are in the shared space, and its rarest terms are
  // most often Arabic words, so it is stored under the shared space's
  // rarest too.
  const fr = [...'belgiqu ~sbyre ~abwqll doha mondial 2 0 lion atla'.split(' ')];
  const ar = [
    ...'اسود اطلس يسقط هدف صابير ابوخلال مونديال قطر دوح حقق منتخب وطن مغرب فوزا ثمينا نظير بلجيك دون رد ملعب ثمام جول ثاني مجموع سادس بفضل بديل'.split(
      ' ',
    ),
    ...fr,
  ];
  // Every term as rare as the next (a new archive): ties go by hash.
  const even = () => 1;
  const own = ar.filter((t) => !fr.includes(t));
  assert.ok(keysMeet(ar, fr, even));
  assert.ok(keyHashes(ar, even).length > KEY_TERMS, 'a second set of keys');
  assert.equal(keyHashes(fr, even).length, fr.length);
  // The Arabic words weigh more than the shared ones here: only the second set meets the French article.
  const arabicRarer = (t: string) => (own.includes(t) ? 5 : 1);
  assert.ok(keysMeet(ar, fr, arabicRarer));
  assert.ok(keysMeet(fr, ar, arabicRarer), 'either way round');
});

test('between articles of the same hours figures not shared do not count against; days apart they do', () => {
  // A rate decision, and another outlet's angle on it: the rate, and its own forecasts.
  const rate = terms(
    'Bank Al-Maghrib maintient son taux directeur à 3%',
    'Le conseil de Bank Al-Maghrib, réuni mardi à Rabat, garde le taux directeur à 3% et prévoit une inflation de 2,2% et une croissance de 2,1%.',
  );
  const angle = terms(
    'Croissance : Bank Al-Maghrib ne voit plus que 2,1% cette année',
    'La banque centrale, qui a gardé mardi son taux directeur, attend 2,1% de croissance, puis un rebond à 4,3% et une inflation de 2,5%.',
  );
  const near = similarity(rate, angle, undefined, 3);
  const far = similarity(rate, angle, undefined, 96);
  const unknown = similarity(rate, angle);
  assert.ok(near > far, `${near} > ${far}`);
  assert.equal(far, unknown, 'unknown dates weigh as days apart');
  // Another decision, no figure shared: days apart, halved on top of the
  // share of figures; in the same hours (another outlet's angle with its
  // own figures, as often as another event) not at all. What keeps two
  // such events apart there is the story's members weighed together
  // (detect.test.ts).
  const other = terms(
    'Bank Al-Maghrib relève son taux directeur à 2,5%',
    'Le conseil de Bank Al-Maghrib, réuni mardi à Rabat, porte le taux directeur à 2,5% face à une inflation de 8,3%.',
  );
  const otherNear = similarity(rate, other, undefined, 3);
  const otherFar = similarity(rate, other, undefined, 96);
  assert.ok(otherNear > 0, `${otherNear} > 0`);
  assert.ok(
    otherFar <= otherNear / 4 + 1e-9,
    `${otherFar} <= ${otherNear} / 4 (a quarter: halved, then a share of 1/(2+1) figures or less)`,
  );
  assert.ok(
    similarity(rate, angle, undefined, 96) > otherFar,
    'days apart, the angle that shares a figure stays above',
  );
});

test('across languages, Arabic words the lexicon does not know weigh little unless the French article has them', () => {
  const fr = terms(
    'Bank Al-Maghrib garde son taux directeur à 2,25%',
    'RABAT - Le Conseil de Bank Al-Maghrib a décidé mardi de maintenir le taux directeur à 2,25%, au vu d’une inflation modérée.',
  );
  const ar = terms(
    'بنك المغرب يثبت سعر الفائدة الرئيسي عند 2,25 في المائة',
    'الرباط - فضل مجلس بنك المغرب اليوم الثلاثاء ترك سعر الفائدة الرئيسي على حاله في 2,25 في المائة، مبررا ذلك بتضخم يظل معتدلا وبضبابية تحيط بالآفاق.',
  );
  const guessed = ar.filter((t) => t.startsWith('~'));
  assert.ok(guessed.length >= 5, `untranslated words as name keys: ${guessed.join(' ')}`);
  const score = similarity(fr, ar, undefined, 1);
  // The same Arabic article with those words gone entirely: the score moves
  // towards it (not all the way: they still weigh a quarter).
  const without = similarity(
    fr,
    ar.filter((t) => !guessed.includes(t) || fr.includes(t)),
    undefined,
    1,
  );
  const full = (() => {
    // What they would weigh in full: as many more shared-space terms the
    // French article lacks, made of letters (not name keys).
    const plain = ar.map((t) => (guessed.includes(t) && !fr.includes(t) ? t.slice(1) : t));
    return similarity(fr, plain, undefined, 1);
  })();
  assert.ok(score > full * 1.2, `${score} well above ${full}`);
  assert.ok(score <= without, `${score} <= ${without}`);
  assert.ok(score >= NEAR_THRESHOLD, `${score} >= ${NEAR_THRESHOLD}`);
});
