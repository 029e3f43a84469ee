// The article beside its headline: a second opinion for short articles.
//
// Readability takes the block with the most prose. On a short post (a
// blog's picture with two sentences, a brief) the sidebar's "About us", the
// readers' comments or a list of other stories hold more prose than the
// article, and Readability returns them: a body with not one word of the
// article. The headline is on the page, though, and the article's text
// follows it inside the same box (the post, the <article>). When
// Readability gives up on a page (or keeps nothing readable), that box is
// the body. Taking it also when Readability's body merely differs from it
// was tried on the extraction-dev pages and lost as much as it won: news
// pages keep their headline in a header box apart from the body.
import { linkDensity, textOf, tokens } from './dom.ts';

/** The box around the headline holds at least this many words besides it (else it is only the headline's line). */
const MIN_BOX_WORDS = 12;
/** A box larger than this is a page-wide wrapper, not the article's. */
const MAX_BOX_WORDS = 3000;

/**
 * The box that holds the headline and the text after it, or
 * null when the headline is not on the page as a heading.
 */
export function headlineBox(doc: Document, title: string | null): Element | null {
  if (!title) return null;
  const want = normalized(title);
  if (want.split(' ').length < 2) return null;
  for (const heading of doc.querySelectorAll('h1,h2,h3')) {
    const text = normalized(textOf(heading));
    if (!isHeadline(text, want)) continue;
    const headingWords = tokens(textOf(heading)).length;
    let box: Element | null = heading.parentElement;
    while (box && box.tagName !== 'BODY') {
      const words = tokens(textOf(box)).length - headingWords;
      if (words > MAX_BOX_WORDS) return null;
      if (words >= MIN_BOX_WORDS && linkDensity(box) < 0.5)
        // A header (kicker, byline, date) is not the article: its box must hold a sentence of prose.
        return holdsSentence(box) ? box : null;
      box = box.parentElement;
    }
    return null;
  }
  return null;
}

/** The box without its headline (the page shows the title apart). */
export function withoutHeadline(box: Element, title: string): Element {
  const want = normalized(title);
  for (const heading of box.querySelectorAll('h1,h2,h3')) {
    const text = normalized(textOf(heading));
    if (isHeadline(text, want)) {
      heading.parentNode?.removeChild(heading);
      break;
    }
  }
  return box;
}

/** A line of prose: at least MIN_BOX_WORDS words, few links, a sentence's end. */
function holdsSentence(box: Element): boolean {
  for (const el of box.querySelectorAll('p,div,td,span,blockquote')) {
    const direct = [...el.childNodes]
      .filter(
        (n) =>
          n.nodeType === 3 ||
          (n.nodeType === 1 && /^(?:A|B|I|EM|STRONG|SPAN|BR)$/.test((n as Element).tagName)),
      )
      .map((n) => n.textContent ?? '')
      .join(' ');
    const text = direct.replace(/\s+/g, ' ').trim();
    if (tokens(text).length >= MIN_BOX_WORDS && /[.!?。؟]/.test(text) && linkDensity(el) < 0.3) return true;
  }
  return false;
}

/**
 * The heading says the title: the same words, or the title with a little
 * more (a kicker), or the end of a title that kept the site's name before
 * it; a heading that starts the title is the site's name.
 */
function isHeadline(heading: string, title: string): boolean {
  if (heading === '') return false;
  if (heading === title) return true;
  if (heading.includes(title)) return heading.length <= title.length * 1.5;
  // "Blog name: Post title" kept whole as the title: the post's heading ends it.
  return title.endsWith(` ${heading}`) && heading.split(' ').length >= 3;
}

function normalized(text: string): string {
  return tokens(text).join(' ');
}
