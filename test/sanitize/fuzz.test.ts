// Random tag soup (seeded, so a failure reproduces): whatever the nesting,
// the output must be inert and sanitizing it again must change nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeArticleHtml } from '../../src/sanitize/index.ts';
import { inertnessProblems } from './inert.ts';

const TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h5',
  'a',
  'img',
  'figure',
  'figcaption',
  'blockquote',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'b',
  'i',
  'br',
  'hr',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'colgroup',
  'col',
  'div',
  'span',
  'section',
  'font',
  'pre',
  'dl',
  'dt',
  'dd',
  'marquee',
  'noscript',
  'script',
  'style',
  'svg',
  'math',
  'mglyph',
  'mtext',
  'template',
  'textarea',
  'select',
  'option',
  'form',
  'button',
  'iframe',
  'xmp',
  'title',
  'object',
  'details',
  'summary',
  'center',
  'nav',
  'address',
  'foreignObject',
  'desc',
];
const ATTRS = [
  'href="/x"',
  'href="javascript:__xss(0)"',
  'src="/i.jpg"',
  'src="data:,"',
  'data-src="/l.jpg"',
  'srcset="/a.jpg 1x, javascript:x 2x"',
  'onerror="__xss(0)"',
  'dir="rtl"',
  'lang="ar"',
  'width="1"',
  'style="x"',
  'alt="a&quot;b"',
  'title="</p><img src=x onerror=__xss(0)>"',
];
const TEXTS = ['texte', ' ', '\n', 'نص مُشَكَّل', '&nbsp;', '&lt;b&gt;', '<!-- c -->', '<![CDATA[x]]>', 'l’été'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function soup(random: () => number, length: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  let html = '';
  for (let i = 0; i < length; i++) {
    const r = random();
    if (r < 0.45) {
      const attrs = random() < 0.5 ? ` ${pick(ATTRS)}` : '';
      html += `<${pick(TAGS)}${attrs}>`;
    } else if (r < 0.75) {
      html += `</${pick(TAGS)}>`;
    } else {
      html += pick(TEXTS);
    }
  }
  return html;
}

test('random tag soup comes out inert and stable', () => {
  const random = rng(20250301);
  for (let n = 0; n < 600; n++) {
    const html = soup(random, 5 + Math.floor(random() * 40));
    const once = sanitizeArticleHtml(html, 'https://press.example/a.html').html;
    assert.deepEqual(inertnessProblems(once), [], `input: ${html}\noutput: ${once}`);
    const twice = sanitizeArticleHtml(once, 'https://press.example/a.html').html;
    assert.equal(twice, once, `not idempotent for input: ${html}`);
  }
});
