// plan.ts hashes prints and content with crypto.hash (one-shot): the digest
// must be the one a Hash object gives, for any text the feeds hold.
import assert from 'node:assert/strict';
import { createHash, hash } from 'node:crypto';
import { test } from 'node:test';

test('crypto.hash sha1: the same hex digest as createHash, lone surrogates and NUL included', () => {
  for (const s of [
    '',
    'abc',
    'été’«»',
    'الرباط',
    '😀',
    '\ud800x',
    'a\udfff',
    'x\u0000y',
    'é'.repeat(100_001),
  ])
    assert.equal(
      hash('sha1', s, 'hex'),
      createHash('sha1').update(s).digest('hex'),
      JSON.stringify(s.slice(0, 20)),
    );
});
