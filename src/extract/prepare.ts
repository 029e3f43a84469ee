// The raw page to markup a DOM can take quickly and safely.
//
// Scripts and styles are most of the bytes of a real news page (70–90 % on
// the corpus's big pages) and nothing a reader sees, so they go before any
// DOM is built; the JSON-LD blocks are lifted out first since they carry the
// best metadata. Everything here is linear regex work on the string: a 5 MB
// page costs a few milliseconds, and the DOM then sees a bounded input.

/** Beyond this the input is cut before parsing (a news page without scripts is 50–300 KB). */
export const MAX_INPUT_CHARS = 8_000_000;
/** Markup handed to the DOM at most, after scripts and styles are gone. */
export const MAX_DOM_CHARS = 1_000_000;
const MAX_JSON_LD_BLOCKS = 20;
const MAX_JSON_LD_CHARS = 500_000;

export interface PreparedPage {
  /** Markup without scripts, styles, comments and templates. */
  html: string;
  /** The text of each <script type="application/ld+json">. */
  jsonLd: string[];
  /** True when the markup was cut to MAX_DOM_CHARS. */
  truncated: boolean;
}

// Comments, scripts, styles and templates in one pass, whichever starts
// first, as a browser reads them: a script commented out (<!--<script
// src=… />-->, Blogger's themes) is part of its comment, and a comment
// written inside a script is part of the script. Scripts first and
// comments after took the commented-out script for a real one, read on to
// the next </script> and left a "<!--" that swallowed the page's body.
const HIDDEN =
  /<!--[\s\S]*?(?:-->|$)|<script\b([^>]*)>([\s\S]*?)(?:<\/script\s*>|$)|<style\b[^>]*>[\s\S]*?(?:<\/style\s*>|$)|<template\b[^>]*>[\s\S]*?(?:<\/template\s*>|$)/gi;
const JSON_LD_TYPE = /type\s*=\s*["']?application\/ld\+json/i;
const TEMPLATE_TYPE = /type\s*=\s*["']?text\/template/i;
/** The markup just before a script: the opening tag of the element that holds the article's body. */
const ARTICLE_BODY_OPEN = /<[a-z][^<>]*\bitemprop\s*=\s*["']?articleBody\b[^<>]*>\s*$/i;
// SVG bodies are drawings (icons of share bars, logos): the DOM need not see
// their paths. A drawing never holds the page's own blocks: an <svg> left
// unclosed (legrandcontinent.eu's PDF icon, which the browser closes with
// its parent) ends where the next HTML block tag starts, and is left to the
// parser; matched up to the page's next </svg>, it took the article with it.
const SVG =
  /<svg\b[^>]*>(?:(?!<\/?(?:svg|div|p|section|article|main|aside|header|footer|nav|body|h[1-6]|ul|ol|li|dl|dt|dd|table|tr|td|figure|blockquote)\b)[\s\S])*?<\/svg\s*>/gi;

// The page's skeleton as a browser builds it. A browser ignores a
// <!DOCTYPE>, <html>, <head> or <body> tag where it does not belong and
// puts what comes before <head> into the head; the DOM we use (linkedom)
// does neither: a <title> before <!DOCTYPE> (laweekly.com) made the title
// the whole document, and a document pasted inside the article
// (jaegermagazin.de's posts open with <!DOCTYPE><html><body>) nested a
// second <html> and <body> in it; a page without a <body> tag (allowed)
// had its content beside an empty body (hoy.com.py). Readability found no
// article in any of them.
const FIRST_BODY = /<body\b[^>]*>/i;
const FIRST_HTML = /<html\b[^>]*>/i;
const DOCUMENT_TAGS = /<!doctype\b[^>]*>|<\/?(?:html|head|body)\b[^>]*>/gi;
/** What a well-formed page has before <body>: one doctype, <html>, <head>, the head's elements, </head>. */
const WELL_FORMED_HEAD =
  /^\s*(?:<!doctype\b[^>]*>\s*)?<html\b[^>]*>\s*<head\b[^>]*>(?:(?!<!doctype\b|<\/?(?:html|head|body)\b)[\s\S])*<\/head\s*>\s*$/i;
const DOCUMENT_TAG = /<!doctype\b|<(?:html|head|body)\b/i;
const HEAD_END = /<\/head\s*>/i;

/** The markup with one <html>, <head> and <body>, in order, as a browser would read it (unchanged when it already is). */
function browserSkeleton(html: string): string {
  const body = FIRST_BODY.exec(html);
  // A page may leave out its <body> tag (HTML allows it): the body starts after </head>.
  const headEnd = body ? null : HEAD_END.exec(html);
  if (!body && !headEnd) return html;
  const bodyAt = body
    ? body.index
    : (headEnd as RegExpExecArray).index + (headEnd as RegExpExecArray)[0].length;
  const bodyTag = body ? body[0] : '<body>';
  const head = html.slice(0, bodyAt);
  const rest = html.slice(bodyAt + (body ? body[0].length : 0));
  // Most pages: only the closing </body></html> after <body>, nothing to mend.
  if (body && WELL_FORMED_HEAD.test(head) && !DOCUMENT_TAG.test(rest)) return html;
  const root = FIRST_HTML.exec(head)?.[0] ?? '<html>';
  // What stands after </head> and before <body> a browser puts in the body.
  const end = head.toLowerCase().lastIndexOf('</head');
  const inHead = end >= 0 ? head.slice(0, end) : head;
  const beforeBody = end >= 0 ? head.slice(end) : '';
  const strip = (markup: string) => markup.replace(DOCUMENT_TAGS, '');
  return `<!DOCTYPE html>${root}<head>${strip(inHead)}</head>${bodyTag}${strip(beforeBody)}${strip(rest)}</body></html>`;
}

export function preparePage(raw: string): PreparedPage {
  let html = raw.length > MAX_INPUT_CHARS ? raw.slice(0, MAX_INPUT_CHARS) : raw;
  const jsonLd: string[] = [];
  html = html.replace(HIDDEN, (_all, attrs: string | undefined, body: string, at: number, page: string) => {
    // A comment, a style or a template: nothing a reader sees.
    if (attrs === undefined) return '';
    if (JSON_LD_TYPE.test(attrs) && jsonLd.length < MAX_JSON_LD_BLOCKS && body.length <= MAX_JSON_LD_CHARS) {
      jsonLd.push(body);
    }
    // Blogger's themes ship the post as a template its script renders, the
    // template the only child of the article's body: that markup is the article.
    if (TEMPLATE_TYPE.test(attrs) && ARTICLE_BODY_OPEN.test(page.slice(Math.max(0, at - 300), at)))
      return body.replace(HIDDEN, '');
    return '';
  });
  html = browserSkeleton(html.replace(SVG, '<svg></svg>'));
  let truncated = false;
  if (html.length > MAX_DOM_CHARS) {
    // Cut at a tag boundary so the last element is not a half attribute.
    const cut = html.lastIndexOf('<', MAX_DOM_CHARS);
    html = html.slice(0, cut > MAX_DOM_CHARS / 2 ? cut : MAX_DOM_CHARS);
    truncated = true;
  }
  return { html, jsonLd, truncated };
}
