// The reader's site as a Fastify plugin: the pages of every edition, the
// feeds out, the sitemaps, robots.txt and the stylesheet. Handlers only read
// the store and hand rows to the view models and templates (pure), so what a
// page shows is tested without a server and the routes stay thin.
//
// Every cacheable answer is marked `config: { pageCache: true }` for the page
// cache (registerPageCache, another module), and names its charset.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import {
  decodeCursor,
  encodeCursor,
  findArticleTakedown,
  readSiteVersion,
  type SiteArticleSummary,
  SiteQueries,
  type Store,
} from '../../store/index.ts';
import { withdrawnPage } from '../admin/withdrawn.ts';
import type { EditionConfig, SiteConfig } from '../site-config.ts';
import { ASSETS, SITE_CSS } from './assets.ts';
import { dayBounds, isDay, localDay, previousDay } from './dates.ts';
import {
  atomFeed,
  daySitemap,
  type FeedModel,
  newsSitemap,
  robotsTxt,
  rssFeed,
  sitemapIndex,
} from './feeds-out.ts';
import { html } from '../html.ts';
import type { Chrome } from './layout.ts';
import { articlePage, errorPage, homePage, listPage, sourcesPage } from './pages.ts';
import { articleCoverage, homeStories, summariesOnePerStory } from './stories.ts';
import { categorySlug, editionBase, paths } from './paths.ts';
import {
  type ArticleCard,
  articleCards,
  articleView,
  type CategoryLink,
  type Edition,
  resolveEdition,
} from './views.ts';

export interface SiteOptions {
  store: Store;
  config: SiteConfig;
  /** The image report forms' CSRF token now (src/moderation); none: pages carry no token. */
  reportToken?: () => string;
}

export interface SiteHandle {
  /** The HTML 404 page for a URL of the site, or null for a URL that is not the site's (the API). */
  notFoundPage(url: string): Promise<string | null>;
  /** What other page modules (search, stories, reports, ...) need to render pages in the site's frame. */
  context: SiteContext;
}

/**
 * The site's shared pieces, for page modules registered beside this one
 * (each feature keeps its routes in its own file and gets this object).
 */
export interface SiteContext {
  site: SiteConfig;
  store: Store;
  queries: SiteQueries;
  /** Every edition, resolved against the current sources. */
  editions(): Promise<Edition[]>;
  edition(config: EditionConfig): Promise<Edition>;
  /** The frame of every page of an edition: header, ticker, navigation. */
  chrome(ed: Edition, ticker?: ArticleCard[]): Promise<Chrome>;
  /** Sends the edition's error page with its status; returns the body. */
  sendError(reply: FastifyReply, ed: Edition, status: 400 | 404): Promise<string>;
  /** Route options that put an answer in the page cache. */
  cached: RouteShorthandOptions;
}

const HTML = 'text/html; charset=utf-8';
const RSS = 'application/rss+xml; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';
const XML = 'application/xml; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

const PAGE_SIZE = 20;
const TICKER_SIZE = 40;
const FEED_SIZE = 50;
const HOME_SECTIONS = 6;
const SECTION_SIZE = 4;
const NAV_CATEGORIES = 6;
const READ_ALSO = 5;
const SITEMAP_DAYS = 1000;
const SITEMAP_MAX = 50_000;
const NEWS_MAX = 1000;

// The page cache (another module) keys on this; a cast, not a type augmentation,
// so that its own declaration of the option stays the one that counts.
const CACHED = { config: { pageCache: true } } as unknown as RouteShorthandOptions;

/** Remembers a value for `ttlMs`: sources and counts change slowly, and pages ask for them often. */
function memo<T>(ttlMs: number, load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  let at = 0;
  return () => {
    const now = Date.now();
    if (!value || now - at > ttlMs) {
      at = now;
      value = load().catch((err) => {
        value = null;
        throw err;
      });
    }
    return value;
  };
}

interface CategoryGroup extends CategoryLink {
  /** The stored spellings that share the slug. */
  raw: string[];
  count: number;
}

