// A category's page (/fr/categorie/<slug>): its articles, newest first.
import type { FastifyInstance } from 'fastify';
import { listSiteArticles } from '../../../store/index.ts';
import { html } from '../../html.ts';
import type { EditionConfig } from '../../site-config.ts';
import type { SiteContext } from '../context.ts';
import { editionBase } from '../paths.ts';
import { listPage } from '../templates.ts';
import { articleCards } from '../views.ts';
import { cursorOf, PAGE_SIZE, sendHtml } from './reply.ts';

export function registerCategory(app: FastifyInstance, ctx: SiteContext, config: EditionConfig): void {
  const { site, store } = ctx;
  app.get<{ Params: { slug: string } }>(
    `${editionBase(config)}categorie/:slug`,
    ctx.cached,
    async (request, reply) => {
      const ed = await ctx.edition(config);
      const before = cursorOf(request);
      if (before === null) return ctx.sendError(reply, ed, 400);
      const cat = (await ctx.categories(ed)).find((c) => c.slug === request.params.slug);
      if (!cat) return ctx.sendError(reply, ed, 404);
      const page = await listSiteArticles(
        store,
        { sourceIds: ed.sourceIds, categories: cat.raw },
        { limit: PAGE_SIZE, before: before ?? null },
      );
      return sendHtml(
        reply,
        listPage(await ctx.chrome(ed), {
          heading: cat.name,
          intro: html`<p class="meta">${ed.words.category} · ${ed.words.articles(cat.count)}</p>`,
          pagePath: cat.url,
          items: articleCards(page.items, ed, site.timezone),
          next: page.next,
          paged: before !== undefined,
          description: `${ed.words.category} ${cat.name} — ${config.name}`,
          ownFeeds: true,
        }),
      );
    },
  );
}
