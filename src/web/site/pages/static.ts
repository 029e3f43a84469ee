// The stylesheet and the report script (/static/<file>): fingerprinted names
// are cached for a year, the plain /static/site.css for five minutes.
import type { FastifyInstance } from 'fastify';
import { ASSETS, FAVICON, SITE_CSS } from '../assets.ts';
import { TEXT } from './reply.ts';

export function registerStatic(app: FastifyInstance): void {
  // Browsers ask for /favicon.ico before they read a page's <link rel="icon">.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect(FAVICON.path, 301),
  );
  app.get<{ Params: { file: string } }>('/static/:file', async (request, reply) => {
    const path = `/static/${request.params.file}`;
    const asset = ASSETS.get(path) ?? (path === '/static/site.css' ? SITE_CSS : undefined);
    if (!asset) {
      reply.code(404).type(TEXT);
      return 'not found\n';
    }
    reply
      .type(asset.contentType)
      .header('etag', asset.etag)
      .header(
        'cache-control',
        asset.path === path ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      );
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return asset.body;
  });
}
