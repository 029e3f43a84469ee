// The white-space replacements match only the runs that change (a lone space
// is left alone): the result must be the one of the plain `[…]+` regexes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finishBreaks, SOURCE_SPACE } from '../../src/feeds/text.ts';
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

const MARKED = [
  'a',
  'é',
  ' ',
  ' ',
  ' ',
  '\n',
  '\n',
  '\t',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u200b',
  '\u0001',
  '\u0002',
];

/** What finishBreaks replaced: the markers' runs to breaks, then normalizeLines. */
function finishBreaksBefore(text: string): string {
  const broken = text.replace(/[ \u0001\u0002]*[\u0001\u0002][ \u0001\u0002]*/g, (run) =>
    run.includes('\u0002') ? '\n\n' : '\n',
  );
  return broken
    .replace(/\s{2,}|[^\S ]/g, (run) => {
      const first = run.indexOf('\n');
      if (first === -1) return ' ';
      return run.indexOf('\n', first + 1) === -1 ? '\n' : '\n\n';
    })
    .trim();
}

test('finishBreaks: the same as the markers replaced, then normalizeLines', () => {
  const next = lcg(17);
  for (let i = 0; i < 100_000; i++) {
    let s = '';
    const n = Math.floor(next() * 14);
    for (let k = 0; k < n; k++) s += MARKED[Math.floor(next() * MARKED.length)];
    assert.equal(finishBreaks(s), finishBreaksBefore(s), JSON.stringify(s));
  }
  const prose = 'Un texte\u0002 de prose\u0001 \u0001ordinaire, \n\u00a0 avec\u0002\u0001 ses blancs.';
  assert.equal(finishBreaks(prose.repeat(50)), finishBreaksBefore(prose.repeat(50)));
});
