// Publishers' HTML and titles to plain text.
//
// htmlparser2's Tokenizer in HTML mode does the markup work: it already knows
// that <script> and <style> hold raw text, it never throws, and it is linear
// (see xml.ts for the measurements). We only need tag names, not a tree, so no
// Parser and no DOM are built.
import { Tokenizer } from 'htmlparser2';
import { DecodingMode, decodeHTML } from 'entities';
import { escapeHtmlText } from '../util/html.ts';
import { collapseWhitespace, repairMojibake } from '../util/text.ts';

// Boundaries that end a paragraph (a blank line) or a line.
const PARAGRAPH_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'dl',
  'table',
  'figure',
  'pre',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'hr',
  'address',
  'main',
  'nav',
  'details',
]);
const LINE_TAGS = new Set([
  'br',
  'li',
  'div',
  'tr',
  'figcaption',
  'dt',
  'dd',
  'caption',
  'summary',
  'option',
]);
const CELL_TAGS = new Set(['td', 'th']);
// Content that is never read as text (a ruby's annotations, <rt> and <rp>,
// are the reading of the word they follow, not words of the text). A
// picture's caption stays under its picture in the HTML, where a reader
// sees it with the photo; in the text (search, stories, the API's text,
// `kiosque extract`) "Photo : AFP" or a caption between two paragraphs
// is not the article's prose: human ground truth leaves captions out.
const SKIPPED_TAGS = new Set([
  'rt',
  'rp',
  'figcaption',
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'svg',
  'math',
  'iframe',
  'object',
]);

/**
 * HTML to plain text with block separators: paragraphs, headings and lists
 * become blank-line separated blocks, <br>, list items, divs, table rows and
 * captions become line breaks, so words of two blocks are never glued
 * together. Entities are decoded; script and style are dropped.
 */
export function htmlToText(html: string): string {
  return markupToText(html, DecodingMode.Legacy);
}

function markupToText(html: string, mode: DecodingMode): string {
  if (!html.includes('<')) return normalizeLines(decode(html.replace(/\s+/g, ' '), mode));
  const reader = new TextReader(html, mode);
  let openName = '';
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: false },
    {
      ontext: (start, end) => reader.text(start, end),
      oncdata: (start, end, offset) => reader.cdata(start, end - offset),
      onopentagname(start, end) {
        openName = html.slice(start, end).toLowerCase();
      },
      onopentagend: () => reader.opened(openName),
      onselfclosingtag: () => reader.selfClosed(openName),
      onclosetag: (start, end) => reader.closed(html.slice(start, end).toLowerCase()),
      onattribname() {},
      onattribdata() {},
      onattribend() {},
      onattribentity() {},
      ontextentity() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return reader.finish();
}

/**
 * htmlToText of HTML whose tokens are known (src/sanitize: what its
 * serializer wrote, MarkupTokens): the same text, without tokenizing the
 * HTML again. Tokens left empty mean unknown: the HTML is read.
 */
export function htmlToTextFromTokens(html: string, tokens: ReadonlyArray<number | string>): string {
  if (tokens.length === 0 || !html.includes('<')) return htmlToText(html);
  const reader = new TextReader(html, DecodingMode.Legacy);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (typeof token === 'number') reader.text(token, tokens[++i] as number);
    else if (token.startsWith('/')) reader.closed(token.slice(1));
    else reader.opened(token);
  }
  return reader.finish();
}

/** The text of markup, from its tokens in order: the tokenizer's or a serializer's. */
class TextReader {
  private readonly parts: string[] = [];
  private skipDepth = 0;

  constructor(
    private readonly html: string,
    private readonly mode: DecodingMode,
  ) {}

  text(start: number, end: number): void {
    if (this.skipDepth === 0)
      this.parts.push(decode(this.html.slice(start, end).replace(SOURCE_SPACE, ' '), this.mode));
  }

  cdata(start: number, end: number): void {
    if (this.skipDepth === 0) this.parts.push(this.html.slice(start, end).replace(SOURCE_SPACE, ' '));
  }

  opened(name: string): void {
    if (SKIPPED_TAGS.has(name)) this.skipDepth++;
    else this.boundary(name);
  }

  selfClosed(name: string): void {
    if (!SKIPPED_TAGS.has(name)) this.boundary(name);
  }

  closed(name: string): void {
    if (SKIPPED_TAGS.has(name)) this.skipDepth = Math.max(0, this.skipDepth - 1);
    else if (name !== 'br') this.boundary(name);
  }

