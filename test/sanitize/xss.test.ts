import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sanitizeArticleHtml } from '../../src/sanitize/index.ts';
import { inertnessProblems } from './inert.ts';
import { xssVectors } from './xss-vectors.ts';

const BASE = 'https://press.example/2025/03/article.html';

describe('XSS suite: every vector comes out inert and stable', () => {
  for (const vector of xssVectors()) {
    test(`#${vector.id} ${vector.name}`, () => {
      const once = sanitizeArticleHtml(vector.html, BASE);
      assert.deepEqual(inertnessProblems(once.html), [], `input: ${vector.html}\noutput: ${once.html}`);
      // Quoted values may hold " onerror=" as text (an alt, say): only attribute names count.
      const tags = once.html.replace(/"[^"]*"/g, '""');
      assert.doesNotMatch(tags, /<[^>]*\son\w+\s*=/i, 'no handler inside any tag');
      const twice = sanitizeArticleHtml(once.html, BASE);
      assert.equal(twice.html, once.html, 'sanitizing again changes nothing');
      assert.deepEqual(twice.images, once.images);
    });
  }
});

test('the inertness check itself catches what it must (so the suite can fail)', () => {
  assert.ok(inertnessProblems('<img src="x" onerror="__xss(1)">').length > 0);
  assert.ok(inertnessProblems('<a href="jav&#x09;ascript:__xss(1)">x</a>').length > 0);
  assert.ok(inertnessProblems('<img src="https://ok.example/a.jpg" srcset="data:x 1x">').length > 0);
  assert.ok(inertnessProblems('<svg><a href="https://ok.example/">x</a></svg>').length > 0);
  assert.ok(inertnessProblems('<div>x</div>').length > 0);
  assert.deepEqual(
    inertnessProblems('<p><a href="https://ok.example/" rel="noopener nofollow ugc">x</a></p>'),
    [],
  );
});
