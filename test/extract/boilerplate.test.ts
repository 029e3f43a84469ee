// The boilerplate pass (src/extract/boilerplate.ts), the comment threads of
// clutter.ts and the headline's box (headline.ts), on pages written for
// these tests: what a reader does not come for goes, the article stays.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { removeBoilerplate } from '../../src/extract/boilerplate.ts';
import { parseDocument, textOf } from '../../src/extract/dom.ts';
import {
  headlineBox,
  headlineBoxWins,
  missesHeadlineBox,
  withoutHeadline,
} from '../../src/extract/headline.ts';
import { extractArticle } from '../../src/extract/index.ts';

const paragraph = (n: number) =>
  `<p>Le conseil régional a voté mardi le budget numéro ${n} de la saison, après un long débat sur les routes rurales et les écoles. Les élus de l'opposition ont demandé un audit des dépenses de l'an passé.</p>`;

function body(html: string): Element {
  return parseDocument(`<body><div id="b">${html}</div></body>`, 'https://news.example/a').querySelector(
    '#b',
  )!;
}

describe('the boilerplate pass', () => {
  test("other articles' headlines after the article go, with their heading", () => {
    const el = body(`${paragraph(1)}${paragraph(2)}
      <h3>Les plus lus</h3>
      <ul><li><a href="/x">Un derby sous la pluie à Casablanca</a></li>
      <li><a href="/y">Le prix du carburant baisse encore</a></li>
      <li><a href="/z">Une nouvelle ligne de tramway à Rabat</a></li></ul>
      <p><a href="/f">Suivez-nous</a> <a href="/t">Twitter</a></p>`);
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /budget numéro 1/);
    assert.match(text, /budget numéro 2/);
    assert.doesNotMatch(text, /derby|carburant|tramway|Les plus lus|Suivez/);
  });

  test('Arabic labels and a share bar inside the article go; the paragraphs stay', () => {
    const el = body(`${paragraph(1)}
      <div class="share-tools"><a href="/s">فيسبوك</a> <a href="/t">تويتر</a></div>
      <p>اقرأ أيضا</p>
      ${paragraph(2)}`);
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /budget numéro 1.*budget numéro 2/);
    assert.doesNotMatch(text, /فيسبوك|اقرأ/);
  });

  test("a list amid the article whose items say more than their link is the article's", () => {
    const items = [1, 2, 3, 4]
      .map(
        (n) =>
          `<li><a href="/bug/${n}">Bug ${n}</a> fixed by the team after a week of tests on old laptops</li>`,
      )
      .join('');
    const el = body(`${paragraph(1)}<ul>${items}</ul>${paragraph(2)}`);
    removeBoilerplate(el);
    assert.equal(el.querySelectorAll('li').length, 4);
  });

  test('a page made of links is left as it is (the pass judges articles, not link pages)', () => {
    const el = body('<ul><li><a href="/a">Un</a></li><li><a href="/b">Deux</a></li></ul>');
    removeBoilerplate(el);
    assert.equal(el.querySelectorAll('li').length, 2);
  });
});

describe('comment threads', () => {
  test('an essay that quotes its correspondents ("Someone wrote:") keeps all of it', () => {
    const el = body(
      `${paragraph(1)}${paragraph(2)}${[1, 2, 3, 4].map((n) => `<p>Un lecteur ${n} wrote:</p><blockquote>${paragraph(10 + n)}</blockquote>`).join('')}${paragraph(3)}`,
    );
    removeBoilerplate(el);
    assert.match(textOf(el), /budget numéro 14.*budget numéro 3/);
  });

  test('a thread known only by its "Posted by" lines goes, the post and its own byline stay', () => {
    const comment = (n: number) =>
      `<p>Merci pour ce billet numéro ${n}, je le partage avec mes collègues de la rédaction dès demain matin sans faute.</p><p>Posted by: Lecteur ${n} | Mar 21, 2007 7:4${n} PM</p>`;
    const el = body(
      `<p>Posted by Kathy on March 20, 2007</p>${paragraph(1)}${paragraph(2)}<p>Posted by Kathy on March 20, 2007 | Permalink</p>${[1, 2, 3, 4].map(comment).join('')}`,
    );
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /budget numéro 1.*budget numéro 2/);
    assert.match(text, /Permalink/);
    assert.doesNotMatch(text, /Lecteur|Merci pour ce billet/);
  });

  test('a thread longer than a short post does not become its body', () => {
    const comment = (n: number) =>
      `<li class="comment"><p>Commentaire ${n} : je trouve cette photo superbe, elle me rappelle les vacances passées au bord de la mer avec toute la famille, quand nous allions pêcher chaque matin.</p></li>`;
    const html = `<html><head><title>Un dessin au crayon</title></head><body>
      <div class="post"><h1>Un dessin au crayon</h1>
      <div class="post-body"><p>On jurerait une photographie, et pourtant ce portrait est fait au crayon par un artiste de Fès. Trois semaines de travail, dit-il.</p></div></div>
      <div id="comments"><ol>${[1, 2, 3, 4, 5, 6].map(comment).join('')}</ol></div>
      </body></html>`;
    const a = extractArticle(html, 'https://blog.example/dessin');
    assert.match(a.text, /portrait est fait au crayon/);
    assert.doesNotMatch(a.text, /Commentaire/);
  });
});

