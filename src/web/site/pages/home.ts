// An edition's home (/fr/): the latest articles, the most covered stories,
// a section per main category and the sources; its older pages (?avant=)
// are the plain list of every article. Also the redirects that lead there.
import type { FastifyInstance } from 'fastify';
import { encodeCursor, listSiteArticles } from '../../../store/index.ts';
import type { EditionConfig, SiteConfig } from '../../site-config.ts';
import type { SiteContext } from '../context.ts';
import { editionBase } from '../paths.ts';
import { homeStories } from '../stories.ts';
import { homePage, listPage } from '../templates.ts';
import { articleCards } from '../views.ts';
import { cursorOf, PAGE_SIZE, sendHtml } from './reply.ts';

export function registerHome(app: FastifyInstance, ctx: SiteContext, config: EditionConfig): void {
  const { site, store } = ctx;
  const base = editionBase(config);
  if (config.prefix !== '/') {
    app.get(config.prefix, async (request, reply) => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(base + query, 301);
    });
  }

  app.get(base, ctx.cached, async (request, reply) => {
    const ed = await ctx.edition(config);
    const before = cursorOf(request);
    if (before === null) return ctx.sendError(reply, ed, 400);
    if (before !== undefined) {
      const page = await listSiteArticles(
        store,
        { sourceIds: ed.sourceIds },
        { limit: PAGE_SIZE, before: before ?? null },
      );
      return sendHtml(
        reply,
        listPage(await ctx.chrome(ed), {
          heading: ed.words.allArticles,
          pagePath: base,
          items: articleCards(page.items, ed, site.timezone),
          next: page.next,
          paged: true,
          description: `${config.name} — ${ed.words.allArticles}`,
          ownFeeds: true,
        }),
      );
    }
    const { items: latestItems, cards: ticker } = await ctx.ticker(ed);
    const sections = await ctx.homeSections(ed);
    const first = latestItems.slice(0, PAGE_SIZE);
    const last = first[first.length - 1];
    const next = latestItems.length > PAGE_SIZE && last ? encodeCursor(last.publishedAt, last.id) : null;
    return sendHtml(
      reply,
      homePage(await ctx.chrome(ed, ticker), {
        latest: ticker.slice(0, PAGE_SIZE),
        next,
        sections,
        sources: await ctx.sourceList(ed),
        stories: await homeStories(ctx, ed),
      }),
    );
  });
}

/** `/` when no edition sits at the root: to the first edition (or the API when there is none). */
export function registerRootRedirect(app: FastifyInstance, site: SiteConfig): void {
  if (site.editions.some((e) => e.prefix === '/')) return;
  const first = site.editions[0];
  app.get('/', async (_request, reply) =>
    reply.redirect(first ? editionBase(first) : '/api/v1/sources', 302),
  );
}
