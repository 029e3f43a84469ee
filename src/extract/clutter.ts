// What publishers put around and inside an article that a reader does not
// come for: share bars, "Lire aussi" / "اقرأ أيضا" boxes, newsletter forms,
// comment sections, ads, related-article lists, photo-credit-only lines,
// calendars. Used twice: on the page before Readability scores it (so a
// related box cannot win or split the body) and on the body it returns.
//
// Class and id rules are exact class tokens of the common CMSs (WordPress
// plugins, Drupal fields, ad networks), not substrings: "shared" or
// "adresse" must not match. Every rule but the source's own `remove`
// selectors spares an element that holds real prose, so a template that
// wraps the whole article in `<div class="post share">` keeps it.
import { linkDensity, selectAll, textOf } from './dom.ts';

/** Class names (lower case) of known clutter in the common templates. */
const CLUTTER_CLASSES = new Set([
  // share bars
  'share',
  'shares',
  'share-bar',
  'share-buttons',
  'share-links',
  'social-share',
  'social-links',
  'social-buttons',
  'sharing',
  'post-share',
  'entry-share',
  'article-share',
  'sharedaddy',
  'addtoany_share_save_container',
  'a2a_kit',
  'addthis_toolbox',
  'addthis_inline_share_toolbox',
  'heateor_sss_sharing_container',
  'td-post-sharing',
  'shariff',
  'ssba',
  'partage',
  'partager',
  // related and "read also"
  'related',
  'related-posts',
  'related-articles',
  'related-content',
  'jp-relatedposts',
  'yarpp-related',
  'crp_related',
  'read-also',
  'read-more-box',
  'lire-aussi',
  'a-lire-aussi',
  'voir-aussi',
  'more-articles',
  'also-read',
  // newsletter and comments
  'newsletter',
  'newsletter-form',
  'newsletter-signup',
  'mc4wp-form',
  'subscribe-box',
  'comments',
  'comments-area',
  'comment-respond',
  'fb-comments',
  // ads
  'ad',
  'ads',
  'advert',
  'advertisement',
  'adsbygoogle',
  'ad-container',
  'ad-slot',
  'dfp',
  'dfp-ad',
  'pub',
  'publicite',
  'taboola',
  'outbrain',
  // bylines and date lines repeated in the body (the metadata has them)
  'entry-meta',
  'post-meta',
  'article-meta',
  'news-info',
  'article-info',
  'meta-info',
  'byline',
  'writer',
  'node__meta',
  // tags, breadcrumbs and print links around the body
  'post-tags',
  'entry-tags',
  'field--name-field-tags',
  'breadcrumb',
  'breadcrumbs',
]);
const CLUTTER_IDS = new Set(['comments', 'respond', 'disqus_thread']);
const CLUTTER_ID_PREFIXES = /^(?:taboola-|div-gpt-ad)/;

// Labels that open a box of links to other articles.
const READ_ALSO =
  /^(?:[»›>•▶►\-–—]\s*)?(?:(?:à|a)\s+lire\s+(?:aussi|également|egalement)|lire\s+(?:aussi|également|egalement|la\s+suite)|voir\s+aussi|sur\s+le\s+même\s+sujet|read\s+(?:also|more)|related(?:\s+(?:articles|stories|posts))?|see\s+also|more\s+on\s+this|(?:ا|إ|أ)قرأ\s+(?:أيضا|أيضاً|ايضا|ايضاً|المزيد)|مواضيع\s+ذات\s+صلة|مقالات\s+ذات\s+صلة|أخبار\s+ذات\s+صلة|اقرأ\s+كذلك|المزيد\s+من\s+الأخبار)\s*[:：.]?/i;

