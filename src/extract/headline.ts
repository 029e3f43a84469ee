// The article beside its headline: a second opinion for short articles.
//
// Readability takes the block with the most prose. On a short post (a
// blog's picture with two sentences, a brief) the sidebar's "About us", the
// readers' comments or a list of other stories hold more prose than the
// article, and Readability returns them: a body with not one word of the
// article. The headline is on the page, though, and the article's text
// follows it inside the same box (the post, the <article>). When
// Readability gives up on a page, or takes a shorter block that shares
// nothing with that box, the box is the body (body.ts decides). Taking it
// whenever Readability's body differs from it was tried on the
// extraction-dev pages and lost as much as it won: news pages keep their
// headline in a header box (kicker, byline) apart from a longer body.
import { linkDensity, textOf, tokens } from './dom.ts';

/** The box around the headline holds at least this many words besides it (else it is only the headline's line). */
const MIN_BOX_WORDS = 12;
/** A box larger than this is a page-wide wrapper, not the article's. */
const MAX_BOX_WORDS = 3000;

/**
 * A copy of the box that holds the headline and the text after it, or
 * null when the headline is not on the page as a heading.
 */
export function headlineBox(doc: Document, title: string | null): Element | null {
  for (const heading of headlines(doc, title, 'h1,h2,h3')) {
    const headingWords = tokens(textOf(heading)).length;
    let box: Element | null = heading.parentElement;
    while (box && box.tagName !== 'BODY') {
      const words = tokens(textOf(box)).length - headingWords;
      if (words > MAX_BOX_WORDS) return null;
      if (words >= MIN_BOX_WORDS && linkDensity(box) < 0.5)
        // A header (kicker, byline, date) is not the article: its box must hold a sentence of prose.
        return holdsSentence(box) ? (box.cloneNode(true) as Element) : null;
      box = box.parentElement;
    }
    return null;
  }
  return null;
}

/** Share of the box's words Readability's body must hold to count as the same text. */
const SAME_TEXT = 0.3;

/** True when Readability's body holds next to nothing of the headline's box: it took another block. */
export function missesHeadlineBox(body: Element, box: Element): boolean {
  // Distinct words of four letters or more: "the", "de", "في" are in any two texts.
  const boxWords = new Set(tokens(textOf(box)).filter((w) => w.length >= 4));
  if (boxWords.size === 0) return false;
  const bodyWords = new Set(tokens(textOf(body)));
  let hit = 0;
  for (const w of boxWords) if (bodyWords.has(w)) hit++;
  return hit / boxWords.size < SAME_TEXT;
}

/** A headline's box this many times longer than Readability's body holds the page around the article too. */
const MAX_BOX_RATIO = 4;

/**
 * The headline's box (cleaned) is the article rather than the other block
 * Readability took: it is longer than that block, but not by much (a
 * sidebar's "About" scored above the post beside it). When the box is
 * shorter, it is a header (kicker, byline) and the body follows apart; when
 * it is much longer, it holds the page around the article.
 */
export function headlineBoxWins(body: Element, box: Element): boolean {
  const boxWords = tokens(textOf(box)).length;
  const words = tokens(textOf(body)).length;
  return boxWords > words && boxWords <= MAX_BOX_RATIO * words;
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

/** The page's headings (of `tags`) that say the title, in document order; none for a title of one word. */
function headlines(doc: Document, title: string | null, tags: string): Element[] {
  if (!title) return [];
  const want = normalized(title);
  if (want.split(' ').length < 2) return [];
  return [...doc.querySelectorAll(tags)].filter((h) => isHeadline(normalized(textOf(h)), want));
}

function normalized(text: string): string {
  return tokens(text).join(' ');
}

/** A standfirst is one paragraph: a sentence or a few, not the article. */
const STANDFIRST_WORDS = { min: 12, max: 90 };
/** Short lines between the headline and its standfirst (a kicker, a byline, a date) looked past. */
const STANDFIRST_SKIP = 2;

/**
 * The standfirst printed right after the headline in its own box, outside
 * the article's body (a `<h2>` under the `<h1>` in the story's header, a
 * `<div class="lead">` of no known name): the headline's next sibling that
 * is one paragraph of prose, past at most two short lines. A reader reads
 * it as the article's first lines; body.ts never sees it. A dek is often
 * written without a full stop ("MIPS will also sell the majority of its
 * patents to a consortium"): a subheading (`<h2>`, `<h3>`) under the
 * headline is one all the same.
 */
export function headlineStandfirst(doc: Document, title: string | null): string | null {
  for (const heading of headlines(doc, title, 'h1,h2')) {
    let skipped = 0;
    for (let el = heading.nextElementSibling; el; el = el.nextElementSibling) {
      const text = textOf(el);
      if (text === '') continue;
      if (tokens(text).length >= STANDFIRST_WORDS.min) {
        const prose =
          /^(?:P|H2|H3|DIV|SPAN|STRONG|EM)$/.test(el.tagName) &&
          standfirstSized(el, text) &&
          (/[.!?…。؟»"”]\s*$/.test(text) || DEK_TAGS.test(el.tagName));
        return prose ? text : null;
      }
      if (++skipped > STANDFIRST_SKIP) return null;
    }
    return null;
  }
  return null;
}

/** The subheading under a headline: its dek, with or without a full stop. */
const DEK_TAGS = /^H[23]$/;

/** A class that names a standfirst in a story's header, in the words templates use. */
const STANDFIRST_CLASS =
  /(?:^|[-_\s])(?:sub-?title|excerpt|lead|standfirst|dek|sub-?headline|summary|intro|chapo|chapeau|sapo|teaser)(?:$|[-_\s])/i;

/**
 * The standfirst of a story's header (the `<header>` that holds its `<h1>`,
 * or one inside the article), named by its class: one paragraph of prose,
 * not a list of links.
 */
export function headerStandfirst(doc: Document): string | null {
  for (const header of doc.querySelectorAll('header')) {
    if (!header.querySelector('h1') && !header.closest('article,main,[role="main"]')) continue;
    for (const el of header.querySelectorAll('p,div,h2,span')) {
      const named = String(el.getAttribute('class') ?? '');
      // (A lead picture's caption is named "lead-asset-caption".)
      if (!STANDFIRST_CLASS.test(named) || /caption|credit|image|photo|media/i.test(named)) continue;
      if (el.closest('nav,li,a,figure')) continue;
      const text = textOf(el);
      if (standfirstSized(el, text)) return text;
    }
  }
  return null;
}

/** One paragraph of a standfirst's length: no blocks inside, few links. */
function standfirstSized(el: Element, text: string): boolean {
  const words = tokens(text).length;
  return (
    words >= STANDFIRST_WORDS.min &&
    words <= STANDFIRST_WORDS.max &&
    el.querySelectorAll('p,li,h1,h2,h3,h4,img').length === 0 &&
    linkDensity(el, text) < 0.2
  );
}
