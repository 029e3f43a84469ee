// An article printed in several blocks of one kind (its first paragraph in
// a box of its own, the rest after an advertisement; a long post in one
// box per section): Readability takes the largest block and its siblings,
// and a block of the same kind elsewhere in the page is lost with its
// paragraphs (Readability alone loses them too). Seen on politico's and
// thebalance's pages of the human ground truth; other splits seen there
// (emacspeak's sections, zfk's first block) are not of one kind and stay
// lost.
//
// The page's paragraphs are grouped by their kind (their own class, else
// their parent's tag and class) before Readability rewrites the page. Once
// the body is known, a kind that holds several of its paragraphs is the
// article's, and its other paragraphs of prose come back where the page
// has them.
import { linkDensity, textOf, tokens, wordRuns } from './dom.ts';

/** A paragraph of the page, and which story of the page it belongs to. */
interface Paragraph {
  el: Element;
  /**
   * A copy of it as the page printed it, for a paragraph cut at its `<br>`s:
   * Readability rewrites such a paragraph in place (into a `<div>` of new
   * paragraphs), and drops the lot when it finds it too linked.
   */
  copy: Element | null;
  /** The copy's text, spaces collapsed. */
  text: string;
  /**
   * Its story: its `<article>` and the headlines (`<h1>`) before it. A page
   * that holds several stories (the next one loaded below, a list of
   * articles in full) prints each in the same kind of paragraphs.
   */
  story: string;
}

export type ParagraphKinds = Map<string, Paragraph[]>;

/** The page's paragraphs by kind, in page order (before Readability moves them). */
export function paragraphKinds(doc: Document): ParagraphKinds {
  const kinds: ParagraphKinds = new Map();
  const articles = new Map<Element, number>();
  let headlines = 0;
  for (const el of doc.querySelectorAll('h1,p')) {
    if (el.tagName === 'H1') {
      headlines++;
      continue;
    }
    const kind = kindOf(el);
    if (!kind) continue;
    const article = el.closest('article');
    let n = article ? articles.get(article) : 0;
    if (n === undefined) {
      n = articles.size + 1;
      articles.set(article!, n);
    }
    // Where it sits is known now only: Readability's rewrite leaves it out of the page.
    const copy = el.querySelector('br') && !inListing(el) ? (el.cloneNode(true) as Element) : null;
    const paragraph = { el, copy, text: copy ? normalized(copy) : '', story: `${n}/${headlines}` };
    const list = kinds.get(kind);
    if (list) list.push(paragraph);
    else kinds.set(kind, [paragraph]);
  }
  return kinds;
}

function kindOf(p: Element): string | null {
  const own = p.getAttribute('class')?.trim();
  if (own) return `p.${own}`;
  const parent = p.parentElement;
  const theirs = parent?.getAttribute('class')?.trim();
  return parent && theirs ? `${parent.tagName}.${theirs}>p` : null;
}

/** Paragraphs of the body's kind the body lacks: at most as many words as it has come back. */
const MAX_ADDED_SHARE = 1;
/** A paragraph of prose: this many words at least. */
const MIN_WORDS = 8;
/** The body holds at least this many paragraphs of a kind for the kind to be the article's. */
const MIN_FOUND = 3;

/** Puts back into `body` the paragraphs of its own kind that the page has and it lacks. */
export function mendSplitArticle(body: Element, kinds: ParagraphKinds): void {
  const own = [...body.querySelectorAll('p')];
  const bodyParagraphs = new Map<string, Element>();
  for (const p of own) {
    const t = normalized(p);
    if (t.length >= 20) bodyParagraphs.set(t, p);
  }
  if (bodyParagraphs.size < MIN_FOUND) return;
  // The kind that holds most of the body's paragraphs.
  let best: { members: Paragraph[]; texts: string[]; found: number } | null = null;
  for (const members of kinds.values()) {
    if (members.length <= MIN_FOUND) continue;
    // The paragraphs as they are now; one that Readability emptied (cut at its <br>s), as printed.
    const texts = members.map((m) => {
      const now = normalized(m.el);
      return now === '' && m.copy ? m.text : now;
    });
    const found = texts.filter((t) => bodyParagraphs.has(t)).length;
    if (found >= MIN_FOUND && found < members.length && found > (best?.found ?? 0))
      best = { members, texts, found };
  }
  if (!best) return;
  const { members, texts } = best;
  // The story most of the body's paragraphs of the kind belong to.
  const stories = new Map<string, number>();
  members.forEach((m, i) => {
    if (bodyParagraphs.has(texts[i]!)) stories.set(m.story, (stories.get(m.story) ?? 0) + 1);
  });
  const story = [...stories].sort((a, b) => b[1] - a[1])[0]![0];
  const bodyTokens = tokens(textOf(body));
  const bodyWords = bodyTokens.length;
  let runs: Set<string> | null = null;
  let added = 0;
  members.forEach((m, i) => {
    const printed = m.copy && normalized(m.el) === '' ? m.copy : m.el;
    if (m.story !== story || bodyParagraphs.has(texts[i]!)) return;
    if (printed === m.el ? !isProse(m.el) : !proseText(printed)) return;
    const words = tokens(texts[i]!).length;
    if (added + words > bodyWords * MAX_ADDED_SHARE) return;
    if (printed === m.copy) {
      // Cut at its <br>s, it is in the body as several paragraphs, unless Readability dropped it.
      runs ??= new Set(wordRuns(bodyTokens));
      if (told(texts[i]!, runs)) return;
    }
    // Beside its nearest neighbour of the kind that the body holds.
    const before = nearest(texts, i, -1, bodyParagraphs);
    const after = before ? null : nearest(texts, i, 1, bodyParagraphs);
    const copy = printed.cloneNode(true) as Element;
    if (before) before.after(copy);
    else if (after) after.before(copy);
    else return;
    bodyParagraphs.set(texts[i]!, copy);
    added += words;
  });
}

/** Whether most of a text's runs of three words are in the body's. */
function told(text: string, runs: Set<string>): boolean {
  const own = [...new Set(wordRuns(tokens(text)))];
  return own.length === 0 || own.filter((r) => runs.has(r)).length >= 0.5 * own.length;
}

function nearest(texts: string[], from: number, step: 1 | -1, inBody: Map<string, Element>): Element | null {
  for (let j = from + step; j >= 0 && j < texts.length; j += step) {
    const el = inBody.get(texts[j]!);
    if (el) return el;
  }
  return null;
}

const SENTENCE_END = /[.!?…»"”)\]。！？؟]\s*$/;

/** Names of the boxes a page lists other articles in (a teaser's summary shares the article's kind). */
const LISTING = /teaser|related|recommend|promo|more|list|card|widget|sidebar/i;

function isProse(p: Element): boolean {
  return !inListing(p) && proseText(p);
}

/** In a listing, a comment or the page's furniture. */
function inListing(p: Element): boolean {
  if (p.closest('nav,aside,footer,form,[class*="comment"],[id*="comment"]')) return true;
  let el = p.parentElement;
  for (let depth = 0; el && depth < 4; depth++, el = el.parentElement)
    if (LISTING.test(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`)) return true;
  return false;
}

function proseText(p: Element): boolean {
  const text = textOf(p);
  const words = tokens(text).length;
  if (words < MIN_WORDS) return false;
  // A paragraph of sentences may quote its sources in links; a short line mostly linked is a teaser.
  return linkDensity(p, text) < (words >= 25 && SENTENCE_END.test(text) ? 0.5 : 0.3);
}

function normalized(el: Element): string {
  return textOf(el).replace(/\s+/g, ' ').trim();
}
