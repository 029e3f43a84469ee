// JSON-LD as CMSs print it, titles without the site's name, languages, and
// pages built to hurt: none of it may throw.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectLanguage, extractArticle, parseJsonLd, stripSiteName } from '../../src/extract/index.ts';

const URL_ = 'https://presse.ma/2025/01/article.html';
const paragraphs = (
  n: number,
  word = 'Le gouvernement a présenté son projet de loi de finances devant le parlement',
) =>
  Array.from(
    { length: n },
    (_, i) => `<p>${word}, paragraphe ${i + 1}, avec des détails sur le budget et les régions.</p>`,
  ).join('\n');
const pageWith = (head: string, body = paragraphs(6)) =>
  `<!DOCTYPE html><html><head>${head}</head><body><article>${body}</article></body></html>`;
const ld = (json: string) => `<script type="application/ld+json">${json}</script>`;

describe('JSON-LD', () => {
  test('broken JSON-LD is read: trailing commas, raw newlines, entities', () => {
    assert.deepEqual(parseJsonLd('{"a": [1, 2,], "b": "x",}'), { a: [1, 2], b: 'x' });
    assert.deepEqual(parseJsonLd('{"headline": "ligne un\nligne deux\tfin"}'), {
      headline: 'ligne un\nligne deux\tfin',
    });
    assert.deepEqual(parseJsonLd('{&quot;headline&quot;: &quot;Titre&quot;}'), { headline: 'Titre' });
    assert.deepEqual(parseJsonLd('<!--{"a":1}-->'), { a: 1 });
    assert.deepEqual(parseJsonLd('{"a":1}{"b":2}'), [{ a: 1 }, { b: 2 }]);
    assert.equal(parseJsonLd('{"a": '), null);
    assert.equal(parseJsonLd(''), null);
  });

  test('author as string, Person, Organization and arrays; image as string, ImageObject and arrays', () => {
    const forms: Array<[string, string, string]> = [
      ['"Amina Alaoui"', '"https://presse.ma/a.jpg"', 'Amina Alaoui'],
      ['{"@type":"Person","name":"Amina Alaoui"}', '{"@type":"ImageObject","url":"/a.jpg"}', 'Amina Alaoui'],
      [
        '[{"@type":"Person","name":"Amina Alaoui"},{"@type":"Person","name":"Omar Idrissi"}]',
        '["/a.jpg","/b.jpg"]',
        'Amina Alaoui, Omar Idrissi',
      ],
      ['{"@type":"Organization","name":"MAP"}', '[{"@type":"ImageObject","contentUrl":"/a.jpg"}]', 'MAP'],
    ];
    for (const [author, image, expected] of forms) {
      const a = extractArticle(
        pageWith(
          ld(
            `{"@context":"https://schema.org","@type":"NewsArticle","headline":"Le titre","author":${author},"image":${image}}`,
          ),
        ),
        URL_,
      );
      assert.equal(a.author, expected);
      assert.equal(a.leadImage, 'https://presse.ma/a.jpg');
      assert.equal(a.title, 'Le titre');
    }
  });

  test('@graph with WebPage.mainEntity and @id references', () => {
    const graph = `{"@context":"https://schema.org","@graph":[
      {"@type":"WebPage","@id":"${URL_}","mainEntity":{"@type":"AnalysisNewsArticle","headline":"Analyse : le budget","datePublished":"2025-01-10T10:00:00Z","author":{"@id":"#p1"}}},
      {"@type":"Person","@id":"#p1","name":"Nadia Berrada"}]}`;
    const a = extractArticle(pageWith(ld(graph)), URL_);
    assert.equal(a.title, 'Analyse : le budget');
    assert.equal(a.author, 'Nadia Berrada');
    assert.equal(a.publishedAt?.toISOString(), '2025-01-10T10:00:00.000Z');
  });

  test('among several articles, the one about this page', () => {
    const list = `[{"@type":"NewsArticle","headline":"Autre article","url":"https://presse.ma/autre"},
      {"@type":"NewsArticle","headline":"Cet article","url":"${URL_}"}]`;
    assert.equal(extractArticle(pageWith(ld(list)), URL_).title, 'Cet article');
  });

  test('meta tags when there is no JSON-LD; <time> when there is no date tag', () => {
    const a = extractArticle(
      pageWith(
        '<title>Titre de la page | Presse</title><meta property="og:title" content="Titre OG"><meta name="author" content="Par Hamid Kabbaj"><meta property="og:image" content="/og.jpg">',
        `<time datetime="2025-02-01T12:00:00+01:00">1 février</time>${paragraphs(6)}`,
      ),
      URL_,
    );
    assert.equal(a.title, 'Titre OG');
    assert.equal(a.author, 'Hamid Kabbaj');
    assert.equal(a.leadImage, 'https://presse.ma/og.jpg');
    assert.equal(a.publishedAt?.toISOString(), '2025-02-01T11:00:00.000Z');
  });
});

