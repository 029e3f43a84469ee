// The reader's site as a Fastify plugin: the pages of every edition, the
// feeds out, the sitemaps, robots.txt and the stylesheet. Each page keeps its
// route in its own module (./pages/*); handlers only read the store and hand
// rows to the view models and templates (pure), so what a page shows is
// tested without a server and the routes stay thin.
//
// Every cacheable answer is marked `config: { pageCache: true }` (the
// context's `cached`) for the page cache, and names its charset.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.ts';
import type { SiteConfig } from '../site-config.ts';
import { createSiteContext, type SiteContext } from './context.ts';
import { registerArchives } from './pages/archives.ts';
import { registerArticle } from './pages/article.ts';
import { registerAuthor } from './pages/author.ts';
import { registerCategory } from './pages/category.ts';
import { registerFeeds } from './pages/feeds.ts';
import { registerHome, registerRootRedirect } from './pages/home.ts';
import { notFoundPage } from './pages/not-found.ts';
import { registerSitemaps } from './pages/sitemaps.ts';
import { registerSource } from './pages/source.ts';
import { registerSources } from './pages/sources.ts';
import { registerStatic } from './pages/static.ts';
import { registerManifest } from './pages/manifest.ts';
import { registerStory } from './pages/story.ts';

export interface SiteOptions {
  store: Store;
  config: SiteConfig;
  /** The image report forms' CSRF token now (src/moderation); none: pages carry no token. */
  reportToken?: () => string;
}

export interface SiteHandle {
  /** The HTML 404 page for a URL of the site, or null for a URL that is not the site's (the API). */
  notFoundPage(url: string): Promise<string | null>;
  /** What other page modules (search, reports, the console, ...) need to render pages in the site's frame. */
  context: SiteContext;
}

export async function registerSite(
  app: FastifyInstance,
  { store, config: site, reportToken }: SiteOptions,
): Promise<SiteHandle> {
  const context = createSiteContext(store, site, reportToken);
  for (const edition of site.editions) {
    registerHome(app, context, edition);
    registerSources(app, context, edition);
    registerFeeds(app, context, edition);
    registerCategory(app, context, edition);
    registerAuthor(app, context, edition);
    registerArchives(app, context, edition);
    registerSource(app, context, edition);
    registerArticle(app, context, edition);
    registerStory(app, context, edition);
    registerManifest(app, edition);
  }
  registerRootRedirect(app, site);
  registerSitemaps(app, context);
  registerStatic(app);
  return { context, notFoundPage: (url) => notFoundPage(context, url) };
}
