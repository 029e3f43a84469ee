// The 404 page a reader gets for a mistyped URL, in the frame and language of
// the edition the URL falls under.
import type { SiteContext } from '../context.ts';
import { errorPage } from '../templates.ts';

/** The HTML 404 page for a URL of the site, or null for a URL that is not the site's (the API). */
export async function notFoundPage(ctx: SiteContext, url: string): Promise<string | null> {
  const { site } = ctx;
  const path = url.split('?')[0] ?? '/';
  if (/^\/(api|healthz|metrics|img|static|sitemaps)(\/|$)/.test(path)) return null;
  const match =
    site.editions
      .filter((e) => e.prefix !== '/' && (path === e.prefix || path.startsWith(`${e.prefix}/`)))
      .sort((a, b) => b.prefix.length - a.prefix.length)[0] ??
    site.editions.find((e) => e.prefix === '/') ??
    site.editions[0];
  if (!match) return null;
  return errorPage(await ctx.chrome(await ctx.edition(match)), 404);
}
