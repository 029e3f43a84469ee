// The white-space replacements match only the runs that change (a lone space
// is left alone): the result must be the one of the plain `[…]+` regexes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SOURCE_SPACE } from '../../src/feeds/text.ts';
import { collapseWhitespace, SPACE_RUN_TO_CHANGE } from '../../src/util/text.ts';

const ALPHABET = [
  'a',
  'é',
  'Ã',
  ' ',
  ' ',
  '\n',
  '\t',
  '\r',
  '\u00a0',
  '\u200b',
  '\ufeff',
  '\u0001',
  '\u0002',
  '\u2028',
  '\u3000',
];

function randomText(next: () => number): string {
  let s = '';
  const n = Math.floor(next() * 12);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

/** A small seeded generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

test('collapseWhitespace and SOURCE_SPACE: the same as every run replaced', () => {
  const next = lcg(16);
  for (let i = 0; i < 50_000; i++) {
    const s = randomText(next);
    assert.equal(collapseWhitespace(s), s.replace(/[\s\u00A0\u200B\uFEFF]+/g, ' ').trim(), JSON.stringify(s));
    assert.equal(
      s.replace(SPACE_RUN_TO_CHANGE, ' '),
      s.replace(/[\s\u00A0\u200B\uFEFF]+/g, ' '),
      JSON.stringify(s),
    );
    assert.equal(s.replace(SOURCE_SPACE, ' '), s.replace(/[\s\u0001\u0002]+/g, ' '), JSON.stringify(s));
  }
});
