// The feeds out, RSS and Atom: an edition's latest (/fr/rss.xml), a
// category's (/fr/categorie/<slug>/rss.xml) and a source's (/fr/<source>/rss.xml).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { listSiteArticles } from '../../../store/index.ts';
import type { EditionConfig } from '../../site-config.ts';
import type { SiteContext } from '../context.ts';
import { atomFeed, type FeedModel, rssFeed } from '../feeds-out.ts';
import { editionBase, paths } from '../paths.ts';
import { type ArticleCard, articleCards, type Edition } from '../views.ts';
import { ATOM, RSS } from './reply.ts';

/** Articles in a feed. */
const FEED_SIZE = 50;

type Kind = 'rss' | 'atom';

export function registerFeeds(app: FastifyInstance, ctx: SiteContext, config: EditionConfig): void {
  const { site, store } = ctx;
  const base = editionBase(config);

  function feedModel(
    ed: Edition,
    title: string,
    pagePath: string,
    kind: Kind,
    cards: ArticleCard[],
  ): FeedModel {
    return {
      title,
      description: `${title} — ${ed.words.latest}`,
      language: ed.config.language,
      pageUrl: site.baseUrl + pagePath,
      selfUrl: site.baseUrl + paths.feed(pagePath, kind),
      items: cards.map((c) => ({
        ...c,
        absoluteUrl: site.baseUrl + c.url,
        sourceFeedUrl: site.baseUrl + paths.feed(c.sourceUrl, 'rss'),
      })),
      updated: cards[0]?.datetime ?? new Date().toISOString(),
    };
  }

  function sendFeed(reply: FastifyReply, kind: Kind, model: FeedModel): string {
    reply.type(kind === 'rss' ? RSS : ATOM);
    return kind === 'rss' ? rssFeed(model) : atomFeed(model);
  }

  for (const kind of ['rss', 'atom'] as const) {
    app.get(`${base}${kind}.xml`, ctx.cached, async (_request, reply) => {
      const ed = await ctx.edition(config);
      const page = await listSiteArticles(store, { sourceIds: ed.sourceIds }, { limit: FEED_SIZE });
      return sendFeed(
        reply,
        kind,
        feedModel(ed, config.name, base, kind, articleCards(page.items, ed, site.timezone)),
      );
    });

    app.get<{ Params: { slug: string } }>(
      `${base}categorie/:slug/${kind}.xml`,
      ctx.cached,
      async (request, reply) => {
        const ed = await ctx.edition(config);
        const cat = (await ctx.categories(ed)).find((c) => c.slug === request.params.slug);
        if (!cat) return ctx.sendError(reply, ed, 404);
        const page = await listSiteArticles(
          store,
          { sourceIds: ed.sourceIds, categories: cat.raw },
          { limit: FEED_SIZE },
        );
        return sendFeed(
          reply,
          kind,
          feedModel(
            ed,
            `${cat.name} — ${config.name}`,
            cat.url,
            kind,
            articleCards(page.items, ed, site.timezone),
          ),
        );
      },
    );

    app.get<{ Params: { source: string } }>(
      `${base}:source/${kind}.xml`,
      ctx.cached,
      async (request, reply) => {
        const ed = await ctx.edition(config);
        const source = ed.sourceBySlug.get(request.params.source);
        if (!source) return ctx.sendError(reply, ed, 404);
        const page = await listSiteArticles(store, { sourceIds: [source.id] }, { limit: FEED_SIZE });
        return sendFeed(
          reply,
          kind,
          feedModel(
            ed,
            `${source.name} — ${config.name}`,
            paths.source(config, source.slug),
            kind,
            articleCards(page.items, ed, site.timezone),
          ),
        );
      },
    );
  }
}