export async function registerSite(
  app: FastifyInstance,
  { store, config: site, reportToken }: SiteOptions,
): Promise<SiteHandle> {
  const q = new SiteQueries(store.db, store.dialect);
  const sources = memo(5_000, () => q.sources());
  const categoriesOf = new Map<string, () => Promise<CategoryGroup[]>>();
  const countsOf = new Map<string, () => Promise<Map<number, number>>>();

  async function editions(): Promise<Edition[]> {
    const all = await sources();
    return site.editions.map((e) => resolveEdition(e, all));
  }
  async function edition(config: EditionConfig): Promise<Edition> {
    return resolveEdition(config, await sources());
  }

  function categories(ed: Edition): Promise<CategoryGroup[]> {
    let load = categoriesOf.get(ed.config.prefix);
    if (!load) {
      load = memo(60_000, async () => {
        const current = await edition(ed.config);
        const groups = new Map<string, CategoryGroup>();
        for (const { category, count } of await q.categories(current.sourceIds)) {
          const slug = categorySlug(category);
          if (!slug) continue;
          const g = groups.get(slug);
          if (g) {
            g.raw.push(category);
            g.count += count;
          } else {
            groups.set(slug, {
              name: category,
              slug,
              url: paths.category(ed.config, slug),
              raw: [category],
              count,
            });
          }
        }
        return [...groups.values()].sort((a, b) => b.count - a.count);
      });
      categoriesOf.set(ed.config.prefix, load);
    }
    return load();
  }

  function counts(ed: Edition): Promise<Map<number, number>> {
    let load = countsOf.get(ed.config.prefix);
    if (!load) {
      load = memo(60_000, async () => q.sourceCounts((await edition(ed.config)).sourceIds));
      countsOf.set(ed.config.prefix, load);
    }
    return load();
  }

  // The ticker is the same on every page of an edition until articles land:
  // read once per site version (a one-row table, read at most once a
  // second), not once per page.
  let versionAt = 0;
  let version: Promise<number> | null = null;
  const siteVersion = (): Promise<number> => {
    if (!version || Date.now() - versionAt > 1000) {
      versionAt = Date.now();
      version = readSiteVersion(store).catch(() => -1);
    }
    return version;
  };
  // The cards too (dates in the site's zone, shortened summaries): formatting
  // 40 of them cost more than the page's own queries.
  type Ticker = { items: SiteArticleSummary[]; cards: ArticleCard[] };
  const tickers = new Map<string, { version: number; ticker: Promise<Ticker> }>();
  async function tickerOf(ed: Edition): Promise<Ticker> {
    const v = await siteVersion();
    const held = tickers.get(ed.config.prefix);
    if (held && held.version === v && v !== -1) return held.ticker;
    // A story shows once (its latest article), not five near-identical
    // headlines: twice the rows are read to fill the ticker after that.
    const ticker = q.latest(ed.sourceIds, TICKER_SIZE * 2).then((p) => {
      const items = summariesOnePerStory(p.items).slice(0, TICKER_SIZE);
      return { items, cards: articleCards(items, ed, site.timezone) };
    });
    tickers.set(ed.config.prefix, { version: v, ticker });
    ticker.catch(() => tickers.delete(ed.config.prefix));
    return ticker;
  }

  // The home's sections (the latest of each main category) likewise: the
  // same for every reader until articles land, and six lists to read.
  type Section = { category: CategoryGroup; items: ArticleCard[] };
  const homeSections = new Map<string, { version: number; sections: Promise<Section[]> }>();
  async function sectionsOf(ed: Edition): Promise<Section[]> {
    const v = await siteVersion();
    const held = homeSections.get(ed.config.prefix);
    if (held && held.version === v && v !== -1) return held.sections;
    const sections = (async () => {
      const cats = (await categories(ed)).slice(0, HOME_SECTIONS);
      return Promise.all(
        cats.map(async (c) => ({
          category: c,
          items: articleCards(
            summariesOnePerStory((await q.byCategory(c.raw, ed.sourceIds, SECTION_SIZE * 2)).items).slice(
              0,
              SECTION_SIZE,
            ),
            ed,
            site.timezone,
          ),
        })),
      );
    })();
    homeSections.set(ed.config.prefix, { version: v, sections });
    sections.catch(() => homeSections.delete(ed.config.prefix));
    return sections;
  }

  async function chrome(ed: Edition, ticker?: ArticleCard[]): Promise<Chrome> {
    const [cats, tickerItems] = await Promise.all([
      categories(ed),
      ticker ? Promise.resolve(ticker) : tickerOf(ed).then((t) => t.cards),
    ]);
    return {
      site,
      edition: ed,
      others: site.editions
        .filter((o) => o !== ed.config)
        .map((o) => ({ name: o.name, language: o.language, url: editionBase(o) })),
      ticker: tickerItems,
      categories: cats.slice(0, NAV_CATEGORIES),
      cssPath: SITE_CSS.path,
    };
  }

  async function sendError(reply: FastifyReply, ed: Edition, status: 400 | 404): Promise<string> {
    reply.code(status).type(HTML);
    return errorPage(await chrome(ed), status);
  }

  const sendHtml = (reply: FastifyReply, body: string) => {
    reply.type(HTML);
    return body;
  };

  /** The ?avant= cursor: undefined when absent, null when it is not one of ours. */
  function cursorOf(request: FastifyRequest): string | undefined | null {
    const raw = (request.query as Record<string, unknown>).avant;
    if (raw === undefined) return undefined;
    return typeof raw === 'string' && raw.length < 200 && decodeCursor(raw) ? raw : null;
  }

  async function sourceList(ed: Edition) {
    const n = await counts(ed);
    return ed.sources.map((s) => ({
      name: s.name,
      url: paths.source(ed.config, s.slug),
      count: n.get(s.id) ?? 0,
    }));
  }

  function feedModel(
    ed: Edition,
    title: string,
    pagePath: string,
    kind: 'rss' | 'atom',
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

  function sendFeed(reply: FastifyReply, kind: 'rss' | 'atom', model: FeedModel): string {
    reply.type(kind === 'rss' ? RSS : ATOM);
    return kind === 'rss' ? rssFeed(model) : atomFeed(model);
  }

  // ── The pages of each edition ──────────────────────────────────────────
  for (const config of site.editions) {
    const base = editionBase(config);
    if (config.prefix !== '/') {
      app.get(config.prefix, async (request, reply) => {
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        return reply.redirect(base + query, 301);
      });
    }

    app.get(base, CACHED, async (request, reply) => {
      const ed = await edition(config);
      const before = cursorOf(request);
      if (before === null) return sendError(reply, ed, 400);
      if (before !== undefined) {
        const page = await q.latest(ed.sourceIds, PAGE_SIZE, before);
        return sendHtml(
          reply,
          listPage(await chrome(ed), {
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
      const { items: latestItems, cards: ticker } = await tickerOf(ed);
      const sections = await sectionsOf(ed);
      const first = latestItems.slice(0, PAGE_SIZE);
      const last = first[first.length - 1];
      const next = latestItems.length > PAGE_SIZE && last ? encodeCursor(last.publishedAt, last.id) : null;
      return sendHtml(
        reply,
        homePage(await chrome(ed, ticker), {
          latest: ticker.slice(0, PAGE_SIZE),
          next,
          sections,
          sources: await sourceList(ed),
          stories: await homeStories({ store, site }, ed),
        }),
      );
    });

    app.get(`${base}sources`, CACHED, async (_request, reply) => {
      const ed = await edition(config);
      return sendHtml(reply, sourcesPage(await chrome(ed), await sourceList(ed)));
    });

    for (const kind of ['rss', 'atom'] as const) {
      app.get(`${base}${kind}.xml`, CACHED, async (_request, reply) => {
        const ed = await edition(config);
        const page = await q.latest(ed.sourceIds, FEED_SIZE);
        return sendFeed(
          reply,
          kind,
          feedModel(ed, config.name, base, kind, articleCards(page.items, ed, site.timezone)),
        );
      });

      app.get<{ Params: { slug: string } }>(
        `${base}categorie/:slug/${kind}.xml`,
        CACHED,
        async (request, reply) => {
          const ed = await edition(config);
          const cat = (await categories(ed)).find((c) => c.slug === request.params.slug);
          if (!cat) return sendError(reply, ed, 404);
          const page = await q.byCategory(cat.raw, ed.sourceIds, FEED_SIZE);
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
        CACHED,
        async (request, reply) => {
          const ed = await edition(config);
          const source = ed.sourceBySlug.get(request.params.source);
          if (!source) return sendError(reply, ed, 404);
          const page = await q.bySource(source.id, FEED_SIZE);
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

    app.get<{ Params: { slug: string } }>(`${base}categorie/:slug`, CACHED, async (request, reply) => {
      const ed = await edition(config);
      const before = cursorOf(request);
      if (before === null) return sendError(reply, ed, 400);
      const cat = (await categories(ed)).find((c) => c.slug === request.params.slug);
      if (!cat) return sendError(reply, ed, 404);
      const page = await q.byCategory(cat.raw, ed.sourceIds, PAGE_SIZE, before);
      return sendHtml(
        reply,
        listPage(await chrome(ed), {
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
    });

    app.get<{ Params: { name: string } }>(`${base}auteur/:name`, CACHED, async (request, reply) => {
      const ed = await edition(config);
      const before = cursorOf(request);
      if (before === null) return sendError(reply, ed, 400);
      const name = request.params.name;
      const page = name.length <= 200 ? await q.byAuthor(name, ed.sourceIds, PAGE_SIZE, before) : null;
      if (!page || (!page.items.length && before === undefined)) return sendError(reply, ed, 404);
      return sendHtml(
        reply,
        listPage(await chrome(ed), {
          heading: `${ed.words.author} ${name}`,
          pagePath: paths.author(config, name),
          items: articleCards(page.items, ed, site.timezone),
          next: page.next,
          paged: before !== undefined,
          description: `${ed.words.author} ${name} — ${config.name}`,
          ownFeeds: false,
        }),
      );
    });

    app.get<{ Params: { day: string } }>(`${base}archives/:day`, CACHED, async (request, reply) => {
      const ed = await edition(config);
      const before = cursorOf(request);
      if (before === null) return sendError(reply, ed, 400);
      const day = request.params.day;
      const bounds = dayBounds(day, site.timezone);
      if (!bounds) return sendError(reply, ed, 404);
      const page = await q.byDay(bounds, ed.sourceIds, PAGE_SIZE, before);
      const shown = `${day.slice(8, 10)} - ${day.slice(5, 7)} - ${day.slice(0, 4)}`;
      return sendHtml(
        reply,
        listPage(await chrome(ed), {
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
    });

    app.get<{ Params: { source: string } }>(`${base}:source`, CACHED, async (request, reply) => {
      const ed = await edition(config);
      const source = ed.sourceBySlug.get(request.params.source);
      if (!source) return sendError(reply, ed, 404);
      const before = cursorOf(request);
      if (before === null) return sendError(reply, ed, 400);
      const page = await q.bySource(source.id, PAGE_SIZE, before);
      const homepage = /^https?:\/\//.test(source.homepage) ? source.homepage : null;
      return sendHtml(
        reply,
        listPage(await chrome(ed), {
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
    });

    app.get<{ Params: { source: string; id: string } }>(
      `${base}:source/:id`,
      CACHED,
      async (request, reply) => {
        const ed = await edition(config);
        const { id: rawId, source: slug } = request.params;
        const id = Number(rawId);
        if (!/^[1-9]\d{0,14}$/.test(rawId) || !Number.isSafeInteger(id)) return sendError(reply, ed, 404);
        const article = await q.article(id);
        if (!article) {
          // Only a missing article pays for the takedown lookup: 410 when withdrawn at the publisher's request.
          if (!(await findArticleTakedown(store, id))) return sendError(reply, ed, 404);
          reply.code(410).type(HTML);
          return withdrawnPage(await chrome(ed));
        }
        if (!ed.sourceById.has(article.source.id)) return sendError(reply, ed, 404);
        if (article.source.slug !== slug)
          return reply.redirect(paths.article(config, article.source.slug, id), 301);
        const readAlso = await q.readAlso(article, READ_ALSO, ed.sourceIds);
        const view = articleView(article, readAlso, ed, site, reportToken?.() ?? '');
        view.coverage = await articleCoverage({ store, site }, article, ed);
        return sendHtml(reply, articlePage(await chrome(ed), view));
      },
    );
  }

  // ── Site-wide ────────────────────────────────────────────────────────
  if (!site.editions.some((e) => e.prefix === '/')) {
    const first = site.editions[0];
    app.get('/', async (_request, reply) =>
      reply.redirect(first ? editionBase(first) : '/api/v1/sources', 302),
    );
  }

  app.get('/robots.txt', CACHED, async (_request, reply) => {
    reply.type(TEXT);
    return robotsTxt(site);
  });

  /** The edition that shows a source's articles: the first that has it. */
  async function editionBySource(): Promise<Map<number, Edition>> {
    const map = new Map<number, Edition>();
    for (const ed of await editions()) for (const s of ed.sources) if (!map.has(s.id)) map.set(s.id, ed);
    return map;
  }

  app.get('/sitemap.xml', CACHED, async (_request, reply) => {
    const range = await q.publishedRange();
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

  app.get<{ Params: { file: string } }>('/sitemaps/:file', CACHED, async (request, reply) => {
    const file = request.params.file;
    const bySource = await editionBySource();
    const url = (sourceId: number, id: number): { ed: Edition; loc: string } | null => {
      const ed = bySource.get(sourceId);
      const source = ed?.sourceById.get(sourceId);
      return ed && source ? { ed, loc: site.baseUrl + paths.article(ed.config, source.slug, id) } : null;
    };
    if (file === 'news.xml') {
      const now = Date.now();
      const rows = await q.published(
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
    const rows = await q.published(bounds.from, bounds.to, SITEMAP_MAX);
    const urls = rows.flatMap((r) => {
      const u = url(r.sourceId, r.id);
      return u ? [{ loc: u.loc, lastmod: r.updatedAt }] : [];
    });
    reply.type(XML);
    return daySitemap(urls);
  });

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

  return {
    context: { site, store, queries: q, editions, edition, chrome, sendError, cached: CACHED },
    async notFoundPage(url: string): Promise<string | null> {
      const path = url.split('?')[0] ?? '/';
      if (/^\/(api|healthz|metrics|img|static|sitemaps)(\/|$)/.test(path)) return null;
      const match =
        site.editions
          .filter((e) => e.prefix !== '/' && (path === e.prefix || path.startsWith(`${e.prefix}/`)))
          .sort((a, b) => b.prefix.length - a.prefix.length)[0] ??
        site.editions.find((e) => e.prefix === '/') ??
        site.editions[0];
      if (!match) return null;
      return errorPage(await chrome(await edition(match)), 404);
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
