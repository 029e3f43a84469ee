// The tokens the sanitizer's serializer writes give the text htmlToText reads
// from its output (the crawler takes an article's text from them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlToText, htmlToTextFromTokens } from '../../src/feeds/index.ts';
import { sanitizeArticleHtml, sanitizeArticleHtmlWithTokens } from '../../src/sanitize/index.ts';
import { sampleArticleHtml } from './sample-article.ts';
import { CONTROL_VECTORS, xssVectors } from './xss-vectors.ts';

const BASE = 'https://a.example/article/';

const INPUTS = [
  sampleArticleHtml(20_000),
  '<p>a&nbsp;&amp;&lt;b\u00a0</p>  <p>\u0001c\u0002 d\t\r\n</p>',
  '<figure><img src="x.jpg"><figcaption>Photo : AFP</figcaption></figure>après',
  '<ul><li>un<li>deux</ul><table><caption>t</caption><tr><td>1<td>2</table>',
  '<div>bloc</div>texte<br>ligne<h1>Titre</h1><h5>petit</h5>',
  '<img data-src="l.jpg" src="data:x"><noscript><img src="n.jpg"></noscript>fin',
  'sans balise &amp; avec entité',
  '<p>  </p>',
  ...xssVectors().map((v) => v.html),
  ...CONTROL_VECTORS,
];

test('htmlToTextFromTokens: the text htmlToText reads from the sanitizer output, the same HTML written', () => {
  for (const input of INPUTS) {
    const safe = sanitizeArticleHtmlWithTokens(input, BASE);
    assert.deepEqual({ html: safe.html, images: safe.images }, sanitizeArticleHtml(input, BASE));
    assert.equal(htmlToTextFromTokens(safe.html, safe.tokens), htmlToText(safe.html), input);
  }
});

test('htmlToTextFromTokens: no tokens, the HTML is read', () => {
  assert.equal(htmlToTextFromTokens('<p>a</p><p>b</p>', []), 'a\n\nb');
});
