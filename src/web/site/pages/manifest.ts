// The web app manifest of each edition (/fr/manifest.webmanifest): what a
// phone shows when a reader adds the site to the home screen — the edition's
// name, language and direction, its home, the site's icon and colours.
import type { FastifyInstance } from 'fastify';
import type { EditionConfig } from '../../site-config.ts';
import { FAVICON } from '../assets.ts';
import { paths } from '../paths.ts';
import { WORDS } from '../words.ts';

/** The site's paper and accent colours (site.css: --paper, --accent). */
const BACKGROUND = '#ffffff';
export const THEME_COLOR = '#a4161a';

export function manifestPath(edition: EditionConfig): string {
  return `${paths.home(edition)}manifest.webmanifest`;
}

export function registerManifest(app: FastifyInstance, edition: EditionConfig): void {
  const home = paths.home(edition);
  const body = JSON.stringify({
    name: edition.name,
    short_name: edition.name,
    lang: edition.language,
    dir: WORDS[edition.language].dir,
    start_url: home,
    scope: home,
    display: 'minimal-ui',
    background_color: BACKGROUND,
    theme_color: THEME_COLOR,
    icons: [{ src: FAVICON.path, sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  });
  app.get(manifestPath(edition), async (_request, reply) =>
    reply
      .type('application/manifest+json; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(body),
  );
}