// Lines that only credit a photo.
const PHOTO_CREDIT =
  /^(?:\(?\s*(?:©|\(c\)|crédits?(?:\s+photos?)?\s*:|photos?\s*:|ph\.?\s*:|photo\s+d[’']illustration|image\s*:|illustration\s*:|صورة\s*[:：]|الصورة\s*[:：]|صورة\s+تعبيرية|صورة\s+أرشيفية|مصدر\s+الصورة|©\s*\S))/i;

/** True when removing `el` could lose the article: it holds several real paragraphs. */
function holdsProse(el: Element): boolean {
  let long = 0;
  let chars = 0;
  for (const p of el.querySelectorAll('p')) {
    const t = textOf(p);
    if (t.length >= 120 && linkDensity(p, t) < 0.3) {
      long++;
      chars += t.length;
      if (long >= 3 || chars >= 600) return true;
    }
  }
  return false;
}

function remove(el: Element): void {
  el.parentNode?.removeChild(el);
}

/** Removes the source's own selectors: no guard, the operator asked for it. */
export function removeSelectors(root: ParentNode, selectors: string[] | undefined): void {
  for (const selector of selectors ?? []) for (const el of selectAll(root, selector)) remove(el);
}

/** Every element under `root`, in document order, by sibling links (linkedom's lists are linked). */
function walk(root: ParentNode, visit: (el: Element) => void, visitText: (node: Node) => void): void {
  // linkedom gives the doctype no nextSibling: start a document at its root element.
  let node: Node | null = root.nodeType === 9 ? (root as Document).documentElement : root.firstChild;
  while (node) {
    if (node.nodeType === 1) visit(node as Element);
    else if (node.nodeType === 3) visitText(node);
    if (node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && !node.nextSibling) {
      node = node.parentNode;
      if (node === root || node === null) return;
    }
    node = node ? node.nextSibling : null;
  }
}

/**
 * Ids and class names of a comment thread. Readers' comments hold real
 * prose, so the prose guard would keep them, and on a short article they
 * outweigh it and Readability takes them for the body: a thread goes whole,
 * unless it holds the article's headline or body itself.
 */
const COMMENT_THREAD =
  /^(?:comments?|comment-?list|commentlist|comments?[-_](?:area|list|section|wrapper|container|block|thread|box)|user[-_]comments|disqus_thread|respond|fb-comments|commentform|comment-?body|comment-content)$/i;

function isCommentThread(id: string | null, names: string[]): boolean {
  if (id && COMMENT_THREAD.test(id)) return true;
  for (const name of names) if (COMMENT_THREAD.test(name)) return true;
  return false;
}

/** Holds the article's own headline or body: never a thread to drop. */
function holdsArticle(el: Element): boolean {
  return el.querySelector('h1,[itemprop="articleBody"],[itemprop="headline"]') !== null;
}

/**
 * Dialogs and pop-ups (log-in, cookie consent, newsletter, media viewer):
 * hidden until a script opens them, never the article. By role, by tag, or
 * by a class word of their own ("modal", "b-dialog", "login-popup").
 */
const DIALOG_ROLE = /^(?:dialog|alertdialog)$/i;
const DIALOG_CLASS = /^(?:[a-z\d]+[-_])*(?:modal|dialog|popup|lightbox)$/;

/**
 * The boxes a dialog is built of. Not the page's frame (<body class="has-modal">)
 * nor a link or a word that opens one (<a class="popup">, a footnote).
 */
const DIALOG_TAGS = /^(?:DIV|SECTION|ASIDE|ARTICLE|FORM)$/;

function isDialog(el: Element): boolean {
  if (el.tagName === 'DIALOG') return true;
  const role = el.getAttribute('role');
  if (role && DIALOG_ROLE.test(role)) return true;
  return el.getAttribute('aria-modal') === 'true';
}

function dialogByClass(el: Element, names: string[]): boolean {
  return DIALOG_TAGS.test(el.tagName) && names.some((n) => DIALOG_CLASS.test(n)) && !holdsArticle(el);
}

function isClutterByName(el: Element, id: string | null, cls: string | null): boolean {
  if (id && (CLUTTER_IDS.has(id) || CLUTTER_ID_PREFIXES.test(id))) return true;
  if (isDialog(el)) return true;
  if (!cls) return false;
  const names = cls.toLowerCase().split(/\s+/);
  for (const name of names) if (CLUTTER_CLASSES.has(name)) return true;
  return dialogByClass(el, names);
}

/**
 * Removes the clutter of `root` in place, in one walk over the tree (a
 * selector list of 70 classes through css-select cost as much as parsing
 * the page). `keep` is never removed (the body element chosen by a
 * source's selector).
 */
export function removeClutter(root: ParentNode, keep?: Element | null): void {
  const named: Element[] = [];
  const threads: Element[] = [];
  const newsletters: Element[] = [];
  const forms: Element[] = [];
  const tables: Element[] = [];
  const labels: Node[] = [];
  const readMore: Element[] = [];
  const credits: Node[] = [];
  const paragraphs: Element[] = [];
  const hidden: Element[] = [];
  walk(
    root,
    (el) => {
      // Each name read once for the three tests: linkedom scans an element's
      // attributes at each getAttribute. The class as written, not
      // getAttribute's (linkedom builds a token list for it and joins it
      // again): the tests below look at its words, the same in both.
      const id = el.getAttribute('id');
      const cls = el.getAttributeNode('class')?.value ?? null;
      if (cls && HIDDEN_CLASS.test(cls)) hidden.push(el);
      if (isCommentThread(id, cls ? cls.split(/\s+/) : [])) threads.push(el);
      else if (isClutterByName(el, id, cls)) named.push(el);
      else if (NEWSLETTER_CLASS.test(`${cls ?? ''} ${id ?? ''}`)) newsletters.push(el);
      const tag = el.tagName;
      if (tag === 'FORM') forms.push(el);
      else if (tag === 'TABLE') tables.push(el);
      else if (tag === 'P') paragraphs.push(el);
      else if (tag === 'A' && READ_MORE.test(el.textContent ?? '')) readMore.push(el);
    },
    (text) => {
      const value = text.nodeValue;
      if (!value || value.length > 2000) return;
      const lead = value.trimStart();
      if (lead === '') return;
      if (READ_ALSO.test(lead)) labels.push(text);
      else if (PHOTO_CREDIT.test(lead)) credits.push(text);
    },
  );
  const spared = (el: Element) => el === keep || (keep ? el.contains(keep) : false);
  for (const el of threads) if (el.isConnected && !spared(el) && !holdsArticle(el)) remove(el);
  for (const el of named) if (!spared(el) && !holdsProse(el)) remove(el);
  // A form is a search box, a newsletter or a comment form; a form around
  // the whole page (ASP.NET's <form id="Form1">) is the page.
  const pageChars = forms.length ? textOf(root.nodeType === 9 ? (root as Document).body : root).length : 0;
  for (const el of forms)
    if (!spared(el) && !holdsProse(el) && textOf(el).length < PAGE_FORM_SHARE * pageChars) remove(el);
  for (const el of newsletters) if (!spared(el) && textOf(el).length < 600 && !holdsProse(el)) remove(el);
  removeTeasers(root, readMore, keep ?? null);
  for (const text of labels) removeReadAlso(text, keep ?? null);
  for (const text of credits) removeCredit(text);
  for (const p of paragraphs) if (showsMarkup(p)) remove(p);
  removeHiddenCopies(root, hidden, keep ?? null);
  for (const table of tables) if (isCalendar(table)) remove(table);
}

const NEWSLETTER_CLASS = /newsletter/i;

/**
 * HTML as text: a link written out with its closing tag ("<a href=…>…</a>").
 * A paragraph a reader sees never shows its tags: text that does is data a
 * script renders (a slideshow's slides, kept whole in the page, outweighed
 * the article beside them), unless it is code shown on purpose.
 * Tested on the paragraph's text: linkedom splits text nodes at entities.
 */
const SHOWN_MARKUP = /<a\s+href\s*=[^<>]*>[^<>]*<\/a\s*>|<\/(?:p|blockquote|div)\s*>/i;

const CODE = 'pre,code,textarea,kbd,samp,tt';

function showsMarkup(p: Element): boolean {
  const text = p.textContent ?? '';
  if (!text.includes('</') || !SHOWN_MARKUP.test(text)) return false;
  return !p.closest(CODE) && !p.querySelector(CODE);
}

/** A link that only says "read more", in the languages we read and measure on. */
const READ_MORE =
  /^\s*(?:[»›>]\s*)?(?:read\s+more|continue\s+reading|full\s+story|lire\s+la\s+suite|lire\s+plus|en\s+savoir\s+plus|weiterlesen|mehr\s+lesen|leer\s+más|seguir\s+leyendo|leia\s+mais|leggi\s+(?:tutto|di\s+più)|czytaj\s+(?:dalej|więcej)|подробнее|читать\s+(?:далее|дальше)|περισσότερα|διαβάστε\s+περισσότερα|المزيد|(?:ا|إ|أ)قرأ\s+المزيد|阅读全文|閱讀全文|详细|詳細)\s*(?:\.{3}|…)?\s*[»›>]?\s*$/i;
/** Sibling items, each with its "read more" link, that make a list of other articles. */
const TEASER_ITEMS = 3;
/** The share of the page's text such a list may hold. */
const TEASER_SHARE = 0.5;
/** How far above its link an item of such a list may start. */
const TEASER_DEPTH = 4;

/**
 * A list of other articles, each item a teaser that ends with its "read
 * more" link (a site's latest news under the article): at least three
 * siblings of one tag, each holding such a link, go whole, unless they
 * are most of the page (a digest whose items each link on: the article).
 */
function removeTeasers(root: ParentNode, links: Element[], keep: Element | null): void {
  if (links.length < TEASER_ITEMS) return;
  let pageChars = -1;
  const items = new Map<Element, Set<Element>>();
  for (const a of links) {
    let el: Element | null = a;
    for (let depth = 0; el && depth < TEASER_DEPTH; depth++) {
      const parent: Element | null = el.parentElement;
      if (!parent) break;
      const group = items.get(parent) ?? new Set<Element>();
      group.add(el);
      items.set(parent, group);
      el = parent;
    }
  }
  for (const [parent, group] of items) {
    const list = [...group].filter((el) => el.isConnected && el.parentElement === parent);
    if (list.length < TEASER_ITEMS || new Set(list.map((el) => el.tagName)).size > 1) continue;
    // Each item holds one such link: a box holding all of them is the list's wrapper, not an item.
    if (list.some((el) => links.filter((a) => el.contains(a)).length > 1)) continue;
    if (pageChars < 0) pageChars = textOf(root.nodeType === 9 ? (root as Document).body : root).length;
    if (list.reduce((n, el) => n + textOf(el).length, 0) > TEASER_SHARE * pageChars) continue;
    for (const el of list) if (el !== keep && !(keep && el.contains(keep)) && !holdsArticle(el)) remove(el);
  }
}

/** A box hidden by its class until a script shows it (Bootstrap's and most CMSs' "hidden"). */
const HIDDEN_CLASS = /(?:^|\s)hidden(?:\s|$)/i;
/** Text enough to tell a copy of the article from a repeated label. */
const COPY_CHARS = 200;

/**
 * A hidden box that the page also shows, word for word: the same article
 * shipped twice (a teaser for visitors and the subscriber's copy, one
 * hidden by the script's choice), which Readability joins into one body
 * said twice. A hidden box with text of its own (the rest of an article a
 * "read more" opens) stays.
 */
function removeHiddenCopies(root: ParentNode, hidden: Element[], keep: Element | null): void {
  // The page's text only once a hidden box is long enough to be a copy: most are a few words.
  let page: string | null = null;
  for (const el of hidden) {
    if (!el.isConnected || el === keep || (keep && el.contains(keep))) continue;
    const text = textOf(el);
    if (text.length < COPY_CHARS) continue;
    page ??= textOf(root.nodeType === 9 ? (root as Document).body : (root as Element));
    const at = page.indexOf(text);
    if (at >= 0 && page.indexOf(text, at + text.length) >= 0) remove(el);
  }
}

/** A form with this share of the page's text wraps the page rather than asking for an e-mail address. */
const PAGE_FORM_SHARE = 0.5;

/** The outermost element that `text` starts (whose first words it is). */
function startedBy(text: Node): Element | null {
  let el = text.parentElement;
  if (!el) return null;
  while (el.parentElement && firstText(el.parentElement) === text) el = el.parentElement;
  return el;
}

function firstText(el: Element): Node | null {
  let node: Node | null = el.firstChild;
  let visited = 0;
  while (node && visited++ < 50) {
    if (node.nodeType === 3) {
      if ((node.nodeValue ?? '').trim() !== '') return node;
    } else if (node.nodeType === 1 && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && !node.nextSibling && node !== el) node = node.parentNode;
    if (!node || node === el) return null;
    node = node.nextSibling;
  }
  return null;
}

/**
 * A "Lire aussi" box: the outermost element whose text starts with the
 * label, short or mostly links; a bare heading takes the list after it along.
 */
function removeReadAlso(label: Node, keep: Element | null): void {
  if (!label.isConnected) return;
  const start = startedBy(label);
  if (!start) return;
  // Inside the starting element, climb no further than a short box.
  let box: Element | null = label.parentElement;
  while (box && box !== start && textOf(box.parentElement).length <= 600) box = box.parentElement;
  if (!box || box === keep || (keep && box.contains(keep))) return;
  const text = textOf(box);
  if (text.length > 600 || holdsProse(box)) return;
  const rest = text.replace(READ_ALSO, '').trim();
  const bareLabel = rest.length < 3;
  // A label with its own link ("Lire aussi : <a>…</a>") or a short box of links.
  if (!bareLabel && box.querySelector('a') === null) return;
  if (bareLabel) {
    const next = box.nextElementSibling;
    if (
      next &&
      /^(?:UL|OL|DIV|P)$/.test(next.tagName) &&
      linkDensity(next) > 0.5 &&
      textOf(next).length < 800
    ) {
      remove(next);
    }
  }
  remove(box);
}

const CREDIT_TAGS = /^(?:P|FIGCAPTION|SPAN|DIV|SMALL|EM|I|B|STRONG|CITE)$/;
const MEDIA = 'img,picture,video,iframe,audio';

/** A line that only credits a photo: the largest element holding just that line, without the photo. */
function removeCredit(credit: Node): void {
  let el = credit.isConnected ? credit.parentElement : null;
  if (!el) return;
  const text = textOf(el);
  if (text.length > 90 || !PHOTO_CREDIT.test(text)) return;
  while (
    el.parentElement &&
    CREDIT_TAGS.test(el.parentElement.tagName) &&
    textOf(el.parentElement) === text
  ) {
    if (el.parentElement.querySelector(MEDIA)) break;
    el = el.parentElement;
  }
  if (CREDIT_TAGS.test(el.tagName) && !el.querySelector(MEDIA)) remove(el);
}

/** Date-picker calendars (archives widgets) that Readability takes for a data table. */
function isCalendar(table: Element): boolean {
  const cells = [...table.querySelectorAll('td')];
  if (cells.length < 28 || cells.length > 60) return false;
  // A month's days, some cells empty before the 1st and after the last; a
  // layout table of empty spacer cells is not one (it may hold the article).
  const texts = cells.map((c) => textOf(c));
  const days = texts.filter((t) => /^(?:[1-9]|[12]\d|3[01])$/.test(t)).length;
  const empty = texts.filter((t) => t === '').length;
  return days >= 20 && (days + empty) / cells.length >= 0.8;
}
