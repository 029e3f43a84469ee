// An article printed in several blocks of one kind (src/extract/split-article.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractArticle } from '../../src/extract/index.ts';

const para = (n: number, who = 'Le conseil régional') =>
  `<p>${who} a voté mardi le budget numéro ${n} de la saison, après un long débat sur les routes rurales et les écoles de la province.</p>`;

// The first half of the story, an embed row, the second half: Readability
// alone keeps the larger half.
const page = (after = '') => `<html><head><title>Le budget de la région voté</title></head><body>
  <div class="header"><a href="/">Le Journal</a></div>
  <div class="article-wrapper"><h1>Le budget de la région voté</h1>
    <div class="row"><div class="col-text"><div class="txt">
      <p>Les élus de la région ont adopté le premier budget du nouveau mandat, une heure avant la fin de la session de printemps.</p>
      <p>La séance a duré six heures, et l'opposition a quitté la salle avant le vote final, pour protester contre le calendrier.</p>
    </div></div></div>
    <div class="row video-row"><div class="video-embed"><iframe src="https://video.example/embed/1"></iframe><p class="video-caption">Vidéo : la séance</p></div>
      <div class="carousel"><a href="/g/1"><img src="/g1.jpg" alt="1"></a><a href="/g/2"><img src="/g2.jpg" alt="2"></a></div></div>
    <div class="row"><div class="col-text"><div class="txt">${[1, 2, 3, 4].map((n) => para(n)).join('')}</div></div></div>
    <div class="teasers-list"><a href="/autre">Une autre histoire</a><div class="txt"><p>Le résumé d'une autre histoire du jour, avec ses propres mots et ses propres lieux cités ici.</p></div></div>
  </div>${after}</body></html>`;

test("the story's first half, split from the rest by an embed row, comes back before it", () => {
  const text = extractArticle(page(), 'https://news.example/budget').text;
  assert.match(
    text,
    /^Les élus de la région ont adopté.*\n\nLa séance a duré six heures.*\n\n.*budget numéro 1 /s,
  );
  assert.doesNotMatch(text, /une autre histoire du jour/i, "a listed article's summary stays out");
});

test('the next story of the page, printed in the same paragraphs under its own headline, stays out', () => {
  const next = `<div class="article-wrapper"><h1>Un autre titre du lendemain</h1><div class="txt">${[8, 9, 10]
    .map((n) => para(n, 'La mairie voisine'))
    .join('')}</div></div>`;
  const text = extractArticle(page(next), 'https://news.example/budget').text;
  assert.doesNotMatch(text, /La mairie voisine/);
  assert.match(text, /^Les élus de la région ont adopté.*budget numéro 4/s);
});

test('a paragraph of the story cut at its <br>s and quoting a long link, which Readability drops, comes back once', () => {
  const html = `<html><head><title>Deux couvertures pour un soir</title></head><body>
  <div class="menu"><a href="/">Le Journal</a> <a href="/medias">Médias</a></div>
  <div class="post"><h1>Deux couvertures pour un soir</h1>
    <div class="post-content">
      <p><em><strong><a href="https://magazine.example/">Le Magazine</a></strong></em><br><br>Le prochain numéro du magazine montrera le visage du président vieilli par la fonction : « <a href="https://magazine.example/billet">aussi réussi soit-il, le poste le plus dur du monde laisse ses marques</a> », explique un billet sur la couverture.<br><br><a href="/c1.jpg"><img src="/c1.jpg" alt=""></a></p>
      ${[1, 2, 3, 4].map((n) => para(n)).join('')}
    </div></div></body></html>`;
  const text = extractArticle(html, 'https://news.example/couvertures').text;
  assert.match(text, /Le prochain numéro du magazine montrera/);
  assert.equal(text.match(/Le prochain numéro/g)?.length, 1);
  assert.match(text, /budget numéro 4/);
  // Kept by Readability as paragraphs of its own making: not printed twice.
  const kept = html.replace(/<a href="https:\/\/magazine.example\/billet">([^<]*)<\/a>/, '$1');
  const once = extractArticle(kept, 'https://news.example/couvertures').text;
  assert.equal(once.match(/Le prochain numéro/g)?.length, 1);
});
