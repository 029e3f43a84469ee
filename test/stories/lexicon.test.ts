import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { arabicToFrench, frenchToArabic, lexiconEntries } from '../../src/stories/lexicon.ts';

const FILES = ['fr-ar.tsv', 'fr-ar-news.tsv'].map(
  (name) => new URL(`../../src/stories/lexicon/${name}`, import.meta.url),
);
const ARABIC_LETTER = /[\u0621-\u064A]/;
const PLAIN_ARABIC = /^[\u0621-\u063A\u0641-\u064A]+(?: [\u0621-\u063A\u0641-\u064A]+)*$/;

test('the news vocabulary meets in both directions', () => {
  for (const [french, arabic] of [
    ['séisme', 'زلزال'],
    ['gouvernement', 'حكومة'],
    ['inflation', 'تضخم'],
    ['chômage', 'بطالة'],
    ['maroc', 'المغرب'],
    ['casablanca', 'الدار البيضاء'],
    ['wydad', 'الوداد'],
    ['août', 'غشت'],
    ['douze', 'اثنا عشر'],
  ] as const) {
    assert.ok(frenchToArabic(french).includes(arabic), `${french} → ${arabic}`);
    assert.ok(arabicToFrench(arabic).includes(french), `${arabic} → ${french}`);
  }
});

test('phrases are entries too, and lexiconEntries lists them', () => {
  assert.ok(frenchToArabic('banque centrale').includes('البنك المركزي'));
  assert.ok(frenchToArabic('Conseil de sécurité').includes('مجلس الأمن'));
  assert.ok(arabicToFrench('سعر الفائدة الرئيسي').includes('taux directeur'));
  const entries = lexiconEntries();
  assert.ok(entries.some((e) => e.french === 'coupe du monde' && e.arabic === 'كأس العالم'));
  assert.ok(entries.some((e) => e.french === 'séisme' && e.arabic === 'زلزال'));
});

test('look-ups fold case, accents, diacritics and the article as the story detector does', () => {
  assert.deepEqual(frenchToArabic('Séisme'), frenchToArabic('seisme'));
  assert.ok(arabicToFrench('زِلْزَال').includes('séisme'));
  assert.ok(arabicToFrench('الحكومة').includes('gouvernement'));
  assert.ok(arabicToFrench('حكومه').includes('gouvernement'));
  // A name keeps its article and is found with it.
  assert.ok(arabicToFrench('المغرب').includes('maroc'));
  assert.deepEqual(frenchToArabic('mot inconnu du lexique'), []);
  assert.deepEqual(arabicToFrench('كلمةغيرموجودة'), []);
});

test('answers are copies: changing one does not change the lexicon', () => {
  frenchToArabic('séisme').push('junk');
  assert.ok(!frenchToArabic('séisme').includes('junk'));
});

test('junk pivots through an English word of many senses are left out', () => {
  // Each of these is a candidate of the raw pivot, removed by one of the
  // build script's rules.
  for (const [french, arabic] of [
    ['armoire', 'وزارة'], // cabinet: the piece of furniture, the ministry
    ['fou', 'بندق'], // nuts: crazy, hazelnuts
    ['rigide', 'جثة'], // stiff: rigid, a corpse
    ['gallois', 'تهرب من السداد'], // welsh: Welsh, to welsh on a debt
    ['heureusement', 'لسوء الحظ'], // eng-fra's unfortunately → heureusement
  ] as const) {
    assert.ok(!frenchToArabic(french).includes(arabic), `${french} ↛ ${arabic}`);
  }
});

test('every line of both files is a well-formed pair', () => {
  for (const url of FILES) {
    const lines = readFileSync(url, 'utf8').split('\n');
    assert.equal(lines.at(-1), '', `${url.pathname} ends with a newline`);
    const seen = new Set<string>();
    let pairs = 0;
    lines.slice(0, -1).forEach((line, i) => {
      const where = `${url.pathname.split('/').pop()}:${i + 1}`;
      if (line.startsWith('#')) return;
      const fields = line.split('\t');
      assert.equal(fields.length, 2, `${where}: two fields`);
      const [french = '', arabic = ''] = fields;
      assert.ok(french && arabic, `${where}: non-empty fields`);
      assert.equal(french, french.trim().toLowerCase(), `${where}: French in lower case, trimmed`);
      assert.ok(!ARABIC_LETTER.test(french), `${where}: no Arabic letter in the French field`);
      assert.ok(/\p{Script=Latin}/u.test(french), `${where}: Latin letters in the French field`);
      assert.ok(PLAIN_ARABIC.test(arabic), `${where}: Arabic letters only, no diacritics`);
      assert.ok(!seen.has(line), `${where}: not a repeat`);
      seen.add(line);
      pairs++;
    });
    assert.ok(pairs > 500, `${url.pathname}: ${pairs} pairs`);
  }
});

test('the committed files stay small', () => {
  for (const url of FILES) assert.ok(statSync(url).size < 1_000_000, url.pathname);
});
