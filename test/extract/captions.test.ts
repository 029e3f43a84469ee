// Captions wherever templates put them become a figure's <figcaption>: the
// HTML keeps them under their picture, the text leaves them out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatherCaptions } from '../../src/extract/captions.ts';
import { parseDocument } from '../../src/extract/dom.ts';
import { htmlToText } from '../../src/feeds/index.ts';
import { sanitizeArticleHtml } from '../../src/sanitize/index.ts';

const prose =
  '<p>Le conseil régional a voté mardi le budget de la saison, après un long débat sur les routes rurales et les écoles.</p>';

function gathered(html: string): Element {
  const doc = parseDocument(
    `<!DOCTYPE html><html><body><div id="b">${html}</div></body></html>`,
    'https://news.example/a',
  );
  const body = doc.querySelector('#b')!;
  gatherCaptions(body);
  return body;
}

test("a caption named by its class beside its picture, or loose in a figure, becomes the figure's caption", () => {
  const beside = gathered(
    `${prose}<div class="asset"><a href="/p.jpg"><picture><img src="/p.jpg" alt=""></picture></a><p><span class="img-metadata__title">Le port de Tanger, photo : MAP</span></p></div>${prose}`,
  );
  assert.match(
    beside.innerHTML,
    /<figure>.*<img[^>]*>.*<figcaption>.*Le port de Tanger.*<\/figcaption><\/figure>/s,
  );
  const loose = gathered(
    `${prose}<figure><img src="/q.jpg" alt=""><span class="description">Judy Eddy/WENN.com</span></figure>`,
  );
  assert.match(
    loose.innerHTML,
    /<figcaption><span class="description">Judy Eddy\/WENN.com<\/span><\/figcaption>/,
  );
  for (const body of [beside, loose]) {
    const text = htmlToText(body.innerHTML);
    assert.doesNotMatch(text, /Tanger|WENN/);
    assert.match(text, /budget de la saison/);
  }
  // The reader still sees it under the picture.
  const { html } = sanitizeArticleHtml(beside.innerHTML, 'https://news.example/a');
  assert.match(html, /<img[^>]*>[\s\S]*<figcaption>[\s\S]*Le port de Tanger/);
});

test('a figure around a table or a quote, and a box named caption with no picture, keep their words in the text', () => {
  const table = gathered(
    `<figure class="wp-block-table"><table><tr><td>Raja</td><td>2</td></tr><tr><td>Wydad</td><td>1</td></tr></table></figure>`,
  );
  assert.match(htmlToText(table.innerHTML), /Raja 2/);
  const quote = gathered(
    `<figure><img src="/r.jpg" alt=""><blockquote>${'Le ministre a dit que la réforme des retraites sera votée avant la fin de la session parlementaire. '.repeat(4)}</blockquote></figure>`,
  );
  assert.match(htmlToText(quote.innerHTML), /réforme des retraites/);
  const nopicture = gathered(`${prose}<p class="caption">Un texte nommé légende, sans photo autour.</p>`);
  assert.match(htmlToText(nopicture.innerHTML), /sans photo autour/);
});
