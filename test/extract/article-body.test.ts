// The publisher's JSON-LD articleBody as the arbiter of the body Readability
// found (src/extract/body.ts), on pages written for these tests.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractArticle } from '../../src/extract/index.ts';

const sentences = [
  'La commune a présenté mardi son plan pour les écoles rurales, qui prévoit la rénovation de douze établissements avant la rentrée prochaine.',
  'Le maire a précisé que les travaux seraient financés pour moitié par la région et pour moitié par un emprunt sur quinze ans.',
  'Les parents d’élèves, reçus la veille à la mairie, ont salué le calendrier mais demandé des garanties sur le transport scolaire.',
  'L’opposition municipale réclame un audit des dépenses engagées depuis deux ans avant tout nouvel emprunt de la commune.',
  'Les premiers chantiers doivent commencer en juillet, pendant les vacances, afin de ne pas gêner les cours des enfants.',
  'Le conseil municipal se prononcera sur le financement lors de sa prochaine séance, prévue à la fin du mois de mars.',
];

function page(articleBody: string, body: string): string {
  const ld = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: 'Un plan pour les écoles',
    articleBody,
  });
  return `<!doctype html><html lang="fr"><head><title>Un plan pour les écoles</title>
<script type="application/ld+json">${ld}</script></head><body>
<header><nav><a href="/">Accueil</a> <a href="/region">Région</a></nav></header>
<h1>Un plan pour les écoles</h1><div class="article-text">${body}</div>
<footer><p>© Le Journal</p></footer></body></html>`;
}

describe('the JSON-LD articleBody', () => {
  test('blocks Readability kept that are not in it go (the captions of a gallery amid a short article)', () => {
    const text = sentences.map((s) => `<p>${s} ${s}</p>`);
    const caption = [1, 2, 3, 4, 5, 6]
      .map(
        (n) =>
          `<p>Photo ${n} : une école du village photographiée en hiver par notre correspondant local, lors de sa visite du mois dernier avec les élèves.</p>`,
      )
      .join('');
    const html = page(
      sentences.map((s) => `${s} ${s}`).join('\n\n'),
      [text[0], caption, ...text.slice(1)].join(''),
    );
    const article = extractArticle(html, 'https://journal.example/ecoles');
    assert.match(article.text, /fin du mois de mars/);
    assert.doesNotMatch(article.text, /photographiée en hiver/);
  });

  test('a teaser of the first paragraphs (given to search engines) does not cut the article to them', () => {
    const body = sentences.map((s) => `<p>${s} ${s}</p>`).join('');
    const teaser = sentences
      .slice(0, 2)
      .map((s) => `${s} ${s}`)
      .join('\n\n');
    const article = extractArticle(page(teaser, body), 'https://journal.example/ecoles');
    assert.match(article.text, /^La commune a présenté mardi/);
    assert.match(article.text, /fin du mois de mars/);
  });
});
