// URL rules for sanitized HTML: every kept URL is absolute http(s) (links may
// also be mailto:), resolved by the WHATWG URL parser — the same parser the
// reader's browser uses, so "jav&#x09;ascript:" (tab removed by the parser)
// or " \x01javascript:" (leading controls stripped) are judged as the browser
// would judge them. A stricter pre-check refuses any value that, once
// whitespace and control characters are removed, starts with a scheme we do
// not allow, so obfuscations the URL parser would read as a relative path
// ("java\0script:") go too instead of becoming odd links.

export type UrlUse = 'link' | 'image';

// Control characters, whitespace, U+FFFD (what the HTML parser makes of NUL)
// and invisible format characters (zero-width space/joiners, BOM, bidi marks).
const INVISIBLE =
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\ufffd]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** The absolute form of `raw` against `base` when it is safe to keep, else null (relative with no base: null). */
export function safeUrl(raw: string, base: string | undefined, use: UrlUse): string | null {
  const squeezed = raw.replace(INVISIBLE, '');
  if (squeezed === '') return null;
  const scheme = SCHEME.exec(squeezed)?.[1]?.toLowerCase();
  if (scheme !== undefined && !allowedScheme(scheme, use)) return null;
  // Backslashes are read as slashes by browsers in http(s) URLs ("/\evil.example"
  // is protocol-relative); the URL parser does the same, so nothing to do here.
  let url: URL;
  try {
    url = base === undefined ? new URL(raw.trim()) : new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (!allowedScheme(url.protocol.slice(0, -1), use)) return null;
  if (url.protocol !== 'mailto:' && url.hostname === '') return null;
  return url.href;
}

function allowedScheme(scheme: string, use: UrlUse): boolean {
  return scheme === 'http' || scheme === 'https' || (use === 'link' && scheme === 'mailto');
}

export interface SrcsetCandidate {
  url: string;
  /** `300w`, `2x`, or '' when the candidate has none (means 1x). */
  descriptor: string;
}

const DESCRIPTOR = /^(?:\d+w|\d+(?:\.\d+)?x|\d*\.\d+x)$/;

/**
 * The candidates of a srcset attribute, parsed as the HTML standard says: a
 * URL is a run of non-whitespace (so it may contain commas), trailing commas
 * end it, descriptors run to the next comma. A candidate whose descriptor is
 * not one we understand is dropped, as browsers drop it.
 */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const out: SrcsetCandidate[] = [];
  let pos = 0;
  const n = value.length;
  const isSpace = (c: string | undefined) =>
    c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
  while (pos < n) {
    while (pos < n && (isSpace(value[pos]) || value[pos] === ',')) pos++;
    if (pos >= n) break;
    const start = pos;
    while (pos < n && !isSpace(value[pos])) pos++;
    let url = value.slice(start, pos);
    let descriptors = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      // Descriptors run to the next comma outside parentheses.
      const dStart = pos;
      let depth = 0;
      while (pos < n) {
        const c = value[pos];
        if (c === '(') depth++;
        else if (c === ')') depth = Math.max(0, depth - 1);
        else if (c === ',' && depth === 0) break;
        pos++;
      }
      descriptors = value.slice(dStart, pos).trim();
      pos++; // the comma
    }
    if (url === '') continue;
    const parts = descriptors === '' ? [] : descriptors.split(/\s+/);
    // A width with a height hint ("300w 200h") is kept as its width.
    const useful = parts.filter((p) => !/^\d+h$/.test(p));
    if (useful.length > 1) continue;
    const descriptor = useful[0]?.toLowerCase() ?? '';
    if (descriptor !== '' && !DESCRIPTOR.test(descriptor)) continue;
    out.push({ url, descriptor });
  }
  return out;
}

/** A srcset value from candidates; commas that end a URL are escaped so they cannot split it. */
export function serializeSrcset(candidates: SrcsetCandidate[]): string {
  return candidates
    .map((c) => {
      const url = c.url.replace(/,$/, '%2C');
      return c.descriptor ? `${url} ${c.descriptor}` : url;
    })
    .join(', ');
}

/** The candidate a browser would most likely pick for a large screen: widest, or highest density. */
export function largestCandidate(candidates: SrcsetCandidate[]): SrcsetCandidate | undefined {
  let best: SrcsetCandidate | undefined;
  let bestScore = -1;
  for (const c of candidates) {
    const d = c.descriptor;
    const score = d.endsWith('w')
      ? Number.parseInt(d, 10)
      : d.endsWith('x')
        ? Number.parseFloat(d) * 1000
        : 1000;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}