describe('calendars', () => {
  const layout = (inner: string) =>
    `<html><head><title>Le budget voté mardi</title></head><body>${inner}</body></html>`;

  test("an archive widget's month goes; a layout table of empty spacer cells holding the article stays", () => {
    const days = Array.from({ length: 35 }, (_, i) => `<td>${i < 3 || i > 32 ? '' : i - 2}</td>`);
    const rows = Array.from(
      { length: 5 },
      (_, r) => `<tr>${days.slice(r * 7, r * 7 + 7).join('')}</tr>`,
    ).join('');
    const withCalendar = extractArticle(
      layout(`<article>${paragraph(1)}${paragraph(2)}<table>${rows}</table>${paragraph(3)}</article>`),
      'https://news.example/a',
    );
    assert.match(withCalendar.text, /budget numéro 3/);
    assert.doesNotMatch(withCalendar.text, /\b2\s+3\s+4\b/);
    const spacers = Array.from({ length: 30 }, () => '<td></td>').join('');
    const page = extractArticle(
      layout(
        `<table><tr>${spacers}</tr><tr><td colspan="30">${paragraph(1)}${paragraph(2)}</td></tr></table>`,
      ),
      'https://news.example/b',
    );
    assert.match(page.text, /budget numéro 2/);
  });
});

describe('forms', () => {
  test('a form around the whole page (ASP.NET) is the page, not a newsletter box', () => {
    const html = `<html><head><title>Le budget voté mardi</title></head><body><form id="Form1"><table><tr><td>
      <div class="text">${paragraph(1).replace(/<\/?p>/g, '')}<br>${paragraph(2).replace(/<\/?p>/g, '')}<br>${paragraph(3).replace(/<\/?p>/g, '')}</div>
      </td></tr></table><input type="text" name="q"></form></body></html>`;
    const a = extractArticle(html, 'https://news.example/budget');
    assert.match(a.text, /budget numéro 1/);
  });

  test('a small form inside the article goes', () => {
    const html = `<html><head><title>Le budget voté mardi</title></head><body><article>${paragraph(1)}
      <form><p>Recevez chaque matin notre lettre</p><input type="email"></form>${paragraph(2)}</article></body></html>`;
    const a = extractArticle(html, 'https://news.example/budget');
    assert.match(a.text, /budget numéro 2/);
    assert.doesNotMatch(a.text, /Recevez/);
  });
});

describe("the headline's box", () => {
  test("is the body when Readability took the page's sidebar, however long the sidebar", () => {
    // Readability scores a paragraph by its commas: the sidebar's list outscores the two-sentence post.
    const about = `<div class="column sidebar"><h2>Qui sommes-nous</h2><p>${'Bricoleurs, couturières, menuisiers, soudeurs, potiers, tricoteuses, graveurs, relieurs, luthiers, vanniers: ce blog les suit tous, semaine après semaine, depuis dix ans. '.repeat(3)}</p></div>`;
    const post = `<div class="post"><h3 class="post-title">Un portrait au crayon</h3><div class="post-body"><p>On jurerait une photographie, et pourtant ce portrait est dessiné au crayon par un artiste de Fès. Trois semaines de travail, dit-il.</p></div></div>`;
    const html = `<html><head><title>Mon atelier: Un portrait au crayon</title></head><body><div class="main">${post}</div>${about}</body></html>`;
    const text = extractArticle(html, 'https://blog.example/portrait').text;
    assert.match(text, /dessiné au crayon/);
    assert.doesNotMatch(text, /Bricoleurs/);
  });

  test('wins over a shorter block elsewhere, not over a longer body nor when it holds the page', () => {
    const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');
    const post = body(`<p>${words(120, 'villa')}</p>`);
    assert.equal(headlineBoxWins(body(`<p>${words(60, 'blog')}</p>`), post), true);
    assert.equal(
      headlineBoxWins(body(`<p>${words(400, 'budget')}</p>`), body(`<p>${words(20, 'par')}</p>`)),
      false,
    );
    assert.equal(headlineBoxWins(body(`<p>${words(20, 'breve')}</p>`), post), false);
    assert.ok(missesHeadlineBox(body(`<p>${words(60, 'blog')}</p>`), post));
    assert.ok(!missesHeadlineBox(body(`<p>${words(100, 'villa')}</p>`), post));
  });

  test('is the box after the headline that holds a sentence of prose, headline removed', () => {
    const doc = parseDocument(
      `<body><div class="side"><p>Autre chose encore, sur la colonne de côté du site, sans rapport.</p></div>
      <div class="post"><h3>Un dessin au crayon</h3><div><p>On jurerait une photographie, et pourtant ce portrait est fait au crayon par un artiste de Fès.</p></div></div></body>`,
      'https://blog.example/',
    );
    const box = headlineBox(doc, 'Mon blog: Un dessin au crayon');
    assert.ok(box);
    assert.equal(box.className, 'post');
    assert.doesNotMatch(textOf(withoutHeadline(box, 'Mon blog: Un dessin au crayon')), /Un dessin au crayon/);
  });

  test("is not a header with only a byline, nor a site name's heading", () => {
    const doc = parseDocument(
      `<body><h1>Mon blog</h1><p>Un blog de dessins et de photographies, tenu depuis des années par un amateur de Fès.</p>
      <div class="header"><h1>Le budget voté mardi</h1><div class="byline">Par la rédaction, avec agences, le 4 décembre</div></div></body>`,
      'https://news.example/',
    );
    assert.equal(headlineBox(doc, 'Le budget voté mardi'), null);
    assert.equal(headlineBox(doc, 'Mon blog: Un autre titre'), null);
  });
});
