// A page's <title> without the site's name: "Le titre | Hespress" → "Le titre".
//
// The suffix (or prefix) goes when it is the site's name as the page states
// it (og:site_name, JSON-LD publisher) or its host name; when the site's name
// is unknown, a last segment of at most three words goes if what stays is a
// real headline (four words or more). Readability's own heuristic keeps more
// suffixes ("… | Code"); see docs/benchmarks.md for the pages where we differ.
import { cleanTitle } from '../feeds/index.ts';

// Not ":" — French and Arabic headlines use it ("Maroc : …").
const SEPARATOR = /\s+[-–—·•»/\\]\s+|\s*[|｜]\s*|\s+::\s+/;
const SEPARATOR_G = new RegExp(SEPARATOR.source, 'g');

function comparable(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/^www\./, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

/** True when `segment` names the site (its name or its host's label). */
function isSiteName(segment: string, siteName: string | null, host: string): boolean {
  const seg = comparable(segment);
  if (seg === '') return false;
  if (siteName) {
    const site = comparable(siteName);
    // The name itself, or with a short decoration ("Le360.ma", "Hespress FR").
    if (site === '' || seg.length > site.length + 6) return false;
    if (seg === site || (site.length >= 4 && (seg.startsWith(site) || seg.endsWith(site)))) return true;
    if (seg.length >= 4 && site.startsWith(seg)) return true;
  }
  const label = comparable(
    host
      .replace(/^www\./, '')
      .replace(/\.[a-z]+$/i, '')
      .replace(/\.(?:co|com|net|org)$/i, ''),
  );
  return label.length >= 3 && (seg === label || seg.startsWith(label) || seg === comparable(host));
}

/** Cuts the site's name off a title, at the start or the end. */
export function stripSiteName(raw: string, siteName: string | null, url: string, generic: boolean): string {
  const title = cleanTitle(raw);
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    // no host: only the site name is compared
  }
  const parts: string[] = [];
  const seps: string[] = [];
  let last = 0;
  for (const m of title.matchAll(SEPARATOR_G)) {
    parts.push(title.slice(last, m.index));
    seps.push(m[0]);
    last = m.index + m[0].length;
  }
  parts.push(title.slice(last));
  if (parts.length < 2) return title;
  const first = parts[0]!;
  const lastPart = parts[parts.length - 1]!;
  const joinBack = (from: number, to: number) => {
    let out = parts[from]!;
    for (let i = from + 1; i < to; i++) out += seps[i - 1]! + parts[i]!;
    return out.trim();
  };
  if (isSiteName(lastPart, siteName, host)) return joinBack(0, parts.length - 1) || title;
  if (isSiteName(first, siteName, host)) return joinBack(1, parts.length) || title;
  if (generic && !siteName) {
    const rest = joinBack(0, parts.length - 1);
    if (wordCount(lastPart) <= 3 && wordCount(rest) >= 4 && /[|–—·»]|\s-\s/.test(seps[seps.length - 1]!))
      return rest;
  }
  return title;
}
