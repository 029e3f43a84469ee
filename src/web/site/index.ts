// The reader's site: editions, pages, feeds out, sitemaps.
export type { SiteContext } from './context.ts';
export { registerSite, type SiteHandle, type SiteOptions } from './routes.ts';
export { categorySlug, editionBase, paths } from './paths.ts';
export { dayBounds, displayDate, localDay } from './dates.ts';
export { prepareBody } from './body.ts';
export { SITE_CSS } from './assets.ts';
