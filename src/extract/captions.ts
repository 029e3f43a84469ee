// A picture's caption, wherever the publisher's template puts it, made a
// <figcaption> of a <figure>: the HTML then shows it under its picture (the
// sanitizer keeps a figure's caption only while the figure keeps its
// picture), and the text leaves it out (htmlToText skips captions), as
// human ground truth does. Templates write captions as a <span
// class="description"> inside the figure, a <div class="img-metadata">
// beside the image, "Photograph by …" in a box named for the image's author.
import { textOf } from './dom.ts';

const MEDIA = 'img,picture,video';
/** Class and id words of a caption or a picture's credit. */
const CAPTION_NAME =
  /(?:^|[\s_-])(?:caption|captions|legende?|legend|bildunterschrift|img-?meta(?:data)?|image-?meta(?:data)?|photo-?credit|image-?credit|credits?)(?:$|[\s_-])/i;
/** A caption is a line or two; past this it is the article's text. */
const CAPTION_CHARS = 300;
/** Text besides the caption a picture's box may hold (a "zoom" button's word). */
const BOX_EXTRA_CHARS = 20;
/** How far up from a caption the picture's box may be. */
const BOX_LEVELS = 3;

export function gatherCaptions(body: Element): void {
  const doc = body.ownerDocument;
  for (const el of [...body.querySelectorAll('*')]) {
    if (el.closest('figure,figcaption') || !isCaption(el)) continue;
    const box = pictureBox(el, body);
    if (!box) continue;
    const figure = doc.createElement('figure');
    box.parentNode?.replaceChild(figure, box);
    while (box.firstChild) figure.appendChild(box.firstChild);
  }
  for (const figure of [...body.querySelectorAll('figure')]) gatherInto(figure, doc);
}

function isCaption(el: Element): boolean {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (!CAPTION_NAME.test(names) || el.querySelector(MEDIA)) return false;
  const text = textOf(el);
  return text !== '' && text.length <= CAPTION_CHARS;
}

/** The caption's nearest ancestor that holds a picture and little else besides the caption. */
function pictureBox(caption: Element, body: Element): Element | null {
  const own = textOf(caption).length;
  let box = caption.parentElement;
  for (let level = 0; box && box !== body && level < BOX_LEVELS; level++, box = box.parentElement) {
    if (!box.querySelector(MEDIA)) continue;
    return textOf(box).length - own <= BOX_EXTRA_CHARS && box.querySelectorAll('img,video').length === 1
      ? box
      : null;
  }
  return null;
}

/** A picture's figure: its few words outside its figcaption (and outside its picture) go into it. */
function gatherInto(figure: Element, doc: Document): void {
  const loose: Node[] = [];
  const visit = (parent: Element) => {
    for (let c = parent.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        if ((c.textContent ?? '').trim() !== '') loose.push(c);
      } else if (c.nodeType === 1) {
        const el = c as Element;
        if (el.tagName === 'FIGCAPTION') continue;
        if (el.matches(MEDIA) || el.querySelector(MEDIA)) {
          if (!el.matches(MEDIA)) visit(el);
        } else if (textOf(el) !== '') loose.push(el);
      }
    }
  };
  if (!figure.querySelector(MEDIA)) return;
  visit(figure);
  // Only a caption's few words: a figure around a table, a quote or a
  // paragraph of the article keeps them where they are.
  const chars = loose.reduce((n, node) => n + textOf(node).length, 0);
  if (loose.length === 0 || chars > CAPTION_CHARS) return;
  let caption = figure.querySelector('figcaption');
  if (!caption) {
    caption = doc.createElement('figcaption');
    figure.appendChild(caption);
  }
  for (const node of loose) {
    if (caption.childNodes.length > 0) caption.appendChild(doc.createTextNode(' '));
    caption.appendChild(node);
  }
}