  finish(): string {
    return finishBreaks(this.parts.join(''));
  }

  private boundary(name: string): void {
    if (PARAGRAPH_TAGS.has(name)) this.parts.push(PARAGRAPH_BREAK);
    else if (LINE_TAGS.has(name)) this.parts.push(LINE_BREAK);
    else if (CELL_TAGS.has(name)) this.parts.push(' ');
  }
}

// Markers for block boundaries while the text is assembled; the same control
// characters in the source text are white space (SOURCE_SPACE) so never collide.
const LINE_BREAK = '\u0001';
const PARAGRAPH_BREAK = '\u0002';
// Each run of [\s\u0001\u0002]+ to one space; a lone space is left as it is
// (the same result, without a match at every space of the prose).
export const SOURCE_SPACE = /[\s\u0001\u0002]{2,}|[^\S ]|[\u0001\u0002]/g;

/**
 * Assembled text with its boundary markers to the text: a run of boundaries
 * is one break, the strongest of the run ("</li><li>" is one line break,
 * "</p>\n<p>" one blank line), then normalizeLines. In one pass over the
 * runs of white space and markers that may change (SOURCE_SPACE's): each
 * becomes one space, or its line breaks (two at most), a run of markers and
 * spaces counting as one break (two when it holds a paragraph's). It was two
 * regular expressions over the whole text; test/feeds/space-runs.test.ts
 * holds them and checks the same.
 */
export function finishBreaks(text: string): string {
  return text.replace(SOURCE_SPACE, breakOf).trim();
}

function breakOf(run: string): string {
  let breaks = 0;
  // The strongest marker (1 a line, 2 a paragraph) of the run of spaces and markers being read.
  let marker = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c === 0x20) continue;
    if (c === 1 || c === 2) {
      if (c > marker) marker = c;
      continue;
    }
    breaks += marker;
    marker = 0;
    if (c === 0x0a) breaks++;
  }
  breaks += marker;
  return breaks === 0 ? ' ' : breaks === 1 ? '\n' : '\n\n';
}

function decode(text: string, mode: DecodingMode): string {
  return text.includes('&') ? decodeHTML(text, mode) : text;
}

/**
 * Each run of white space to one space, or to its line breaks (two at most)
 * when it holds any, trimmed. One pass, and only over the runs that are not
 * a lone space already.
 */
function normalizeLines(text: string): string {
  return text.replace(SPACE_TO_CHANGE, lineBreaksOf).trim();
}

const SPACE_TO_CHANGE = /\s{2,}|[^\S ]/g;

function lineBreaksOf(run: string): string {
  const first = run.indexOf('\n');
  if (first === -1) return ' ';
  return run.indexOf('\n', first + 1) === -1 ? '\n' : '\n\n';
}

/**
 * A title as plain text: markup stripped, entities decoded (also when
 * double-encoded, `&amp;eacute;`), white space collapsed, mojibake repaired.
 */
export function cleanTitle(raw: string): string {
  let text = raw;
  // Three rounds cover markup that was escaped once or twice on its way into the feed.
  for (let round = 0; round < 3; round++) {
    const before = text;
    if (text.includes('<')) text = markupToText(text, DecodingMode.Strict);
    else if (text.includes('&')) text = decodeHTML(text, DecodingMode.Strict);
    if (text === before) break;
  }
  return collapseWhitespace(repairMojibake(text));
}

/** Cuts text at a word boundary to at most `max` characters, marking the cut with "…". */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '') + '…';
}

/** Only the head of a huge body matters for a 1000-character summary. */
const SUMMARY_SOURCE_LIMIT = 100_000;
export const SUMMARY_MAX = 1000;

/** A one-paragraph plain-text summary of some HTML, at most SUMMARY_MAX characters, or null when empty. */
export function summarize(html: string): string | null {
  const head = html.length > SUMMARY_SOURCE_LIMIT ? html.slice(0, SUMMARY_SOURCE_LIMIT) : html;
  const text = collapseWhitespace(repairMojibake(htmlToText(head)));
  return text === '' ? null : truncateText(text, SUMMARY_MAX);
}

/** Escapes plain text into HTML paragraphs (blank lines separate paragraphs). */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtmlText(p)}</p>`)
    .join('\n');
}

/** True when a description holds HTML markup rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,2000})?\/?>/.test(text);
}
