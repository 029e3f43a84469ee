// What search engines read: robots.txt, the sitemap index (/sitemap.xml, one
// sitemap per day), each day's sitemap and the news sitemap of the last 48
// hours (/sitemaps/<day>.xml, /sitemaps/news.xml).
import type { FastifyInstance } from 'fastify';
import { publishedBetween, publishedRange } from '../../../store/index.ts';
import type { SiteContext } from '../context.ts';
import { dayBounds, isDay, localDay, previousDay } from '../dates.ts';
import { daySitemap, newsSitemap, robotsTxt, sitemapIndex } from '../feeds-out.ts';
import { paths } from '../paths.ts';
import type { Edition } from '../views.ts';
import { TEXT, XML } from './reply.ts';

const SITEMAP_DAYS = 1000;
/** The sitemaps protocol's limit of URLs in one file. */
const SITEMAP_MAX = 50_000;
/** Google News reads at most 1000 URLs from a news sitemap. */
const NEWS_MAX = 1000;

export function registerSitemaps(app: FastifyInstance, ctx: SiteContext): void {
  const { site, store } = ctx;

  app.get('/robots.txt', ctx.cached, async (_request, reply) => {
    reply.type(TEXT);
    return robotsTxt(site);
  });

  /** The edition that shows a source's articles: the first that has it. */
  async function editionBySource(): Promise<Map<number, Edition>> {
    const map = new Map<number, Edition>();
    for (const ed of await ctx.editions()) for (const s of ed.sources) if (!map.has(s.id)) map.set(s.id, ed);
    return map;
  }

  app.get('/sitemap.xml', ctx.cached, async (_request, reply) => {
    const range = await publishedRange(store);
    const days: string[] = [];
    if (range) {
      const first = localDay(range.first, site.timezone);
      for (
        let d = localDay(range.last, site.timezone);
        d >= first && days.length < SITEMAP_DAYS;
        d = previousDay(d)
      )
        days.push(d);
    }
    reply.type(XML);
    return sitemapIndex(site, days);
  });

  app.get<{ Params: { file: string } }>('/sitemaps/:file', ctx.cached, async (request, reply) => {
    const file = request.params.file;
    const bySource = await editionBySource();
    const url = (sourceId: number, id: number): { ed: Edition; loc: string } | null => {
      const ed = bySource.get(sourceId);
      const source = ed?.sourceById.get(sourceId);
      return ed && source ? { ed, loc: site.baseUrl + paths.article(ed.config, source.slug, id) } : null;
    };
    if (file === 'news.xml') {
      const now = Date.now();
      const rows = await publishedBetween(
        store,
        new Date(now - 48 * 3_600_000).toISOString(),
        '9999-12-31T00:00:00.000Z',
        NEWS_MAX,
        true,
      );
      const urls = rows.flatMap((r) => {
        const u = url(r.sourceId, r.id);
        return u
          ? [
              {
                loc: u.loc,
                publication: u.ed.config.name,
                language: u.ed.config.language,
                published: r.publishedAt,
                title: r.title,
              },
            ]
          : [];
      });
      reply.type(XML);
      return newsSitemap(urls);
    }
    const m = /^(\d{4}-\d{2}-\d{2})\.xml$/.exec(file);
    const bounds = m?.[1] && isDay(m[1]) ? dayBounds(m[1], site.timezone) : null;
    if (!bounds) {
      reply.code(404).type(TEXT);
      return `no sitemap ${file}\n`;
    }
    const rows = await publishedBetween(store, bounds.from, bounds.to, SITEMAP_MAX);
    const urls = rows.flatMap((r) => {
      const u = url(r.sourceId, r.id);
      return u ? [{ loc: u.loc, lastmod: r.updatedAt }] : [];
    });
    reply.type(XML);
    return daySitemap(urls);
  });
}
