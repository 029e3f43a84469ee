// An article's page (/fr/<source>/<id>): the article, its story's coverage
// and "Lire aussi"; 410 when it was withdrawn at its publisher's request, a
// redirect when the URL names another source.
import type { FastifyInstance } from 'fastify';
import {
  articlesAtUrls,
  findArticleTakedown,
  readAlso,
  type SiteArticle,
  siteArticle,
} from '../../../store/index.ts';
import { withdrawnPage } from '../../admin/withdrawn.ts';
import type { EditionConfig } from '../../site-config.ts';
import type { SiteContext } from '../context.ts';
import { editionBase, paths } from '../paths.ts';
import { articleCoverage } from '../stories.ts';
import { articlePageBytes } from '../templates.ts';
import { articleView } from '../views.ts';
import { HTML, sendHtml } from './reply.ts';
import { publisherReadAlsoLines, rewritePublisherReadAlso } from '../publisher-links.ts';
import type { Store } from '../../../store/index.ts';

/** Links under "Lire aussi". */
const READ_ALSO = 5;

export function registerArticle(app: FastifyInstance, ctx: SiteContext, config: EditionConfig): void {
  const { site, store } = ctx;
  app.get<{ Params: { source: string; id: string } }>(
    `${editionBase(config)}:source/:id`,
    ctx.cached,
    async (request, reply) => {
      const ed = await ctx.edition(config);
      const { id: rawId, source: slug } = request.params;
      const id = Number(rawId);
      if (!/^[1-9]\d{0,14}$/.test(rawId) || !Number.isSafeInteger(id)) return ctx.sendError(reply, ed, 404);
      const article = await siteArticle(store, id);
      if (!article) {
        // Only a missing article pays for the takedown lookup: 410 when withdrawn at the publisher's request.
        if (!(await findArticleTakedown(store, id))) return ctx.sendError(reply, ed, 404);
        reply.code(410).type(HTML);
        return withdrawnPage(await ctx.chrome(ed));
      }
      if (!ed.sourceById.has(article.source.id)) return ctx.sendError(reply, ed, 404);
      if (article.source.slug !== slug)
        return reply.redirect(paths.article(config, article.source.slug, id), 301);
      const related = await readAlso(store, article, READ_ALSO, ed.sourceIds);
      const body = await withOurReadAlsoLinks(store, article, config);
      const view = articleView({ ...article, contentHtml: body }, related, ed, site, ctx.reportToken());
      view.coverage = await articleCoverage(ctx, article, ed);
      return sendHtml(reply, articlePageBytes(await ctx.chrome(ed), view));
    },
  );
}

/**
 * The body with the publisher's own "Lire aussi" lines pointed at our copies
 * of those articles, or dropped when we have none (publisher-links.ts).
 */
async function withOurReadAlsoLinks(
  store: Store,
  article: SiteArticle,
  edition: EditionConfig,
): Promise<string | null> {
  const html = article.contentHtml;
  if (!html) return html;
  const lines = publisherReadAlsoLines(html);
  if (!lines.length) return html;
  const urls = [...new Set(lines.flatMap((l) => l.urls).filter((u) => u !== ''))];
  const ours = new Map(
    (await articlesAtUrls(store, article.source.id, urls))
      .filter((a) => a.id !== article.id)
      .map((a) => [a.url, paths.article(edition, article.source.slug, a.id)]),
  );
  return rewritePublisherReadAlso(html, lines, ours);
}
