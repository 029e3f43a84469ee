// What the page keeps before a DOM is built (src/extract/prepare.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractArticle } from '../../src/extract/index.ts';
import { parseHTML } from 'linkedom';
import { preparePage } from '../../src/extract/prepare.ts';

const paragraph = (n: number) =>
  `<p>Paragraph ${n} of the post tells readers what the security team changed in the browser this spring, and why it matters for them.</p>`;

// Blogger's themes (the Google blogs among them) put the post in a template
// their script renders, inside the element marked as the article's body.
const bloggerPage = (
  template: string,
) => `<!doctype html><html lang="en"><head><title>Safer browsing - Security Blog</title>
<script>var x = "<p>not text</p>";</script></head><body>
<div class="sidebar"><h2>Security Blog</h2><p>The latest news from the team.</p></div>
<div class="post"><h2 class="title">Safer browsing</h2>
<div class='post-body'>
<div class='post-content' itemprop='articleBody'>
<script type='text/template'>${template}</script>
<noscript>${template}</noscript>
</div></div></div>
<script type="text/template" id="comment-tpl"><div class="comment"><%= author %> wrote <%= text %></div></script>
</body></html>`;

describe('preparing a page', () => {
  test("a post shipped as a template inside the article's body is kept as its markup", () => {
    const body = [1, 2, 3, 4].map(paragraph).join('\n');
    const { html } = preparePage(bloggerPage(body));
    assert.ok(html.includes('Paragraph 3 of the post'));
    // Other scripts and templates still go: code, and a widget's placeholders.
    assert.ok(!html.includes('not text'));
    assert.ok(!html.includes('<%= author %>'));
    const article = extractArticle(bloggerPage(body), 'https://security.example/2020/05/safer.html');
    for (const n of [1, 2, 3, 4]) assert.match(article.text, new RegExp(`Paragraph ${n} of the post`));
    assert.doesNotMatch(article.text, /wrote/);
  });

  test('an <svg> left unclosed does not take the article with it; closed ones are emptied', () => {
    // The page's PDF icon: an <svg> the browser closes with its parent; the
    // share bar's icons are closed, the last one after the article.
    const page = `<html><head><title>Migrations</title></head><body><div class="article-body">
<div class="meta"><a href="/pdf"><svg class="icon"><use xlink:href="/icons.svg#pdf" /></a></div>
${[1, 2, 3, 4, 5].map(paragraph).join('\n')}
</div><footer><a href="/x"><svg viewBox="0 0 1 1"><path d="M0 0h1v1z"/></svg></a></footer></body></html>`;
    const { html } = preparePage(page);
    assert.ok(html.includes('Paragraph 5 of the post'), 'the article is kept');
    assert.ok(!html.includes('M0 0h1v1z'), 'a closed drawing is emptied');
    const article = extractArticle(page, 'https://press.example/2020/03/02/migrations/');
    for (const n of [1, 2, 3, 4, 5]) assert.match(article.text, new RegExp(`Paragraph ${n} of the post`));
  });

  test('a script commented out is part of its comment, and a comment inside a script part of the script', () => {
    // Blogger's themes: a gadget's script commented out in the head, then a
    // real script; read script first, the commented one ran on to the real
    // one's </script> and the "<!--" left behind swallowed the body.
    const page = `<html><head><title>Letters</title><style>p{color:red}</style>
<!--<script src='http://gadgets.example/related.js' type='text/javascript'/>-->
<script type="text/javascript">if (window.timing) window.timing.tick('headEnd');</script></head>
<body><script>document.write("<!--");</script><div class="post">${[1, 2, 3, 4].map(paragraph).join('\n')}</div></body></html>`;
    const { html } = preparePage(page);
    for (const n of [1, 2, 3, 4]) assert.ok(html.includes(`Paragraph ${n} of the post`), `paragraph ${n}`);
    assert.ok(!html.includes('timing') && !html.includes('color:red') && !html.includes('gadgets.example'));
    const article = extractArticle(page, 'https://letters.example/2012/10/letter.html');
    for (const n of [1, 2, 3, 4]) assert.match(article.text, new RegExp(`Paragraph ${n} of the post`));
  });

  test('a template elsewhere on the page is not text', () => {
    const page = `<html><body><div class="tpl"><script type="text/template"><p>{{headline}} and {{teaser}}</p></script></div>${paragraph(1)}</body></html>`;
    assert.ok(!preparePage(page).html.includes('{{headline}}'));
  });
});

describe("the page's skeleton, mended as a browser reads it", () => {
  test('a document pasted inside the article: its <!DOCTYPE>, <html> and <body> are dropped, and the article is found', () => {
    const body = [1, 2, 3, 4, 5].map(paragraph).join('\n');
    const page = `<!doctype html><html><head><title>Wolves - Magazine</title></head><body>
<nav><ul><li><a href="/a">Hunting</a></li><li><a href="/b">News</a></li></ul></nav>
<h1>Wolves</h1><p class="excerpt">A short teaser of the story.</p>
<article class="post"> <!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN"><html><body>${body}</body></html></article>
<aside><h3>More</h3><ul><li><a href="/c">Other story</a></li></ul></aside>
</body></html>`;
    const { html } = preparePage(page);
    assert.equal(html.match(/<html\b/gi)?.length, 1);
    assert.equal(html.match(/<body\b/gi)?.length, 1);
    const article = extractArticle(page, 'https://magazine.example/wolves');
    assert.match(article.text, /Paragraph 1 of the post[\s\S]*Paragraph 5 of the post/);
    // A well-formed page keeps its markup as it was.
    const plain = `<!doctype html>\n<html lang="fr"><head><title>Un</title></head>\n<body><p>One</p></body></html>`;
    assert.equal(preparePage(plain).html, plain);
  });

  test('a <title> and <meta> before the <!DOCTYPE> go into the head, and the article is found', () => {
    const body = [1, 2, 3, 4, 5].map(paragraph).join('\n');
    const page = `<style>.x{}</style>
<title>Cultivation - Weekly</title><meta name="description" content="About plants">
<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"></head>
<body class="single"><nav><a href="/">Home</a></nav><article><h1>Cultivation</h1>${body}</article></body></html>`;
    const { document } = parseHTML(preparePage(page).html) as unknown as { document: Document };
    assert.equal(document.documentElement.tagName, 'HTML');
    assert.equal(document.title, 'Cultivation - Weekly');
    assert.match(document.body.textContent ?? '', /Paragraph 5 of the post/);
    const article = extractArticle(page, 'https://weekly.example/cultivation');
    assert.match(article.text, /Paragraph 1 of the post[\s\S]*Paragraph 5 of the post/);
    assert.equal(article.language, 'en');
  });

  test('what stands between </head> and a late <body> is in the body', () => {
    const page = `<title>A</title><!DOCTYPE html><html><head><meta charset="utf-8"></head><div id="lead">${paragraph(1)}</div><body>${paragraph(2)}</body></html>`;
    const { document } = parseHTML(preparePage(page).html) as unknown as { document: Document };
    assert.match(document.body.textContent ?? '', /Paragraph 1 of the post[\s\S]*Paragraph 2 of the post/);
    assert.equal(document.title, 'A');
  });

  test('a page without a <body> tag has its content in the body', () => {
    const page = `<!DOCTYPE html><html lang=es><head><title>Hoy</title></head> <a href=#content>Skip</a><div id="content">${paragraph(1)}</div></html>`;
    const { document } = parseHTML(preparePage(page).html) as unknown as { document: Document };
    assert.match(document.body.textContent ?? '', /Paragraph 1 of the post/);
  });
});
