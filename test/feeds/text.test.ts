import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanTitle, htmlToText } from '../../src/feeds/index.ts';

test('cleanTitle: entities (named, numeric, double-encoded), markup, white space, mojibake', () => {
  const cases: [string, string][] = [
    ['L&eacute;t&eacute; &agrave; F&egrave;s', 'Lété à Fès'],
    ['l&amp;eacute;t&amp;eacute;', 'lété'],
    ['&#233;t&#xE9; &#8217;', 'été ’'],
    ['&amp;amp;', '&'],
    ['<b>Gras</b> et <i>italique</i>', 'Gras et italique'],
    ['&lt;strong&gt;Urgent&lt;/strong&gt; : séisme', 'Urgent : séisme'],
    ['  plusieurs \n\t espaces&nbsp;ici  ', 'plusieurs espaces ici'],
    ['AT&T & Q&A', 'AT&T & Q&A'],
    ['a < b et c > d', 'a < b et c > d'],
    ['Ã‰tÃ© Ã\u00a0 Rabat', 'Été à Rabat'],
    ['Ø§Ù„Ø±Ø¨Ø§Ø·', 'الرباط'],
    ['الحُكُومَةُ   تُعْلِنُ', 'الحُكُومَةُ تُعْلِنُ'],
    ['<script>alert(1)</script>Titre', 'Titre'],
    ['', ''],
  ];
  for (const [raw, expected] of cases) assert.equal(cleanTitle(raw), expected, JSON.stringify(raw));
});

test('htmlToText: a run of white space is a space, or its line breaks (two at most) when it has any', () => {
  const html = '<p>a \u00a0\t b</p> \n <p> \r\n c</p>\n\n\n<br>d \u2028 e\u3000\u3000f';
  assert.equal(htmlToText(html), 'a b\n\nc\n\nd e f');
});

test('htmlToText keeps block boundaries so words never glue together', () => {
  assert.equal(htmlToText('<p>fin</p><p>début</p>'), 'fin\n\ndébut');
  assert.equal(htmlToText('<h2>Titre</h2>Texte'), 'Titre\n\nTexte');
  assert.equal(htmlToText('un<br>deux<br/>trois'), 'un\ndeux\ntrois');
  assert.equal(htmlToText('<ul><li>a</li><li>b</li></ul>après'), 'a\nb\n\naprès');
  assert.equal(htmlToText('<div>a</div><div>b</div>'), 'a\nb');
  assert.equal(htmlToText('<blockquote>citation</blockquote>suite'), 'citation\n\nsuite');
  assert.equal(htmlToText('<figure><img src="x"><figcaption>légende</figcaption></figure>texte'), 'texte');
  assert.equal(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>'), 'a b\nc');
  assert.equal(htmlToText('<p>un   mot\n  puis   un autre</p>'), 'un mot puis un autre');
});

test('htmlToText decodes entities and drops script and style', () => {
  assert.equal(htmlToText('<p>caf&eacute; &amp; th&#233;&nbsp;!</p>'), 'café & thé !');
  assert.equal(
    htmlToText('<style>p{color:red}</style><p>a</p><script>var x = "<p>b</p>";</script>c'),
    'a\n\nc',
  );
  assert.equal(htmlToText('texte brut sans balise'), 'texte brut sans balise');
  assert.equal(htmlToText('<p>مرحبا</p><p>بكم</p>'), 'مرحبا\n\nبكم');
  assert.equal(htmlToText(''), '');
});

test("htmlToText reads a ruby's word without its reading", () => {
  assert.equal(
    htmlToText('<p><ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>をなくす</p>'),
    '虐待をなくす',
  );
});
