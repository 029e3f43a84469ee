// normalizeTokensPair reads the words two texts begin with in common once:
// it must give what normalizeTokens gives for each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeTokens, normalizeTokensPair } from '../../src/search/normalize.ts';

const WORDS = [
  'Séisme',
  'à',
  'Rabat',
  "l'économie",
  'الحكومة',
  'و',
  '12',
  '😀',
  'e\u0301t\u00e9',
  '-',
  '’',
  '',
  ' ',
  '\n',
];

function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

function randomText(next: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += WORDS[Math.floor(next() * WORDS.length)] + (next() < 0.7 ? ' ' : '');
  return s;
}

test('normalizeTokensPair: the same as normalizeTokens of each', () => {
  const next = lcg(42);
  for (let i = 0; i < 20_000; i++) {
    const common = randomText(next, Math.floor(next() * 8));
    const a = common + randomText(next, Math.floor(next() * 4));
    const b = (next() < 0.2 ? randomText(next, 2) : '') + common + randomText(next, Math.floor(next() * 6));
    const max = next() < 0.3 ? Math.floor(next() * 6) : Number.POSITIVE_INFINITY;
    const [x, y] = next() < 0.5 ? [a, b] : [b, a];
    assert.deepEqual(
      normalizeTokensPair(x, y, max),
      [normalizeTokens(x, max), normalizeTokens(y, max)],
      JSON.stringify([x, y, max]),
    );
  }
  // A summary cut in a word, and the text it was cut from.
  const text = 'Le gouvernement annonce un plan pour l’eau potable à Agadir.';
  assert.deepEqual(normalizeTokensPair('Le gouvernement annonce un pl…', text, 100), [
    normalizeTokens('Le gouvernement annonce un pl…'),
    normalizeTokens(text),
  ]);
});
