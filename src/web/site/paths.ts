// Every URL the site builds, in one place, so that routes and links agree.
import type { EditionConfig } from '../site-config.ts';

/** The edition's home path, always ending with a slash: '/fr/', or '/' at the root. */
export function editionBase(edition: EditionConfig): string {
  return edition.prefix === '/' ? '/' : `${edition.prefix}/`;
}

export const paths = {
  home: (e: EditionConfig) => editionBase(e),
  sources: (e: EditionConfig) => `${editionBase(e)}sources`,
  source: (e: EditionConfig, slug: string) => `${editionBase(e)}${slug}`,
  article: (e: EditionConfig, sourceSlug: string, id: number) => `${editionBase(e)}${sourceSlug}/${id}`,
  category: (e: EditionConfig, slug: string) => `${editionBase(e)}categorie/${encodeURIComponent(slug)}`,
  author: (e: EditionConfig, name: string) => `${editionBase(e)}auteur/${encodeURIComponent(name)}`,
  archive: (e: EditionConfig, day: string) => `${editionBase(e)}archives/${day}`,
  story: (e: EditionConfig, id: number) => `${editionBase(e)}story/${id}`,
  /** The feed beside a page: '/fr/' → '/fr/rss.xml', '/fr/le-quotidien' → '/fr/le-quotidien/rss.xml'. */
  feed: (pagePath: string, kind: 'rss' | 'atom') =>
    `${pagePath.endsWith('/') ? pagePath : `${pagePath}/`}${kind}.xml`,
  image: (id: number) => `/img/${id}`,
  reportImage: (id: number) => `/api/v1/images/${id}/report`,
};

/**
 * A category's slug: "Économie" → "economie", "وطني" → "وطني". Accents and
 * Arabic diacritics go (they are combining marks after NFKD), letters of any
 * script stay, everything else becomes a hyphen. Null when nothing is left.
 */
export function categorySlug(category: string): string | null {
  let slug = slugs.get(category);
  if (slug === undefined) {
    // Unicode normalization costs a few µs and every list item asks: remember the few categories there are.
    if (slugs.size > 10_000) slugs.clear();
    slug = computeCategorySlug(category);
    slugs.set(category, slug);
  }
  return slug;
}

const slugs = new Map<string, string | null>();

function computeCategorySlug(category: string): string | null {
  const slug = category
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/\u0640/g, '') // tatweel: stretching, not a letter
    .toLowerCase()
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? null : slug;
}
