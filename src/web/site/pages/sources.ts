// The list of an edition's sources with their article counts (/fr/sources).
import type { FastifyInstance } from 'fastify';
import type { EditionConfig } from '../../site-config.ts';
import type { SiteContext } from '../context.ts';
import { editionBase } from '../paths.ts';
import { sourcesPage } from '../templates.ts';
import { sendHtml } from './reply.ts';

export function registerSources(app: FastifyInstance, ctx: SiteContext, config: EditionConfig): void {
  app.get(`${editionBase(config)}sources`, ctx.cached, async (_request, reply) => {
    const ed = await ctx.edition(config);
    return sendHtml(reply, sourcesPage(await ctx.chrome(ed), await ctx.sourceList(ed)));
  });
}
