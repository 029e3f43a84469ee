// A source's page (/fr/<source>): its articles, newest first, and a link to
// the publisher's own site.
import type { FastifyInstance } from 'fastify';
import { listSiteArticles } from '../../../store/index.ts';
import { html } from '../../html.ts';
import type { EditionConfig } from '../../site-config.ts';
import type { SiteContext } from '../context.ts';
import { editionBase, paths } from '../paths.ts';
import { listPage } from '../templates.ts';
import { articleCards } from '../views.ts';
import { cursorOf, PAGE_SIZE, sendHtml } from './reply.ts';

export function registerSource(app: FastifyInstance, ctx: SiteContext, config: EditionConfig): void {
  const { site, store } = ctx;
  app.get<{ Params: { source: string } }>(
    `${editionBase(config)}:source`,
    ctx.cached,
    async (request, reply) => {
      const ed = await ctx.edition(config);
      const source = ed.sourceBySlug.get(request.params.source);
      if (!source) return ctx.sendError(reply, ed, 404);
      const before = cursorOf(request);
      if (before === null) return ctx.sendError(reply, ed, 400);
      const page = await listSiteArticles(
        store,
        { sourceIds: [source.id] },
        { limit: PAGE_SIZE, before: before ?? null },
      );
      const homepage = /^https?:\/\//.test(source.homepage) ? source.homepage : null;
      return sendHtml(
        reply,
        listPage(await ctx.chrome(ed), {
          heading: source.name,
          intro: homepage
            ? html`<p class="meta"><a href="${homepage}" rel="noopener noreferrer">${hostOf(homepage)}</a></p>`
            : undefined,
          pagePath: paths.source(config, source.slug),
          items: articleCards(page.items, ed, site.timezone),
          next: page.next,
          paged: before !== undefined,
          description: `${ed.words.sourcePage} ${source.name} — ${config.name}`,
          ownFeeds: true,
        }),
      );
    },
  );
}

/** The publisher's host as a reader says it: example.com, not www.example.com. */
function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
