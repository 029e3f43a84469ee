// The boilerplate pass (src/extract/boilerplate.ts), the comment threads of
// clutter.ts and the headline's box (headline.ts), on pages written for
// these tests: what a reader does not come for goes, the article stays.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { removeBoilerplate } from '../../src/extract/boilerplate.ts';
import { removeClutter } from '../../src/extract/clutter.ts';
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

  test("a list of other stories whose headlines sit loose beside their items' blocks goes whole", () => {
    const item = (title: string, n: number) =>
      `<li><div class="icon"></div> <a href="/${n}">${title}</a> <p class="count">${n}<span>partages</span></p></li>`;
    const el = body(`${paragraph(1)}${paragraph(2)}
      <section><h2>Les plus lus</h2><ul>${item('Un derby sous la pluie à Casablanca', 12)}${item('Le prix du carburant baisse encore', 7)}${item('Une nouvelle ligne de tramway à Rabat', 3)}</ul></section>`);
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /budget numéro 1.*budget numéro 2/);
    assert.doesNotMatch(text, /derby|carburant|tramway|partages/);
  });

  test('an item of loose words and a block that is not boilerplate as a whole stays', () => {
    const el = body(
      `${paragraph(1)}<ul><li>Le maire a répondu <p>que le chantier commencera en mai, sans hausse des impôts locaux.</p></li></ul>${paragraph(2)}`,
    );
    removeBoilerplate(el);
    assert.match(textOf(el), /Le maire a répondu que le chantier commencera en mai/);
  });

  test('a sentence written as one link between two paragraphs of the article stays; a linked headline after them goes', () => {
    const el = body(`${paragraph(1)}
      <p><a href="/video">La vidéo de la séance montre le vote article par article et les réponses du président</a>.</p>
      ${paragraph(2)}
      <p><a href="/autre">Le prix du carburant baisse encore cette semaine dans tout le pays</a></p>`);
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /La vidéo de la séance montre le vote/);
    assert.doesNotMatch(text, /carburant/);
  });

  test("a comment form's heading after the article goes with the form, in several languages", () => {
    for (const heading of [
      'Laisser un commentaire',
      'أضف تعليق',
      'Dodaj komentarz',
      'Kommentare (3)',
      'Σχόλια',
    ]) {
      const el = body(
        `${paragraph(1)}${paragraph(2)}${paragraph(3)}<h3>${heading}</h3><table><tr><td>Nom *</td></tr><tr><td>Message *</td></tr><tr><td>Les champs marqués * sont obligatoires et les messages sont relus</td></tr></table>`,
      );
      removeBoilerplate(el);
      assert.match(textOf(el), /budget numéro 3/, heading);
      assert.doesNotMatch(textOf(el), /Nom \*|obligatoires/, heading);
      assert.ok(!textOf(el).includes(heading), heading);
    }
    const amid = body(`${paragraph(1)}<p>Commentaires des élus sur le vote du budget.</p>${paragraph(2)}`);
    removeBoilerplate(amid);
    assert.match(textOf(amid), /Commentaires des élus/);
  });

  test('an article inside a <main> (or another box of no block tag) is judged block by block', () => {
    for (const tag of ['main', 'x-article-body']) {
      const el = body(
        `<div class="page"><${tag}>${paragraph(1)}${paragraph(2)}${paragraph(3)}<p>Partager</p><p><a href="/x">Un derby sous la pluie à Casablanca</a></p></${tag}></div>`,
      );
      removeBoilerplate(el);
      assert.match(textOf(el), /budget numéro 1.*budget numéro 3/, tag);
      assert.doesNotMatch(textOf(el), /Partager|derby/, tag);
    }
  });

  test("the teaser lines of a list whose headlines went, between boilerplate on both sides, go; an article's short line between two links stays", () => {
    const linked = (t: string) => `<h3><a href="/${t.length}">${t}</a></h3>`;
    const el = body(`${paragraph(1)}${paragraph(2)}${paragraph(3)}
      ${linked('Un derby sous la pluie à Casablanca')}${linked('Le prix du carburant baisse encore')}
      <p>Les athlètes des sports moins connus cherchent la gloire en ligne</p><p>La vie dans une des villes qui grandissent le plus vite</p>
      ${linked('Une nouvelle ligne de tramway à Rabat')}${linked('Le port de Tanger agrandi')}
      ${paragraph(4)}${paragraph(5)}`);
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /budget numéro 3.*budget numéro 4/);
    assert.doesNotMatch(text, /athlètes|villes qui grandissent/);
    const amid = body(
      `${paragraph(1)}${linked('Un derby sous la pluie à Casablanca')}<p>Le vote final aura lieu le 1er avril</p>${linked('Le port de Tanger agrandi')}${paragraph(2)}`,
    );
    removeBoilerplate(amid);
    assert.match(textOf(amid), /Le vote final aura lieu le 1er avril/);
  });

  test("the article's tool bar written out goes, in several languages; a sentence naming two tools stays", () => {
    for (const bar of [
      'Envoyer Imprimer Taille du texte Partager :',
      'Αποστολή Εκτύπωση Μέγεθος κειμένου Μοιραστείτε το:',
      'طباعة إرسال حفظ',
    ]) {
      const el = body(`${paragraph(1)}<p>${bar}</p>${paragraph(2)}`);
      removeBoilerplate(el);
      assert.match(textOf(el), /budget numéro 1.*budget numéro 2/, bar);
      assert.ok(!textOf(el).includes(bar), bar);
    }
    const sentence = body(`${paragraph(1)}<p>Les éditions imprimer et e-mail suivront.</p>${paragraph(2)}`);
    removeBoilerplate(sentence);
    assert.match(textOf(sentence), /Les éditions imprimer et e-mail suivront\./);
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
  test('a blog\'s "Post a comment" and "Powered by" lines after the post go; a sentence of the article that opens so stays', () => {
    const el = body(
      `${paragraph(1)}<p>Powered by a new engine, the tram reaches the airport in twelve minutes.</p>${paragraph(2)}<h3>Post a comment</h3><p>Powered by Movable Type. Photo at top by a reader of the blog.</p>`,
    );
    removeBoilerplate(el);
    assert.match(textOf(el), /tram reaches the airport/);
    assert.doesNotMatch(textOf(el), /Post a comment|Movable Type/);
  });

  test("a list's item written as a sentence around its link stays amid the article; a linked headline there goes", () => {
    const el = body(
      `${paragraph(1)}<ul><li>The <a href="/gw">new storage gateway is now generally available, and it supports cached volumes</a>.</li></ul><ul><li><a href="/other">Gunman in police uniform kills three in the capital</a></li></ul>${paragraph(2)}`,
    );
    removeBoilerplate(el);
    assert.match(textOf(el), /storage gateway is now generally available/);
    assert.doesNotMatch(textOf(el), /Gunman/);
    assert.match(textOf(el), /budget numéro 2/);
  });

  test("a blogroll's list of links above a short post goes; the post stays", () => {
    const blogs = [
      'Carnet de Fès',
      'Les mariées du Sud',
      'Papier et encre',
      'Atelier Rabat',
      'La table de Lina',
      'Bleu Majorelle',
      'Jardin secret',
      'Fleurs du Rif',
    ];
    const el = body(
      `<h3>Nos blogs amis</h3><ul>${blogs.map((b, i) => `<li><a href="/b${i}">${b}</a></li>`).join('')}</ul>
      <p>Bon vendredi ! Nous aimons ce tableau d'inspiration de nos amis et fêtons ce week-end un couple de Casablanca.</p>`,
    );
    removeBoilerplate(el);
    assert.doesNotMatch(textOf(el), /Bleu Majorelle|Fleurs du Rif/);
    assert.match(textOf(el), /Bon vendredi/);
  });

  test('the line that hands over to a quotation stays, though its words link to the source', () => {
    const el = body(
      `<p>De <a href="https://carnet.example/ecoles">Amina Benali</a> :</p><blockquote><p>${paragraph(1).replace(/<\/?p>/g, '')}</p></blockquote>${paragraph(2)}`,
    );
    removeBoilerplate(el);
    assert.match(textOf(el), /^De Amina Benali :/);
    assert.match(textOf(el), /budget numéro 2/);
  });

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

  test("a thread signed with names and dated times goes; a live blog's times stay", () => {
    const comment = (n: number) =>
      `<p>Lecteur${n} (invité), 0${n}.01.12, 16:1${n}:22</p><p>Merci pour cet article numéro ${n}, je le partage avec mes collègues de la rédaction dès demain matin.</p>`;
    const el = body(`${paragraph(1)}${paragraph(2)}${[1, 2, 3, 4].map(comment).join('')}`);
    removeBoilerplate(el);
    assert.match(textOf(el), /budget numéro 1.*budget numéro 2/);
    assert.doesNotMatch(textOf(el), /Lecteur|Merci pour cet article/);
    const live = body(
      `${paragraph(1)}${paragraph(2)}${[1, 2, 3, 4].map((n) => `<p>16:1${n}</p>${paragraph(10 + n)}`).join('')}`,
    );
    removeBoilerplate(live);
    assert.match(textOf(live), /16:14.*budget numéro 14/);
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

  test("readers' comments each in a box named for a comment's body (WordPress's comment-body) go, with no thread named around them", () => {
    const comment = (n: number) =>
      `<div class="comment-body by-reader-${n}"><p>Commentaire ${n} : je trouve cette photo superbe, elle me rappelle les vacances passées au bord de la mer avec toute la famille, quand nous allions pêcher chaque matin sur la jetée du port.</p><p>Merci encore pour ce beau travail, je reviendrai voir les prochains dessins de cet artiste avec plaisir et curiosité, et je les montrerai à mes enfants.</p></div>`;
    const el = body(`${paragraph(1)}<h2>Commentaires</h2>${[1, 2, 3].map(comment).join('')}`);
    removeClutter(el);
    assert.match(textOf(el), /budget numéro 1/);
    assert.doesNotMatch(textOf(el), /Commentaire \d/);
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

describe('markup shown as text', () => {
  test("a slideshow's slides kept as escaped HTML go, and the article beside them is the body; code shown in <pre> or <code> stays", () => {
    const slide = (n: number) =>
      `<li><h4>Diapositive ${n}</h4><p>${paragraph(n + 10)
        .replace(/<\/?p>/g, '')
        .repeat(3)} &lt;a href=&quot;/x${n}&quot;&gt;le dossier&lt;/a&gt; et la suite du texte.</p></li>`;
    const html = `<html><head><title>Le budget voté mardi</title></head><body><div class="story">
      ${paragraph(1)}${paragraph(2)}
      <div class="promo"><ul>${[1, 2, 3, 4, 5, 6].map(slide).join('')}</ul></div></div></body></html>`;
    const a = extractArticle(html, 'https://news.example/budget');
    assert.match(a.text, /budget numéro 1/);
    assert.match(a.text, /budget numéro 2/);
    assert.doesNotMatch(a.text, /Diapositive|le dossier/);
    const code = body(
      `${paragraph(1)}<pre><code>&lt;a href="/x"&gt;lien&lt;/a&gt;</code></pre><p><code>&lt;/p&gt;</code> ferme le paragraphe.</p>`,
    );
    removeClutter(code);
    assert.match(textOf(code), /<a href="\/x">lien<\/a>/);
    assert.match(textOf(code), /ferme le paragraphe/);
  });
});

describe('lists of teasers', () => {
  test('items that each end with their "read more" link go whole; one "read more" after the article leaves it be', () => {
    const teaser = (n: number, more: string) =>
      `<li><h3>Une autre nouvelle numéro ${n}</h3><p>Le résumé de cette autre nouvelle tient en une ligne, puis renvoie à sa page. <a href="/n${n}">${more}</a></p><p>2012-11-0${n}</p></li>`;
    const list = body(
      `${paragraph(1)}${paragraph(2)}<ul>${[teaser(1, 'Read more...'), teaser(2, 'Lire la suite'), teaser(3, 'المزيد')].join('')}</ul>`,
    );
    removeClutter(list);
    assert.match(textOf(list), /budget numéro 2/);
    assert.doesNotMatch(textOf(list), /autre nouvelle/);
    const one = body(
      `${paragraph(1)}<p>${paragraph(2).replace(/<\/?p>/g, '')} <a href="/suite">Lire la suite</a></p>`,
    );
    removeClutter(one);
    assert.match(textOf(one), /budget numéro 2/);
  });
});

describe('hidden boxes', () => {
  test('a hidden copy of the article that the page also shows goes; a hidden box with its own text stays', () => {
    const story = `${paragraph(1)}${paragraph(2)}${paragraph(3)}`;
    const twice = `<html><head><title>Le budget voté mardi</title></head><body><article>
      <div class="story teaser hidden">${story}</div><div class="story full">${story}</div></article></body></html>`;
    const a = extractArticle(twice, 'https://news.example/budget');
    assert.equal(a.text.match(/budget numéro 2/g)?.length, 1);
    const more = `<html><head><title>Le budget voté mardi</title></head><body><article>
      <div class="story">${paragraph(1)}${paragraph(2)}</div><div class="rest hidden">${paragraph(3)}${paragraph(4)}</div></article></body></html>`;
    const doc = parseDocument(more, 'https://news.example/budget');
    removeClutter(doc);
    assert.match(textOf(doc.body), /budget numéro 4/);
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

describe('the standfirst under the headline', () => {
  const article = `<div class="story-body">${[1, 2, 3, 4, 5, 6].map(paragraph).join('')}</div>`;
  const page = (header: string) =>
    `<html><head><title>Le budget de la région voté</title></head><body><header class="story-header"><h1>Le budget de la région voté</h1>${header}</header><div class="columns"><div class="main">${article}</div><aside class="sidebar"><a href="/x">Accueil</a></aside></div></body></html>`;
  test('one paragraph of prose after the headline, past a kicker and a byline, opens the text', () => {
    const text = extractArticle(
      page(
        '<span>Économie</span><span>Par la rédaction</span><h2>Après six heures de débat, les élus ont adopté un budget en hausse de 4 %, porté par les routes rurales.</h2>',
      ),
      'https://news.example/budget',
    ).text;
    assert.match(text, /^Après six heures de débat.*\n\n.*budget numéro 1/s);
  });
  test("a standfirst named by its class in the story's header opens the text, though the body has its words", () => {
    // Every word of this standfirst is somewhere in the body's paragraphs,
    // but not its sentence: it is told only here.
    const text = extractArticle(
      page(
        '<div class="meta">Le 4 décembre</div><p class="entry__subtitle">Le budget des routes rurales et des écoles, voté mardi après un long débat, passe par un audit des élus de la région.</p>',
      ),
      'https://news.example/budget',
    ).text;
    assert.match(text, /^Le budget des routes rurales.*\n\n.*budget numéro 1/s);
    // Told again in the body: said once.
    const told = extractArticle(
      page(`<p class="entry__subtitle">${/<p>(.*?)<\/p>/.exec(paragraph(1))![1]}</p>`),
      'https://news.example/budget',
    ).text;
    assert.equal(told.match(/budget numéro 1 de la saison/g)?.length, 1);
    // A lead picture's caption in the header is no standfirst.
    const captioned = extractArticle(
      page(
        '<figure class="lead-asset"><img src="/p.jpg" alt=""><figcaption><span class="lead-asset-caption">Les élus de la région réunis mardi dans la salle du conseil, avant le vote du budget des routes rurales.</span></figcaption></figure>',
      ),
      'https://news.example/budget',
    ).text;
    assert.match(captioned, /^Le conseil régional a voté/);
  });
  test("a lead box whose id names it the article's opens the text, though no <article> or <main> holds it", () => {
    const lead =
      'Après six heures de débat, les élus ont adopté un budget en hausse de 4 %, porté par les routes rurales et les écoles.';
    const at = (box: string) =>
      `<html><head><title>Le budget de la région voté</title></head><body><div id="page"><div id="site_article"><h1>Le budget de la région voté</h1><div id="site_article_author">Anne Dupont</div><div id="site_article_date">4 décembre 2024</div><div id="site_article_tools"><a href="/p">Imprimer</a></div><div id="site_article_image"><img src="/p.jpg" alt=""><span>Les élus.</span></div>${box}<div id="site_article_body"><div id="rel"><ul><li><a href="/a">Une autre histoire</a></li></ul></div><div id="art2"><div id="text">${[1, 2, 3, 4, 5, 6].map((n) => /<p>(.*?)<\/p>/.exec(paragraph(n))![1]).join('<br><br>')}</div></div></div></div></div></body></html>`;
    const text = extractArticle(
      at(`<div id="site_article_lead">${lead}</div>`),
      'https://news.example/budget',
    ).text;
    assert.match(text, /^Après six heures de débat.*\n\n.*budget numéro 1/s);
  });

  test('a subheading under the headline is its dek, though written without a full stop', () => {
    const text = extractArticle(
      page(
        '<h2>Les élus adoptent un budget en hausse de 4 % porté par les routes rurales et les écoles</h2><div class="byline">Par la rédaction</div>',
      ),
      'https://news.example/budget',
    ).text;
    assert.match(text, /^Les élus adoptent un budget.*écoles\n\n.*budget numéro 1/s);
    // The same line as a loose paragraph, without a full stop, is not taken.
    const loose = extractArticle(
      page('<p>Les élus adoptent un budget en hausse de 4 % porté par les routes rurales et les écoles</p>'),
      'https://news.example/budget',
    ).text;
    assert.match(loose, /^Le conseil régional a voté/);
  });

  test('a list of links, a long block or a line without a sentence after the headline is not a standfirst', () => {
    for (const header of [
      '<h2><a href="/a">Les routes rurales attendent toujours leurs crédits depuis trois ans déjà selon les élus</a></h2>',
      '<h2>Économie régionale budget routes écoles élus opposition audit dépenses hausse</h2>',
    ]) {
      const text = extractArticle(page(header), 'https://news.example/budget').text;
      assert.match(text, /^Le conseil régional a voté/, header);
    }
  });
});

describe('links beside the article', () => {
  const headlines = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `<li><a href="/n/${i}">Une autre histoire du jour numéro ${i} dans la région</a></li>`,
    ).join('');

  test('an article written as loose text counts its words against a list of links amid it', () => {
    // 200 words of text and <br> with no block of their own, then a
    // paragraph, six headlines, another paragraph: the headlines are a
    // small share of the body's words, not of its judged blocks.
    const loose = Array.from({ length: 20 }, (_, i) => `Ligne ${i} du récit des élus sur les routes.`).join(
      '<br>',
    );
    const el = body(`<div>${loose}<br>${paragraph(1)}</div><ul>${headlines(6)}</ul>${paragraph(2)}`);
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /Ligne 19 du récit/);
    assert.match(text, /budget numéro 1.*budget numéro 2/);
    assert.doesNotMatch(text, /autre histoire/);
  });

  test('a long list of headlines after a short article goes; links amid its paragraphs stay', () => {
    const after = body(`${paragraph(1)}${paragraph(2)}<ul>${headlines(10)}</ul>`);
    removeBoilerplate(after);
    assert.match(textOf(after), /budget numéro 1.*budget numéro 2/);
    assert.doesNotMatch(textOf(after), /autre histoire/);
    // A digest: its links between its paragraphs are the article.
    const amid = body(`${paragraph(1)}<ul>${headlines(10)}</ul>${paragraph(2)}`);
    removeBoilerplate(amid);
    assert.equal(amid.querySelectorAll('li').length, 10);
  });

  test("a short sentence of the article that links a name in it stays; another article's headline goes", () => {
    const el = body(
      `<p><a href="/p/maire">Le maire de la ville de Fès</a> est prudent.</p>${paragraph(1)}<p><a href="/n/1">Une autre histoire du jour.</a></p>${paragraph(2)}<p><a href="/n/2">Une autre histoire</a> du jour</p>`,
    );
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /Le maire de la ville de Fès est prudent\./);
    assert.match(text, /budget numéro 1.*budget numéro 2/s);
    assert.doesNotMatch(text, /autre histoire/);
  });
});

describe('lists of other stories with their teasers', () => {
  const story = (i: number) =>
    `<div class="story"><h3><a href="/s/${i}">Une autre histoire numéro ${i}</a></h3><p>Le maire de la ville a présenté son plan pour les quartiers du sud mardi</p></div>`;

  test('linked headlines each over an unlinked teaser go, wherever they sit', () => {
    const el = body(`${paragraph(1)}${story(1)}${story(2)}${story(3)}${paragraph(2)}`);
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /budget numéro 1.*budget numéro 2/);
    assert.doesNotMatch(text, /autre histoire|plan pour les quartiers/);
  });

  test('the same with each headline after its date on its line', () => {
    const dated = (i: number) =>
      `<li><span class="date">${i} août 2024</span> <a href="/s/${i}">Une autre histoire numéro ${i}</a><p>Le maire de la ville a présenté son plan pour les quartiers du sud mardi</p></li>`;
    const el = body(`${paragraph(1)}${paragraph(2)}<ul>${dated(1)}${dated(2)}${dated(3)}</ul>`);
    removeBoilerplate(el);
    const text = textOf(el);
    assert.match(text, /budget numéro 1.*budget numéro 2/);
    assert.doesNotMatch(text, /autre histoire|plan pour les quartiers|août/);
  });

  test("an article's own list (link and words on one line), a data table and a digest stay", () => {
    const items = [1, 2, 3]
      .map(
        (i) =>
          `<li><a href="/t/${i}">Outil ${i}</a> — compare les prix des billets de train entre les villes</li>`,
      )
      .join('');
    const rows = [1, 2, 3]
      .map(
        (i) =>
          `<tr><td><a href="/f/${i}">Film ${i}</a></td><td>199${i}</td><td>Un homme revit sans fin le même jour.</td></tr>`,
      )
      .join('');
    const el = body(`${paragraph(1)}<ul>${items}</ul><table>${rows}</table>${paragraph(2)}`);
    removeBoilerplate(el);
    assert.match(textOf(el), /Outil 3 — compare/);
    assert.match(textOf(el), /1993\s*Un homme revit/);
    // Nothing but such items around one short line: a page of teasers, not ours to cut.
    const digest = body(`<p>Les nouvelles du jour.</p>${[1, 2, 3, 4].map(story).join('')}`);
    removeBoilerplate(digest);
    assert.match(textOf(digest), /quartiers du sud/);
  });
});

describe("the author's note after the article", () => {
  test('an author box at the end goes, in several languages; the same words amid the article stay', () => {
    for (const note of [
      'About the Author: Jane Roe covers city hall and writes a weekly column on housing.',
      "Hi, I'm Becky. I live in Leeds, and besides this blog you can find me writing about gardens.",
      'Chris Doe is an Associate Writer at the Gazette, where he covers phones and cameras.',
      'Anne Dupont est journaliste au service politique depuis 2009.',
    ]) {
      const el = body(`${paragraph(1)}${paragraph(2)}<p>${note}</p><p><a href="/t">@someone</a></p>`);
      removeBoilerplate(el);
      assert.match(textOf(el), /budget numéro 2/, note);
      assert.doesNotMatch(textOf(el), /Roe|Becky|Doe|Dupont|@someone/, note);
      const amid = body(`${paragraph(1)}<p>${note}</p>${paragraph(2)}`);
      removeBoilerplate(amid);
      assert.ok(textOf(amid).includes(note), note);
    }
  });
});

describe("the publisher's lines after the article", () => {
  test("an agency's sign-off, a photographer's credit and a 'you may also like' label go; the article naming them stays", () => {
    for (const [tail, gone] of [
      ['<p>(avec AFP)</p>', /avec AFP/],
      ['<p>MAP</p>', /MAP/],
      ['<p>aja/PAP</p>', /PAP/],
      ['<p>Photograph by Ed Marshall, Redonda Restoration Programme</p>', /Photograph by/],
      [
        '<p>Vous aimerez aussi</p><p>Un autre article sur les budgets des régions voisines et leurs élus.</p>',
        /aimerez|régions voisines/,
      ],
      ['<p>Vidéos sur le même sujet</p>', /Vidéos sur/],
      ['<p>قد يعجبك أيضا</p>', /يعجبك/],
      ['<p>Help us continue to bring the news to readers everywhere, every day of the year.</p>', /Help us/],
    ] as const) {
      const el = body(`${paragraph(1)}${paragraph(2)}${paragraph(3)}${paragraph(4)}${tail}`);
      removeBoilerplate(el);
      assert.doesNotMatch(textOf(el), gone, tail);
      assert.match(textOf(el), /budget numéro 4/, tail);
    }
    const told = body(
      `${paragraph(1)}<p>Selon l'AFP et la MAP, les élus ont voté le texte mardi soir après un long débat.</p><p>Nous vous recommandons la prudence sur les routes.</p>${paragraph(2)}`,
    );
    removeBoilerplate(told);
    assert.match(textOf(told), /Selon l'AFP et la MAP.*Nous vous recommandons la prudence/s);
  });
  test('print notices, blog footers, paywall calls and hyphenated sign-ups go at the end', () => {
    for (const line of [
      'A version of this article appeared in print on page B3 of the New York edition.',
      'You can follow any responses to this entry through the RSS 2.0 feed. You can leave a response, or trackback from your own site.',
      'Sign-up to the newsletter and get a free e-book every month.',
      'Pour lire la suite de cet article, rejoignez nos lecteurs.',
      'Follow World News on NBCNews.com on Twitter and Facebook',
      'Comments are now closed on this blog.',
      'Found a typo? Select it and press Ctrl+Enter.',
      'Если вы заметили ошибку, выделите текст и нажмите Ctrl+Enter',
      'Оцените, пожалуйста, статью. Нам важно Ваше мнение.',
      'Администрация сайта оставляет за собой право удалять сообщения.',
    ]) {
      const el = body(`${paragraph(1)}${paragraph(2)}<p>${line}</p>`);
      removeBoilerplate(el);
      assert.doesNotMatch(
        textOf(el),
        /version of|follow any|Sign-up|lire la suite|NBCNews|closed|Ctrl|Оцените|Администрация/,
        line,
      );
      assert.match(textOf(el), /budget numéro 2/);
    }
  });

  test("an editor's credit, a source line, a contact line, a reprint notice and a disclaimer go at the end; amid the article a source stays", () => {
    for (const [line, gone] of [
      ['(李沐阳 编辑)', /李沐阳/],
      ['[编辑：肖娟]', /肖娟/],
      ['(內容由新浪北京提供。未經授權，不得轉載。)', /新浪/],
      ['To contact the reporter on this story: Anne Dupont in Rabat at adupont@news.example', /reporter/],
      ['This is an automated news feed. The contents have not been selected or edited.', /automated/],
      ['Source : MAP', /MAP/],
      ['المصدر: وكالة المغرب العربي للأنباء', /المصدر/],
    ] as const) {
      const el = body(`${paragraph(1)}${paragraph(2)}<p>${line}</p>`);
      removeBoilerplate(el);
      assert.doesNotMatch(textOf(el), gone, line);
      assert.match(textOf(el), /budget numéro 2/);
    }
    for (const line of [
      "Les opinions exprimées dans cette tribune n'engagent que leur auteur.",
      'الآراء الواردة في المقال تعبر عن رأي كاتبها ولا تعبر بالضرورة عن رأي الموقع',
      'The opinions expressed are those of the writer and do not necessarily reflect the views of the newspaper.',
    ]) {
      const el = body(`${paragraph(1)}${paragraph(2)}<p>${line}</p>`);
      removeBoilerplate(el);
      assert.doesNotMatch(textOf(el), /auteur|كاتبها|writer/, line);
      assert.match(textOf(el), /budget numéro 2/);
    }
    const amid = body(`${paragraph(1)}<p>Source : MAP</p>${paragraph(2)}`);
    removeBoilerplate(amid);
    assert.match(textOf(amid), /Source : MAP/);
  });

  test("a comment form's notes, a network's e-mail offer, a medical disclaimer and a fan page's call go at the end", () => {
    for (const [line, gone] of [
      ['Required fields are marked *', /Required/],
      ['Τα πεδία που εμφανίζονται με * είναι υποχρεωτικά', /πεδία/],
      ['Δεν δημοσιεύονται σχόλια με κεφαλαία γράμματα', /σχόλια/],
      ['All opinions are moderated before being published.', /moderated/],
      ['Join the Regional Health Network to receive regular emails on the budget.', /Network/],
      [
        'Note: the health information on this site is not intended as a substitute for advice from your doctor.',
        /substitute/,
      ],
      ['本站已開設Facebook專頁，快點到Facebook讚好我們的專頁！', /Facebook/],
    ] as const) {
      const el = body(`${paragraph(1)}${paragraph(2)}<p>${line}</p>`);
      removeBoilerplate(el);
      assert.doesNotMatch(textOf(el), gone, line);
      assert.match(textOf(el), /budget numéro 2/);
    }
  });

  test("the editor's credits in a row of brackets, a call for feedback, 'Elsewhere on', a text-size label and a dated address go", () => {
    for (const [lines, gone] of [
      ['<p>[稿源：本地晨报][作者：王明][编辑：李华]</p>', /稿源|作者|编辑/],
      ['<p>如果你对本频道有任何意见或建议，请到交流平台反馈。</p>', /意见或建议/],
      [
        '<h3>Elsewhere on the site</h3><p><a href="/x">Une autre histoire de la région</a></p>',
        /Elsewhere|autre histoire/,
      ],
      ['<p>From around the web</p>', /around the web/],
    ] as const) {
      const el = body(`${paragraph(1)}${paragraph(2)}${lines}`);
      removeBoilerplate(el);
      assert.doesNotMatch(textOf(el), gone, lines);
      assert.match(textOf(el), /budget numéro 2/);
    }
    for (const [lines, gone] of [
      ['<p>字号：T|T</p>', /字号/],
      ['<p>Text size: A A A</p>', /Text size/],
      ['<p>http://www.news.example 2012年01月12日15:57 晨报</p>', /news\.example/],
    ] as const) {
      const el = body(`${lines}${paragraph(1)}${paragraph(2)}`);
      removeBoilerplate(el);
      assert.doesNotMatch(textOf(el), gone, lines);
      assert.match(textOf(el), /budget numéro 1/);
    }
  });

  test('a reprint-rights notice goes at the end, however long; a sentence about copying without consent stays', () => {
    const notice = `No part of this newspaper may be reproduced, copied or distributed in any form or by any means, ${'electronic, mechanical or other, '.repeat(12)}without the prior written consent of the publisher.`;
    const el = body(`${paragraph(1)}${paragraph(2)}<p>${notice}</p>`);
    removeBoilerplate(el);
    assert.doesNotMatch(textOf(el), /No part of this newspaper/);
    assert.match(textOf(el), /budget numéro 2/);
    const told = body(
      `${paragraph(1)}${paragraph(2)}<p>Les élus ont reproduit le rapport sans autorisation, selon l'opposition, qui a saisi le tribunal administratif de la région mardi.</p>`,
    );
    removeBoilerplate(told);
    assert.match(textOf(told), /reproduit le rapport/);
  });

  test('a paragraph of the article that names subscribing only amid its sentences stays; a pitch that says so first goes', () => {
    const advice =
      'Mon conseil aux blogueurs est simple. Ne publiez rien que vous ne liriez pas vous-même. Regardez votre blog avec un œil critique. Would you subscribe to it? Aimeriez-vous le recommander à vos amis? Avec des millions de blogs, offrez quelque chose d’unique à vos lecteurs.';
    const kept = body(`${paragraph(1)}${paragraph(2)}<p>${advice}</p>`);
    removeBoilerplate(kept);
    assert.match(textOf(kept), /Would you subscribe to it\?.*lecteurs\./s);
    const pitch =
      'Subscribe to our newsletter today. It comes every week. It is free. You can leave it at any time with one click.';
    const gone = body(`${paragraph(1)}${paragraph(2)}<p>${pitch}</p>`);
    removeBoilerplate(gone);
    assert.doesNotMatch(textOf(gone), /Subscribe/);
    assert.match(textOf(gone), /budget numéro 2/);
  });
});

describe("the page's furniture after the article", () => {
  const blurb =
    "<p>Le Journal de l'Oriental est un quotidien régional fondé en 1998 à Oujda, qui couvre l'actualité de la région, ses villes et ses campagnes, chaque jour et sans interruption depuis sa création.</p>";
  test("after a bare share label near the end, the site's blurb goes too", () => {
    const el = body(`${paragraph(1)}${paragraph(2)}${paragraph(3)}${paragraph(4)}<p>Partager :</p>${blurb}`);
    removeBoilerplate(el);
    assert.doesNotMatch(textOf(el), /Partager|fondé en 1998/);
    assert.match(textOf(el), /budget numéro 4/);
  });
  test("the publisher's appeal for support near the end goes with the lines of its box", () => {
    for (const appeal of [
      '<h3>Soutenez le journalisme indépendant</h3><p>Soutenez-nous : un abonnement garantit notre indépendance et permet à la rédaction de continuer.</p>',
      '<p>Si nuestro trabajo te parece valioso, apóyanos y únete a nuestra comunidad de lectores.</p>',
      '<p>ادعموا صحافتنا المستقلة بالاشتراك الشهري أو السنوي.</p>',
    ]) {
      const el = body(
        `${paragraph(1)}${paragraph(2)}${paragraph(3)}${paragraph(4)}${appeal}<p>Nous avons besoin de vous pour continuer à informer nos lecteurs chaque jour.</p>`,
      );
      removeBoilerplate(el);
      assert.doesNotMatch(textOf(el), /Soutenez|apóyanos|ادعموا|besoin de vous/, appeal);
      assert.match(textOf(el), /budget numéro 4/);
    }
    // A paragraph of the article that names subscribers stays.
    const told = body(
      `${paragraph(1)}${paragraph(2)}${paragraph(3)}<p>La plateforme compte deux millions d'abonnés, et ses recettes ont doublé en un an selon la direction.</p>${paragraph(4)}`,
    );
    removeBoilerplate(told);
    assert.match(textOf(told), /deux millions d'abonnés.*budget numéro 4/s);
  });
  test('a skip link and "you are here" before the article go', () => {
    const el = body(
      `<p><a href="#c">Aller au contenu</a></p><p>Vous êtes ici :</p>${paragraph(1)}${paragraph(2)}`,
    );
    removeBoilerplate(el);
    assert.doesNotMatch(textOf(el), /Aller au contenu|Vous êtes ici/);
    assert.match(textOf(el), /budget numéro 1/);
  });
  test("a 'Lire aussi' line with its headline near the end, and a bare label early in the article, leave the paragraphs after them", () => {
    const late = body(
      `${paragraph(1)}${paragraph(2)}${paragraph(3)}<p>Lire aussi : <a href="/d">Le derby de Casablanca reporté d'une semaine</a></p>${paragraph(4)}`,
    );
    removeBoilerplate(late);
    assert.match(textOf(late), /budget numéro 4/);
    const early = body(`${paragraph(1)}<p>Partager :</p>${paragraph(2)}${paragraph(3)}${paragraph(4)}`);
    removeBoilerplate(early);
    assert.match(textOf(early), /budget numéro 2.*budget numéro 4/s);
  });
});

describe('dialogs', () => {
  test('log-in, consent and media dialogs go; a page whose frame names a modal keeps its article, a link to a pop-up note its word', () => {
    const dialogs = [
      '<div role="dialog"><h2>Mot de passe oublié ?</h2><p>Vous recevrez un courriel pour le changer.</p></div>',
      '<article class="login-modal dark-modal"><h2>Créer un compte</h2><p>Votre inscription est presque terminée, confirmez le lien.</p></article>',
      '<div class="b-dialog"><p>Plein écran : fermez la fenêtre pour revenir à la lecture.</p></div>',
    ].join('');
    const html = `<html><body class="has-modal"><main><h1>Le budget voté mardi</h1><p>Voir la <a class="popup" href="#n1">note du greffier</a> sur le vote.</p>${paragraph(1)}${paragraph(2)}${paragraph(3)}</main>${dialogs}</body></html>`;
    const doc = parseDocument(html, 'https://news.example/budget');
    removeClutter(doc);
    const text = textOf(doc.body);
    assert.match(text, /note du greffier.*budget numéro 1.*budget numéro 3/);
    assert.doesNotMatch(text, /Mot de passe|Créer un compte|Plein écran/);
  });
});

describe("the page's date lines and a post's footer", () => {
  test('a line that only dates the page goes at either edge; a sentence with a date, and a date line amid the article, stay', () => {
    for (const line of [
      'Data dodania: 2012-01-09 12:43:12 Ostatnia aktualizacja: 2012-02-09 13:59:07',
      '16 January 2012 Last updated at 17:53 GMT',
      'Publié le 12/05/2024 à 10:30',
      'Πηγή: Express.gr 08/11/11-14:08',
    ]) {
      for (const at of ['start', 'end'] as const) {
        const html =
          at === 'start'
            ? `<p>${line}</p>${paragraph(1)}${paragraph(2)}`
            : `${paragraph(1)}${paragraph(2)}<p>${line}</p>`;
        const el = body(html);
        removeBoilerplate(el);
        assert.doesNotMatch(textOf(el), /2012|2024|08\/11/, `${line} (${at})`);
        assert.match(textOf(el), /budget numéro 1.*budget numéro 2/s);
      }
    }
    const kept = body(
      `<p>Le 12/05/2024, le conseil a siégé.</p>${paragraph(1)}<p>Mardi 14 mai 2024, 10:30</p>${paragraph(2)}<p>Le vote aura lieu le 3 juin 2024 à 10:00, a précisé le président du conseil.</p>`,
    );
    removeBoilerplate(kept);
    // A stub of one paragraph keeps its date: it is most of what it says besides.
    const stub = body(`<p>Monday, April 20, 2009 1:38 PM</p>${paragraph(1)}`);
    removeBoilerplate(stub);
    assert.match(textOf(stub), /April 20, 2009/);
    assert.match(textOf(kept), /Le 12\/05\/2024, le conseil a siégé/);
    assert.match(textOf(kept), /Mardi 14 mai 2024, 10:30/);
    assert.match(textOf(kept), /3 juin 2024/);
  });

  test('a post\'s "Posted by … at …" line and its count of responses go at the end; a byline at the start stays', () => {
    const el = body(
      `<p>Posted by Paul Overton</p>${paragraph(1)}${paragraph(2)}<p>Posted by Paul Overton at 6:35 AM</p><p>92 Responses to "Depth Compositing"</p>`,
    );
    removeBoilerplate(el);
    assert.match(textOf(el), /^Posted by Paul Overton/);
    assert.doesNotMatch(textOf(el), /6:35|Responses/);
    assert.match(textOf(el), /budget numéro 2/);
  });
});

describe("the article's signature at the body's edges", () => {
  test('"Par Karim Alaoui", "By Anne Dupont" and "بقلم: محمد" go at either edge; a sentence opening with "By" and a short article\'s byline stay', () => {
    for (const line of ['Par Karim Alaoui, le 3 mars 2025', 'By Anne Dupont', 'بقلم: محمد العلوي']) {
      for (const html of [
        `<p>${line}</p>${paragraph(1)}${paragraph(2)}`,
        `${paragraph(1)}${paragraph(2)}<p>${line}</p>`,
      ]) {
        const el = body(html);
        removeBoilerplate(el);
        assert.doesNotMatch(textOf(el), /Alaoui|Dupont|العلوي/, line);
        assert.match(textOf(el), /budget numéro 2/);
      }
    }
    const sentence = body(`<p>By Monday, the council will vote.</p>${paragraph(1)}${paragraph(2)}`);
    removeBoilerplate(sentence);
    assert.match(textOf(sentence), /By Monday/);
    const stub = body(`<p>Par Karim Alaoui</p>${paragraph(1)}`);
    removeBoilerplate(stub);
    assert.match(textOf(stub), /Karim Alaoui/);
  });
});

describe('a post typed as loose text', () => {
  test('its footer lines go ("Posted by … at …", "Labels:"), its words stay', () => {
    const el = body(
      `Je n'arrive toujours pas à croire que ce dessin est fait au crayon, tant chaque reflet de la pluie sur la vitre du tramway semble photographié.<br>L'artiste a passé trois semaines sur cette seule image, dit-il.<div>Posted by Paul Overton at 6:35 AM</div><div>Labels: dessin, réalisme</div>`,
    );
    removeBoilerplate(el);
    assert.doesNotMatch(textOf(el), /Posted by|Labels/);
    assert.match(textOf(el), /au crayon.*trois semaines/s);
  });
});

describe('boxes named like boilerplate', () => {
  test("a short article in a box named 'read-more' keeps its last short paragraph; a box of that name without prose goes", () => {
    const el = body(
      `<div class="entry-content entry-content-read-more">${paragraph(1)}${paragraph(2)}<p>Le vote final aura lieu le 1er avril.</p></div><div class="read-more"><p>Lire la suite du dossier</p><p>Nos autres articles sur la région</p></div>`,
    );
    removeBoilerplate(el);
    assert.match(textOf(el), /Le vote final aura lieu le 1er avril\./);
    assert.doesNotMatch(textOf(el), /Lire la suite|Nos autres articles/);
  });

  test("a live blog's entries named 'live-match-comment' stay, and so does a subheading whose anchor id says 'nav'", () => {
    const entries = [
      'Il y aura au moins cinq minutes de temps additionnel.',
      'Carton jaune pour le gardien, qui a perdu du temps.',
    ]
      .map((t) => `<div class="live-match-comment"><div class="live-match-comment-body">${t}</div></div>`)
      .join('');
    const el = body(
      `${paragraph(1)}<h3 id="nav_le_vote__1">Le vote du budget</h3>${paragraph(2)}${entries}${paragraph(3)}`,
    );
    removeBoilerplate(el);
    assert.match(textOf(el), /Le vote du budget/);
    assert.match(textOf(el), /cinq minutes de temps additionnel/);
    assert.match(textOf(el), /Carton jaune/);
  });
});
