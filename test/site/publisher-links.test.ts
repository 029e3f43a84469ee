// A publisher's own "Lire aussi" line inside a body (issue 17, point 9):
// pointed at our copy when we have it, dropped when we do not, and nothing
// else in the body touched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publisherReadAlsoLines, rewritePublisherReadAlso } from '../../src/web/site/publisher-links.ts';

const BODY = [
  '<p>Le conseil a adopté le budget mardi.</p>',
  '<p><strong>Lire aussi :</strong> <a href="https://presse.example/2026/11/budget.html?utm_source=rss" rel="nofollow noopener">Le budget en chiffres</a></p>',
  '<p>Il faut lire aussi <a href="https://ailleurs.example/x">ce rapport</a>, dit le ministre.</p>',
  '<p>À lire également : <a href="https://presse.example/2026/10/absent.html">Un article que nous n’avons pas</a></p>',
  '<p><strong>اقرأ أيضا:</strong> <a href="https://presse.example/ar/1.html">عنوان</a></p>',
  '<p>La suite du texte.</p>',
].join('\n');

test('finds the lines that open with a "read also" label and carry a link, in French and Arabic', () => {
  const lines = publisherReadAlsoLines(BODY);
  assert.deepEqual(
    lines.map((l) => l.urls),
    [
      ['https://presse.example/2026/11/budget.html'],
      ['https://presse.example/2026/10/absent.html'],
      ['https://presse.example/ar/1.html'],
    ],
    'the sentence that only says "lire aussi" in its middle is prose, not such a line',
  );
});

test('a line we have the article of leads to our page; one we do not is dropped; the rest is as it was', () => {
  const lines = publisherReadAlsoLines(BODY);
  const ours = new Map([
    ['https://presse.example/2026/11/budget.html', '/fr/presse/12'],
    ['https://presse.example/ar/1.html', '/ar/presse/13'],
  ]);
  const out = rewritePublisherReadAlso(BODY, lines, ours);
  assert.equal(
    out,
    [
      '<p>Le conseil a adopté le budget mardi.</p>',
      '<p><strong>Lire aussi :</strong> <a href="/fr/presse/12">Le budget en chiffres</a></p>',
      '<p>Il faut lire aussi <a href="https://ailleurs.example/x">ce rapport</a>, dit le ministre.</p>',
      '',
      '<p><strong>اقرأ أيضا:</strong> <a href="/ar/presse/13">عنوان</a></p>',
      '<p>La suite du texte.</p>',
    ].join('\n'),
  );
  // A body without such lines comes back as the same string.
  const plain = '<p>Rien à voir.</p>';
  assert.equal(rewritePublisherReadAlso(plain, publisherReadAlsoLines(plain), ours), plain);
});
