// Static assets, read once at start and served from memory under a URL that
// carries a hash of their content (/static/site.<hash>.css): pages may then
// be cached as long as anyone likes, and a new stylesheet is a new URL.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Asset {
  path: string;
  body: Buffer;
  contentType: string;
  etag: string;
}

function load(file: string, name: string, ext: string, contentType: string): Asset {
  const body = readFileSync(new URL(file, import.meta.url));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/static/${name}.${hash}.${ext}`, body, contentType, etag: `"${hash}"` };
}

export const SITE_CSS: Asset = load('./site.css', 'site', 'css', 'text/css; charset=utf-8');
/** Sends report forms with fetch, so the reader stays on the page (src/web/api/images.ts). */
export const REPORT_JS: Asset = load('./report.js', 'report', 'js', 'text/javascript; charset=utf-8');

/** The site's icon: tabs and bookmarks show it, and /favicon.ico leads to it (no 404 on every page). */
export const FAVICON: Asset = load('./favicon.svg', 'favicon', 'svg', 'image/svg+xml');

/** Every asset by its hashed path, and the un-hashed name for those who ask for it. */
export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  [SITE_CSS.path, SITE_CSS],
  [REPORT_JS.path, REPORT_JS],
  [FAVICON.path, FAVICON],
]);
