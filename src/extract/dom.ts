// The DOM the extractor works on: linkedom, measured against jsdom on the
// 130 pages of the Readability corpus (Readability 0.6 alone on each raw
// page, 2 shared cores, Node 20; the range of three runs under different load):
//
//                mean token-F1 vs Readability's expected   p50      p95      total
//   linkedom     1.000                                     18–28 ms   77–176 ms  3.2–5.9 s
//   jsdom 26.1   1.000                                     88–154 ms 385–856 ms 17.5–34.5 s
//
// The same text, 5–8 times faster, and no CSS or script engine to keep
// switched off. `npm run bench:extract` re-measures both (docs/benchmarks.md).
// One quirk to know: linkedom gives the doctype no nextSibling, so tree
// walks over a document start at documentElement.
import { parseHTML } from 'linkedom';

/** Parses markup into a document whose baseURI is the page URL (or its <base href>), as Readability expects. */
export function parseDocument(html: string, url: string): Document {
  const { document } = parseHTML(html) as unknown as { document: Document };
  let base = url;
  // As querySelector('base[href]'), without css-select's test of every element.
  const baseEl = elementsWhere(
    document,
    (el) => el.localName.toLowerCase() === 'base' && el.hasAttribute('href'),
  )[0];
  const baseHref = baseEl?.getAttribute('href');
  if (baseHref) {
    try {
      base = new URL(baseHref, url).href;
    } catch {
      // a broken <base> is ignored, as browsers do
    }
  }
  Object.defineProperty(document, 'baseURI', { value: base, configurable: true });
  Object.defineProperty(document, 'documentURI', { value: url, configurable: true });
  return document;
}

/** White-space-collapsed text content. */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Share of an element's text that sits inside links (0 when it has no text). */
export function linkDensity(el: Element, text = textOf(el)): number {
  if (text.length === 0) return 0;
  let linked = 0;
  for (const a of el.querySelectorAll('a')) linked += textOf(a).length;
  return Math.min(1, linked / text.length);
}

/** querySelectorAll that treats an invalid selector (from a sources file) as matching nothing. */
export function selectAll(root: ParentNode, selector: string): Element[] {
  try {
    return [...root.querySelectorAll(selector)];
  } catch {
    return [];
  }
}

export function selectOne(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    return null;
  }
}

/** Lower-cased words: Unicode letters and digits. The same tokenizer the quality figures use. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A text's runs of three words ("a b c"): whether a text is already told
 * elsewhere is judged by them, not by its words alone (a long article holds
 * most of any sentence's words somewhere).
 */
export function wordRuns(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 < words.length; i++) out.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

/** True when elements nest deeper than `limit` (stops looking as soon as they do). */
export function nestsDeeperThan(root: Node | null, limit: number): boolean {
  if (!root) return false;
  const stack: Array<[Node, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * The elements under `root` (a document: from its root element on) that
 * pass `test`, in document order and without looking into a <template>, as
 * linkedom's querySelectorAll visits them. For tests of attributes: linkedom
 * runs a selector through css-select on every element, and a list of class
 * or attribute selectors costs it a test of each element per selector.
 */
export function elementsWhere(root: Document | Element, test: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  const top = root.nodeType === 9 ? (root as Document).documentElement : null;
  // Climbing back to `end` ends the walk (a loop, not a recursion: pages nest thousands deep).
  const end: Node | null = top ? top.parentNode : root;
  let el: Element | null = top ?? (root as Element).firstElementChild;
  while (el) {
    if (test(el)) out.push(el);
    const first: Element | null = el.localName === 'template' ? null : el.firstElementChild;
    if (first) {
      el = first;
      continue;
    }
    while (el && !el.nextElementSibling) el = el.parentNode === end ? null : el.parentElement;
    el = el?.nextElementSibling ?? null;
  }
  return out;
}
