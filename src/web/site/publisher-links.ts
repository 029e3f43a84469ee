// A publisher's own "Lire aussi" line inside a body ("<p><strong>Lire aussi
// :</strong> <a href="https://publisher/…">…</a></p>") sends our reader to
// the publisher's site, above our own "Lire aussi". Such a line is pointed
// at our copy of the article when we have it, and dropped when we do not.
//
// The body is the sanitizer's output (src/sanitize/serialize.ts): every <p>
// closed, attributes double-quoted and escaped, so its paragraphs and links
// are read with patterns, as body.ts reads its tags.
import { canonicalizeUrl } from '../../feeds/url.ts';
import { decodeAttribute } from './body.ts';

/** How the region's press opens such a line, in French and Arabic (and the English some write). */
const LABEL =
  /^(?:[àa]\s+)?(?:lire|voir)\s+(?:aussi|[ée]galement)|^(?:sur\s+le\s+m[êe]me\s+sujet)|^[اإ]قرأ\s+(?:أيضا|أيضاً|أيضًا|كذلك)|^(?:read|see)\s+also|^related\s*:/i;
const PARAGRAPH = /<p(?:\s[^>]*)?>([\s\S]*?)<\/p>/g;
const HREF = /<a\s[^>]*?href="([^"]*)"/g;
/** Whether a paragraph holds a link with an href at all (what HREF would find). */
const LINK = /<a\s[^>]*?href="[^"]*"/;
/** A link's open tag with an href (the same links HREF finds, in the same order). */
const ANCHOR = /<a\s[^>]*?href="[^"]*"[^>]*>/g;

export interface PublisherLine {
  start: number;
  end: number;
  /** The links' canonical URLs, in order. */
  urls: string[];
  /** The links' hrefs as written in the body, in the same order. */
  hrefs: string[];
}

function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .trim();
}

/** The paragraphs of `html` that are a publisher's "Lire aussi" line with at least one link. */
export function publisherReadAlsoLines(html: string): PublisherLine[] {
  const lines: PublisherLine[] = [];
  if (!html.includes('<a')) return lines; // no link at all: the common body, one scan
  PARAGRAPH.lastIndex = 0;
  for (let m = PARAGRAPH.exec(html); m; m = PARAGRAPH.exec(html)) {
    const inner = m[1]!;
    // A line without a link is never one (below): most paragraphs are
    // skipped here, before their text is made.
    if (!LINK.test(inner) || !LABEL.test(textOf(inner))) continue;
    const hrefs: string[] = [];
    const urls: string[] = [];
    HREF.lastIndex = 0;
    for (let a = HREF.exec(inner); a; a = HREF.exec(inner)) {
      hrefs.push(a[1]!);
      urls.push(canonicalizeUrl(decodeAttribute(a[1]!)) ?? '');
    }
    if (hrefs.length) lines.push({ start: m.index, end: m.index + m[0].length, urls, hrefs });
  }
  return lines;
}

/**
 * The body with each such line pointed at our pages (`ours`: canonical URL →
 * our path) when every link of the line is ours, and dropped otherwise.
 */
export function rewritePublisherReadAlso(
  html: string,
  lines: PublisherLine[],
  ours: ReadonlyMap<string, string>,
): string {
  if (!lines.length) return html;
  const out: string[] = [];
  let last = 0;
  for (const line of lines) {
    out.push(html.slice(last, line.start));
    last = line.end;
    if (!line.urls.every((u) => ours.has(u))) continue;
    // Each link's open tag becomes a plain link to our page (the publisher's
    // rel and target were for a link leaving the site).
    let i = 0;
    out.push(
      html.slice(line.start, line.end).replace(ANCHOR, () => `<a href="${ours.get(line.urls[i++]!)}">`),
    );
  }
  out.push(html.slice(last));
  return out.join('');
}
