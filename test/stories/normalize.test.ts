import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  keyHashes,
  keysMeet,
  normalizedWords,
  normalizeText,
  termKey,
  similarity,
  storyTerms,
  words,
} from '../../src/stories/index.ts';

test('French: lower case, accents and ligatures folded, elisions cut, decimals kept', () => {
  assert.equal(normalizeText("L'État ŒUVRE à Al-Haouz : 6,8 ou 6.8"), 'etat oeuvre a al haouz 6.8 ou 6.8');
});

test('Arabic: tashkeel, tatweel, alef and hamza forms, taa marbuta, yaa and digits', () => {
  assert.equal(normalizeText('أَعْلَنَ'), 'اعلن');
  assert.equal(normalizeText('إعلان آخر ٱلعام'), 'اعلان اخر العام');
  assert.equal(normalizeText('مـــدرسة'), 'مدرسه');
  assert.equal(normalizeText('مؤتمر رئيس على مستوى'), 'موتمر رييس علي مستوي');
  assert.equal(normalizeText('٢٠٢٥ و ٦٫٨'), '2025 و 6.8');
});

test('stop words out and light stems: plurals and article prefixes meet', () => {
  assert.deepEqual(words('Les séismes de la région'), words('Un séisme dans une région'));
  assert.deepEqual(words('بالمغرب'), words('المغرب'));
  assert.deepEqual(words('في من على'), []);
});

test('terms read the summary, or the start of the body when there is none', () => {
  const plain = (terms: string[]) => terms.filter((t) => !t.startsWith('~'));
  const withSummary = storyTerms({ title: 'Séisme', summary: 'Marrakech', text: 'Agadir' });
  assert.deepEqual(plain(withSummary), ['seism', 'marrake']);
  const bodyOnly = storyTerms({ title: 'Séisme', summary: null, text: 'Agadir' });
  assert.deepEqual(plain(bodyOnly), ['seism', 'agadir']);
});

test('index keys are stable 32-bit integers, the rarest terms, shared by near-identical texts', () => {
  const a = storyTerms({
    title: 'Le Raja bat le Wydad 2-1',
    summary: 'Derby de Casablanca au complexe Mohammed V',
  });
  const b = storyTerms({
    title: 'Le Raja bat le Wydad 2-1',
    summary: 'Derby de Casablanca au stade Mohammed V',
  });
  const even = () => 1;
  const ha = keyHashes(a, even);
  assert.ok(ha.length > 0 && ha.every((h) => Number.isInteger(h) && h >= -(2 ** 31) && h < 2 ** 31));
  assert.deepEqual(keyHashes(a, even), ha, 'deterministic');
  assert.ok(keysMeet(a, b, even));
  assert.deepEqual(keyHashes([], even), []);
  // Stored under its rarest terms only: with one rare name and 20 plain words, the name is kept.
  const plain = Array.from({ length: 20 }, (_, i) => `mot${i}`);
  const rare = keyHashes(['akhannouch', ...plain], (t) => (t === 'akhannouch' ? 9 : 1));
  assert.equal(rare.length, 16);
  assert.ok(keysMeet(['akhannouch', 'rabat'], ['akhannouch', ...plain], (t) => (t === 'akhannouch' ? 9 : 1)));
  assert.ok(rare.includes(termKey('akhannouch')));
  const lighter = keyHashes(['akhannouch', ...plain], (t) =>
    t === 'mot19' ? 0.5 : t === 'akhannouch' ? 9 : 1,
  );
  assert.ok(!lighter.includes(termKey('mot19')), 'the plainest word left out');
});

test('different figures with the same words halve the similarity', () => {
  const a = ['raja', 'wydad', 'derby', '2', '1'];
  const b = ['raja', 'wydad', 'derby', '0'];
  const c = ['raja', 'wydad', 'derby', '2', '1', 'casablanca'];
  assert.ok(similarity(a, c) > 0.8);
  assert.ok(similarity(a, b) < 0.3);
});

test('an Arabic article and a French one of one event share terms: names, translated words, figures', () => {
  const fr = storyTerms({
    title: 'Séisme de magnitude 6,8 dans la province d’Al Haouz',
    summary: 'Aziz Akhannouch préside une réunion sur le bilan du séisme.',
  });
  const ar = storyTerms({
    title: 'زلزال بقوة 6.8 درجات يضرب إقليم الحوز',
    summary: 'أخنوش يترأس اجتماعا حول حصيلة الزلزال.',
  });
  const shared = fr.filter((t) => ar.includes(t));
  assert.ok(shared.includes('6.8'), `the magnitude: ${shared}`);
  assert.ok(shared.includes('seism'), `زلزال is séisme: ${shared}`);
  assert.ok(
    shared.some((t) => t.startsWith('~')),
    `أخنوش is Akhannouch: ${shared}`,
  );
  assert.deepEqual(
    storyTerms({
      title: 'الرجاء يفوز بثلاثية',
      summary: 'فاز الفريق بثلاثة أهداف دون رد في المباراة.',
    }).filter((t) => /^\d/.test(t)),
    ['3'],
    'goals told in words are figures',
  );
});

test('normalizedWords: the words of normalizeText, token by token (a final Σ beside U+FEFF read whole)', () => {
  const texts = [
    "L'État ŒUVRE à Al-Haouz : 6,8 ou 6.8",
    'أَعْلَنَ الحكومة ٣٫٥ بـ5,7',
    'ΟΔΟΣ\ufeffΑ αΣ\ufeffβ',
    ' a\u00a0b\u2028c… «d» ',
    "jusqu'à l’an 2.000.",
    '',
    '  ',
  ];
  for (const text of texts) {
    const whole = normalizeText(text);
    const expected = whole ? whole.split(' ') : [];
    assert.deepEqual(normalizedWords(text), expected);
    assert.deepEqual(normalizedWords(text), expected, 'from the memo');
  }
});
