// An article's stored HTML made ready for our page: every <img> points to our
// image proxy (/img/<id>, looked up by URL among the article's images; an
// image we do not know is dropped, so no page ever loads a publisher's
// server) with its resized copies, its size and lazy loading (picture.ts),
// and is followed by its report form.
//
// Why a tag scanner rather than a parser: the input is the sanitizer's own
// output (src/sanitize/serialize.ts): allowlisted tags only, every element
// closed, every attribute double-quoted with & " < > escaped. Scanning its
// tags is exact and costs a few µs where a parse would cost a fraction of a
// millisecond on every page view.
//
// A <form> cannot sit inside a paragraph, a link or a heading (the browser
// would close the paragraph, and a button inside a link is invalid), so the
// form of an image in such an element goes right after that element closes.
import { escapeHtml } from '../html.ts';
import { paths } from './paths.ts';
import { IMAGE_SIZES, picture, pictureAttributes } from './picture.ts';

/** Elements that take text-level content only: a form waits until they close. */
const PHRASING_ONLY = new Set(['p', 'a', 'strong', 'em', 'b', 'i', 'h2', 'h3', 'h4', 'figcaption']);
const VOID = new Set(['img', 'br', 'hr']);
const TAG = /<(\/?)([a-z][a-z0-9]*)([^>]*)>/g;
const ATTR = /([a-z-]+)="([^"]*)"/g;

/** What a report form carries besides the image: its button's label, the CSRF token, the edition's language. */
export interface ReportFormOptions {
  label: string;
  /** The site's report token (src/moderation): the same for every reader. */
  token: string;
  lang: string;
}

export function reportForm(imageId: number, report: ReportFormOptions | string): string {
  const r = typeof report === 'string' ? { label: report, token: '', lang: '' } : report;
  const token = r.token ? `<input type="hidden" name="csrf_token" value="${escapeHtml(r.token)}">` : '';
  const lang = r.lang ? `<input type="hidden" name="lang" value="${escapeHtml(r.lang)}">` : '';
  return `<form method="post" action="${paths.reportImage(imageId)}" class="report-image">${token}${lang}<button type="submit">${escapeHtml(r.label)}</button></form>`;
}

/** An attribute value as the sanitizer's serializer escaped it, decoded. */
export function decodeAttribute(value: string): string {
  return value.includes('&')
    ? value
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&nbsp;/g, '\u00a0')
        .replace(/&amp;/g, '&')
    : value;
}

const NONE_BLOCKED: ReadonlySet<number> = new Set();

/** One of the article's images: its id, and its own size once the proxy has seen it. */
export interface BodyImage {
  id: number;
  width: number | null;
  height: number | null;
}

export interface PreparedBody {
  html: string;
  /** The image ids shown, in order. */
  imageIds: number[];
}

/** Rewrites the images of sanitized article HTML; `imagesByUrl` maps the article's image URLs to them. */
export function prepareBody(
  contentHtml: string,
  imagesByUrl: ReadonlyMap<string, BodyImage>,
  reportLabel: ReportFormOptions | string,
  blocked: ReadonlySet<number> = NONE_BLOCKED,
): PreparedBody {
  // Text between the changes is copied in runs: only an <img> and the forms
  // after it change the body, every other tag stays as it was written.
  const out: string[] = [];
  const stack: string[] = [];
  const pending: Array<{ depth: number; form: string }> = [];
  const imageIds: number[] = [];
  let last = 0;
  // Past the last <img>, with no form waiting, nothing changes: the rest is copied unread.
  const lastImage = contentHtml.lastIndexOf('<img');
  TAG.lastIndex = 0;
  for (let m = TAG.exec(contentHtml); m; m = TAG.exec(contentHtml)) {
    if (m.index > lastImage && !pending.length) break;
    const [whole, closing, tag = '', attrs = ''] = m;
    if (closing) {
      // The sanitizer closes every element in order; pop back to the match all the same.
      const at = stack.lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      // Forms deferred to the end of an element just closed come out right after it, in order.
      if (pending.length) {
        const first = pending.findIndex((p) => p.depth >= stack.length);
        if (first >= 0) {
          const end = m.index + whole.length;
          out.push(contentHtml.slice(last, end));
          last = end;
          for (const p of pending.splice(first)) out.push(p.form);
        }
      }
      continue;
    }
    if (tag !== 'img') {
      if (!VOID.has(tag)) stack.push(tag);
      continue;
    }
    out.push(contentHtml.slice(last, m.index));
    last = m.index + whole.length;
    let src = '';
    let alt = '';
    let width = '';
    let height = '';
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(attrs); a; a = ATTR.exec(attrs)) {
      const value = a[2] ?? '';
      if (a[1] === 'src') src = decodeAttribute(value);
      else if (a[1] === 'alt') alt = value;
      else if (a[1] === 'width' && /^\d{1,5}$/.test(value)) width = value;
      else if (a[1] === 'height' && /^\d{1,5}$/.test(value)) height = value;
    }
    const image = imagesByUrl.get(src);
    if (image === undefined) continue;
    const { id } = image;
    imageIds.push(id);
    const isBlocked = blocked.has(id);
    // The size the proxy measured; else the one the publisher wrote, when it gave both.
    const size =
      image.width !== null && image.height !== null
        ? image
        : width && height
          ? { width: Number(width), height: Number(height) }
          : { width: null, height: null };
    out.push(
      `<img ${pictureAttributes(picture(id, size, isBlocked), IMAGE_SIZES.column)} alt="${alt}" loading="lazy" decoding="async">`,
    );
    if (isBlocked) continue; // nothing left to report
    const form = reportForm(id, reportLabel);
    const outer = stack.findIndex((t) => PHRASING_ONLY.has(t));
    if (outer < 0) out.push(form);
    else pending.push({ depth: outer, form });
  }
  out.push(contentHtml.slice(last));
  // Unclosed elements (not from our sanitizer): the forms go at the end.
  for (const p of pending) out.push(p.form);
  return { html: out.join(''), imageIds };
}
