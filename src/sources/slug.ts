// Slugs name a source in the site's URLs (/le360, /ar/hespress): short,
// lowercase ASCII, and never a word the site itself routes.

/** A slug: lowercase letters, digits and inner hyphens, 1 to 64 characters. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Words the site and the API use as the first segment of a URL: a source there would shadow a route. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'api',
  'admin',
  'img',
  'static',
  'assets',
  'fr',
  'ar',
  'categorie',
  'category',
  'auteur',
  'author',
  'archives',
  'sources',
  'source',
  'story',
  'stories',
  'recherche',
  'search',
  'feed',
  'feeds',
  'rss',
  'atom',
  'sitemap',
  'sitemap.xml',
  'sitemaps',
  'rss.xml',
  'atom.xml',
  'robots.txt',
  'healthz',
  'metrics',
  'login',
  'logout',
  'tag',
  'page',
  'favicon.ico',
]);

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/** True when the text holds Arabic letters (used to guess a source's language). */
export function hasArabicScript(text: string): boolean {
  return ARABIC_SCRIPT.test(text);
}

export function isValidSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);
}

/**
 * "Médias24" → "medias24", "L'Économiste" → "leconomiste", "Aujourd'hui le Maroc"
 * → "aujourdhui-le-maroc". Returns "" when nothing Latin is left (an Arabic name).
 */
export function slugify(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // accents are combining marks after NFKD
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    // An apostrophe joins the words it sits in: "l'opinion" reads as one word.
    .replace(/['’ʼ`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return trimSlug(folded);
}

/**
 * A slug from a homepage's host: "https://www.alyaoum24.com/" → "alyaoum24",
 * "https://ar.le360.ma/" → "ar-le360". The public suffix carries no meaning for a reader.
 */
export function slugFromHost(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
  const labels = host.replace(/^www\d*\./, '').split('.');
  if (labels.length > 1) labels.pop();
  return slugify(labels.join('-'));
}

/** Cuts a slug to 64 characters, at a hyphen when there is one near the end. */
function trimSlug(slug: string): string {
  if (slug.length <= 64) return slug;
  const cut = slug.slice(0, 64);
  const hyphen = cut.lastIndexOf('-');
  return (hyphen > 40 ? cut.slice(0, hyphen) : cut).replace(/-+$/, '');
}

/**
 * The first free slug from a base: the base itself, else base-2, base-3...
 * An empty base becomes "publication", a reserved one gets a suffix, so the result is always valid.
 */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
  let root = SLUG_PATTERN.test(base) ? base : slugify(base);
  if (root === '') root = 'publication';
  if (!RESERVED_SLUGS.has(root) && !taken(root)) return root;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = root.slice(0, 64 - suffix.length).replace(/-+$/, '') + suffix;
    if (!taken(candidate)) return candidate;
  }
}