describe('titles', () => {
  test('the site name goes, at the end or the start', () => {
    assert.equal(
      stripSiteName('Le budget adopté | Hespress FR', 'Hespress FR', URL_, false),
      'Le budget adopté',
    );
    assert.equal(
      stripSiteName('Le budget adopté - Le360', null, 'https://le360.ma/x', false),
      'Le budget adopté',
    );
    assert.equal(stripSiteName('Médias24 | Le budget adopté', 'Médias24', URL_, false), 'Le budget adopté');
    assert.equal(stripSiteName('الميزانية - هسبريس', 'هسبريس', URL_, false), 'الميزانية');
    // A colon is part of a French headline, not a separator.
    assert.equal(stripSiteName('Maroc : le budget adopté', 'Presse', URL_, true), 'Maroc : le budget adopté');
    // Without a known site name, only a short last segment after a real headline goes.
    assert.equal(
      stripSiteName('Le budget 2025 adopté au parlement | Mon Journal', null, URL_, true),
      'Le budget 2025 adopté au parlement',
    );
    assert.equal(stripSiteName('Covid-19 - Le bilan', null, URL_, true), 'Covid-19 - Le bilan');
  });

  test('<title> is cleaned when nothing better exists', () => {
    const a = extractArticle(pageWith('<title>Le budget 2025 adopté au parlement - Presse.ma</title>'), URL_);
    assert.equal(a.title, 'Le budget 2025 adopté au parlement');
  });
});

describe('language and direction', () => {
  test('detected from the letters when undeclared', () => {
    assert.equal(detectLanguage('أعلنت الحكومة المغربية اليوم عن مشروع قانون المالية الجديد'), 'ar');
    assert.equal(
      detectLanguage(
        'Le gouvernement a présenté le projet de loi de finances devant les députés et la presse',
      ),
      'fr',
    );
    assert.equal(
      detectLanguage('The government presented the budget to the parliament and the press on Monday'),
      'en',
    );
    assert.equal(detectLanguage('12 34'), null);
  });

  test('an Arabic article in a template declared en-US is Arabic, right to left', () => {
    const body = Array.from(
      { length: 6 },
      () =>
        '<p>أعلنت الحكومة المغربية اليوم عن مشروع قانون المالية الجديد الذي يتضمن إجراءات لدعم القدرة الشرائية للأسر.</p>',
    ).join('');
    const a = extractArticle(`<html lang="en-US"><body><article>${body}</article></body></html>`, URL_);
    assert.equal(a.language, 'ar');
    assert.equal(a.dir, 'rtl');
  });

  test('og:locale when <html> says nothing', () => {
    const a = extractArticle(pageWith('<meta property="og:locale" content="fr_MA">'), URL_);
    assert.equal(a.language, 'fr');
    assert.equal(a.dir, 'ltr');
  });
});

describe('hostile and broken pages', () => {
  test('never throws', () => {
    const inputs = [
      '',
      'not html at all',
      '<<<>>>',
      '<html><body></body></html>',
      '<script>'.repeat(1000),
      `<div>${'<div>'.repeat(5000)}texte${'</div>'.repeat(5000)}</div>`,
      `<html><head>${ld('{"@type": "NewsArticle", "headline": ')}</head><body><p>x</p></body></html>`,
      `<html><head>${ld('{"@type": ["NewsArticle", 5], "author": {"name": {"@value": "A"}}, "image": [[["/x.jpg"]]]}')}</head></html>`,
      '<p>' + '&amp;'.repeat(10000),
      '<img src="javascript:alert(1)"><a href="data:text/html,x">x</a>',
      '\u0000\uFFFF\uD800',
      null as unknown as string,
    ];
    for (const html of inputs) {
      const a = extractArticle(html, 'not a url');
      assert.equal(typeof a.contentHtml, 'string');
      assert.equal(typeof a.text, 'string');
    }
  });

  test('nothing readable gives an empty body and method none', () => {
    const a = extractArticle(
      '<html><head><title>Vide</title></head><body><nav><a href="/">Accueil</a></nav></body></html>',
      URL_,
    );
    assert.equal(a.contentHtml, '');
    assert.equal(a.text, '');
    assert.equal(a.method, 'none');
    assert.equal(a.title, 'Vide');
  });

  // Its time is measured by npm run bench:extract, not asserted here (shared machines drift).
  test('a 5 MB page of scripts, styles and 12,000 paragraphs is extracted without the script text', () => {
    const script = `<script>${'var x = "<p>faux paragraphe</p>";'.repeat(100_000)}</script>`;
    const style = `<style>${'.a{color:red}'.repeat(50_000)}</style>`;
    const body = paragraphs(12_000);
    const html = `<html><head>${script}${style}</head><body><article>${body}</article></body></html>`;
    assert.ok(html.length > 5_000_000, `page is ${html.length} chars`);
    const a = extractArticle(html, URL_);
    assert.ok(!a.text.includes('faux paragraphe'));
    assert.ok(a.text.includes('paragraphe 1,'));
  });
});
