// A day's archive (/fr/archives/<YYYY-MM-DD>): the articles published that
// day in the site's time zone, with a link to the day before.
import type { FastifyInstance } from 'fastify';
import { listSiteArticles } from '../../../store/index.ts';
import { html } from '../../html.ts';
import type { EditionConfig } from '../../site-config.ts';
import type { SiteContext } from '../context.ts';
import { dayBounds, previousDay } from '../dates.ts';
import { editionBase, paths } from '../paths.ts';
import { listPage } from '../templates.ts';
import { articleCards } from '../views.ts';
import { cursorOf, PAGE_SIZE, sendHtml } from './reply.ts';

export function registerArchives(app: FastifyInstance, ctx: SiteContext, config: EditionConfig): void {
  const { site, store } = ctx;
  app.get<{ Params: { day: string } }>(
    `${editionBase(config)}archives/:day`,
    ctx.cached,
    async (request, reply) => {
      const ed = await ctx.edition(config);
      const before = cursorOf(request);
      if (before === null) return ctx.sendError(reply, ed, 400);
      const day = request.params.day;
      const bounds = dayBounds(day, site.timezone);
      if (!bounds) return ctx.sendError(reply, ed, 404);
      const page = await listSiteArticles(
        store,
        { sourceIds: ed.sourceIds, from: bounds.from, to: bounds.to },
        { limit: PAGE_SIZE, before: before ?? null },
      );
      const shown = `${day.slice(8, 10)} - ${day.slice(5, 7)} - ${day.slice(0, 4)}`;
      return sendHtml(
        reply,
        listPage(await ctx.chrome(ed), {
          heading: `${ed.words.archive} ${shown}`,
          intro: html`<p class="meta"><a href="${paths.archive(config, previousDay(day))}">${previousDay(day)}</a></p>`,
          pagePath: paths.archive(config, day),
          items: articleCards(page.items, ed, site.timezone),
          next: page.next,
          paged: before !== undefined,
          description: `${ed.words.archive} ${shown} — ${config.name}`,
          ownFeeds: false,
        }),
      );
    },
  );
}
