// Lazy-loaded images: CMS lazy-load plugins put a placeholder in `src` and
// the real image in a data attribute that only their script reads. Without
// that script (our pages run none of the publisher's) the reader would see a
// blank, so the real URL is moved into `src`/`srcset` here.

/** Attributes that hold the real image URL, most specific first. */
export const LAZY_SRC_ATTRIBUTES = [
  'data-src',
  'data-lazy-src',
  'data-original',
  'data-lazy',
  'data-orig-src',
];
/** Attributes that hold the real srcset. */
export const LAZY_SRCSET_ATTRIBUTES = ['data-srcset', 'data-lazy-srcset'];

// File names lazy-load plugins and themes use for their placeholders.
const PLACEHOLDER_NAME =
  /^(?:lazy(?:[-_]?load(?:er|ing)?)?|placeholder|(?:lazy|image|img|default)[-_]?placeholder|blank|spacer|transparent|1x1|grey|gray|loading|loader|dummy|empty|trans|pixel)(?:[-_.]?(?:\d+x\d+|min|img|image))?\.(?:gif|png|svg|jpe?g|webp)$/i;

/**
 * True when `raw` (an attribute value, not yet resolved) is a stand-in rather
 * than the picture: empty, a data: URI (the usual 1×1 GIF), or a file named
 * like a placeholder (lazy.gif, placeholder.png, blank.gif, spacer.gif, …).
 * Judged on the value alone, so sanitizing twice judges the same way.
 */
export function isPlaceholderSrc(raw: string | undefined): boolean {
  if (raw === undefined) return true;
  const value = raw.trim();
  if (value === '' || value === '#' || value === 'about:blank') return true;
  if (/^data:/i.test(value.replace(/[\u0000-\u0020]/g, ''))) return true;
  const path = value.split(/[?#]/, 1)[0] ?? '';
  const name = path.slice(path.lastIndexOf('/') + 1);
  return PLACEHOLDER_NAME.test(name) || /(?:^|[-_/])lazy[-_]?placeholder/i.test(path);
}

/** The first attribute among `names` that has a non-empty value. */
export function firstAttribute(
  attrs: ReadonlyMap<string, string>,
  names: readonly string[],
): string | undefined {
  for (const name of names) {
    const value = attrs.get(name);
    if (value !== undefined && value.trim() !== '') return value;
  }
  return undefined;
}
