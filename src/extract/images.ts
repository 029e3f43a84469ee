// Images of the body, in order, with the URL a reader would see: lazy-load
// placeholders are looked through (data-src, data-lazy-src, data-original,
// srcset, <picture><source>), tracking pixels and icons left out. The body
// HTML itself keeps every one of those attributes for the sanitizer.
import { resolveUrl } from '../feeds/index.ts';
import type { ExtractedImage } from './types.ts';

const LAZY_ATTRIBUTES = [
  'data-src',
  'data-lazy-src',
  'data-original',
  'data-lazy',
  'data-url',
  'data-full-src',
];
const SRCSET_ATTRIBUTES = ['data-srcset', 'data-lazy-srcset', 'srcset'];
const PLACEHOLDER =
  /^data:|(?:^|\/)(?:blank|spacer|placeholder|lazy|loading|loader|grey|gray|transparent|empty|1x1|pixel)[^/]*\.(?:gif|png|svg|jpe?g|webp)(?:$|\?)/i;
const NOT_CONTENT = /(?:^|[/_.-])(?:logo|icon|avatar|sprite|emoji|badge|pixel|spacer|gravatar)(?:[/_.-]|$)/i;

/** The largest candidate of a srcset ("a.jpg 320w, b.jpg 1024w" → b.jpg). */
export function bestFromSrcset(srcset: string): string | null {
  let best: string | null = null;
  let bestSize = -1;
  for (const part of srcset.split(/,\s+/)) {
    const [url, size] = part.trim().split(/\s+/);
    if (!url) continue;
    const n = size ? Number.parseFloat(size) : 1;
    if ((Number.isFinite(n) ? n : 1) > bestSize) {
      best = url;
      bestSize = Number.isFinite(n) ? n : 1;
    }
  }
  return best;
}

function dimension(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(?:px)?\s*$/.test(value)) return undefined;
  const n = Number.parseInt(value, 10);
  return n > 0 ? n : undefined;
}

/** The URL an <img> shows once loaded, relative as written; null when it has none. */
export function imageSource(img: Element): string | null {
  const src = img.getAttribute('src')?.trim() ?? '';
  if (src !== '' && !PLACEHOLDER.test(src)) return src;
  for (const name of LAZY_ATTRIBUTES) {
    const v = img.getAttribute(name)?.trim();
    if (v && !PLACEHOLDER.test(v)) return v;
  }
  for (const name of SRCSET_ATTRIBUTES) {
    const v = img.getAttribute(name);
    const best = v ? bestFromSrcset(v) : null;
    if (best && !PLACEHOLDER.test(best)) return best;
  }
  const source = img.parentElement?.tagName === 'PICTURE' ? img.parentElement.querySelector('source') : null;
  const set = source?.getAttribute('srcset') ?? source?.getAttribute('data-srcset');
  const fromPicture = set ? bestFromSrcset(set) : null;
  if (fromPicture) return fromPicture;
  return src !== '' && !src.startsWith('data:') ? src : null;
}

/** The images of a body element, absolute and deduplicated, pixels left out. */
export function collectImages(root: ParentNode, baseUrl: string): ExtractedImage[] {
  const out: ExtractedImage[] = [];
  const seen = new Set<string>();
  for (const img of root.querySelectorAll('img')) {
    const raw = imageSource(img);
    const url = raw ? resolveUrl(raw, baseUrl) : null;
    if (!url || seen.has(url)) continue;
    const width = dimension(img.getAttribute('width'));
    const height = dimension(img.getAttribute('height'));
    if ((width !== undefined && width <= 2) || (height !== undefined && height <= 2)) continue;
    seen.add(url);
    const alt = img.getAttribute('alt')?.trim();
    out.push({ url, alt: alt ? alt : null, ...(width ? { width } : {}), ...(height ? { height } : {}) });
  }
  return out;
}

/** The first image that can stand for the article: large (or of unknown size), not an icon. */
export function firstLargeImage(images: ExtractedImage[]): string | null {
  for (const img of images) {
    if ((img.width ?? 400) < 250 || (img.height ?? 300) < 120) continue;
    if (NOT_CONTENT.test(img.url) || /\.svg(?:$|\?)/i.test(img.url)) continue;
    return img.url;
  }
  return null;
}
