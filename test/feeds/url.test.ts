import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalizeUrl, resolveUrl } from '../../src/feeds/index.ts';

const cases: [string, string | undefined, string | null][] = [
  ['HTTP://WWW.Exemple.MA:80/Politique/', undefined, 'http://www.exemple.ma/Politique/'],
  ['https://exemple.ma:443/a', undefined, 'https://exemple.ma/a'],
  ['https://exemple.ma:8443/a', undefined, 'https://exemple.ma:8443/a'],
  ['https://exemple.ma/a#commentaires', undefined, 'https://exemple.ma/a'],
  ['/a/b?x=1', 'https://exemple.ma/rss/feed.xml', 'https://exemple.ma/a/b?x=1'],
  ['b', 'https://exemple.ma/rss/feed.xml', 'https://exemple.ma/rss/b'],
  ['//cdn.exemple.ma/x', 'https://exemple.ma/', 'https://cdn.exemple.ma/x'],
  ['  https://exemple.ma/espaces  ', undefined, 'https://exemple.ma/espaces'],
  // Tracking parameters out, the others kept in order and encoding.
  [
    'https://exemple.ma/a?utm_source=rss&id=5&UTM_Medium=x&fbclid=1&q=caf%C3%A9+noir&gclid=2&t=%7E',
    undefined,
    'https://exemple.ma/a?id=5&q=caf%C3%A9+noir&t=%7E',
  ],
  [
    'https://exemple.ma/a?xtor=RSS-1&at_medium=rss&at_campaign=c&mc_cid=1&mc_eid=2&_ga=3&igshid=4&yclid=5&ref_src=6&msclkid=7&dclid=8',
    undefined,
    'https://exemple.ma/a',
  ],
  ['https://exemple.ma/a?', undefined, 'https://exemple.ma/a'],
  ['https://exemple.ma/a?&&id=1&', undefined, 'https://exemple.ma/a?id=1'],
  ['https://exemple.ma/a?flag&b=', undefined, 'https://exemple.ma/a?flag&b='],
  ['https://exemple.ma/a?b=1&a=2', undefined, 'https://exemple.ma/a?b=1&a=2'],
  ['https://exemple.ma/سياسة', undefined, 'https://exemple.ma/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9'],
  ['javascript:alert(1)', undefined, null],
  ['mailto:redaction@exemple.ma', undefined, null],
  ['ftp://exemple.ma/a', undefined, null],
  ['data:text/html,x', undefined, null],
  ['', 'https://exemple.ma/', null],
  ['not a url', undefined, null],
  ['/relatif-sans-base', undefined, null],
];

test('canonicalizeUrl', () => {
  for (const [href, base, expected] of cases) {
    assert.equal(canonicalizeUrl(href, base), expected, `${href} (base ${base})`);
  }
});

test('resolveUrl keeps the query (image URLs) and drops the fragment', () => {
  assert.equal(
    resolveUrl('/i.jpg?w=800&utm_source=x#f', 'https://exemple.ma/a/'),
    'https://exemple.ma/i.jpg?w=800&utm_source=x',
  );
  assert.equal(resolveUrl('data:image/gif;base64,R0lGOD'), null);
});
