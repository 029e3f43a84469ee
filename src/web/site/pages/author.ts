// An author's page (/fr/auteur/<name>): the articles signed with that name.
import type { FastifyInstance } from 'fastify';
import { listSiteArticles } from '../../../store/index.ts';
import type { EditionConfig } from '../../site-config.ts';
import type { SiteContext } from '../context.ts';
import { editionBase, paths } from '../paths.ts';
import { listPage } from '../templates.ts';
import { articleCards } from '../views.ts';
import { cursorOf, PAGE_SIZE, sendHtml } from './reply.ts';

export function registerAuthor(app: FastifyInstance, ctx: SiteContext, config: EditionConfig): void {
  const { site, store } = ctx;
  app.get<{ Params: { name: string } }>(
    `${editionBase(config)}auteur/:name`,
    ctx.cached,
    async (request, reply) => {
      const ed = await ctx.edition(config);
      const before = cursorOf(request);
      if (before === null) return ctx.sendError(reply, ed, 400);
      const name = request.params.name;
      const page =
        name.length <= 200
          ? await listSiteArticles(
              store,
              { sourceIds: ed.sourceIds, author: name },
              { limit: PAGE_SIZE, before: before ?? null },
            )
          : null;
      if (!page || (!page.items.length && before === undefined)) return ctx.sendError(reply, ed, 404);
      return sendHtml(
        reply,
        listPage(await ctx.chrome(ed), {
          heading: `${ed.words.author} ${name}`,
          pagePath: paths.author(config, name),
          items: articleCards(page.items, ed, site.timezone),
          next: page.next,
          paged: before !== undefined,
          description: `${ed.words.author} ${name} — ${config.name}`,
          ownFeeds: false,
        }),
      );
    },
  );
}
