// What every page of the site reads besides its own rows: the editions
// resolved against the current sources, their categories and counts, the
// headline ticker, the home's sections, and the frame (header, ticker,
// navigation) every page sits in. Built once when the site is registered and
// handed to each page module (./pages/*), to search and to the console.
import type { FastifyReply, RouteShorthandOptions } from 'fastify';
import {
  articleCategories,
  listSiteArticles,
  readSiteVersion,
  type SiteArticleSummary,
  type SiteSource,
  type Store,
  siteSources,
  sourceArticleCounts,
} from '../../store/index.ts';
import type { EditionConfig, SiteConfig } from '../site-config.ts';
import { SITE_CSS } from './assets.ts';
import type { Chrome } from './layout.ts';
import { errorPage } from './templates.ts';
import { HTML } from './pages/reply.ts';
import { categorySlug, editionBase, paths } from './paths.ts';
import { summariesOnePerStory } from './stories.ts';
import { type ArticleCard, articleCards, type CategoryLink, type Edition, resolveEdition } from './views.ts';

const TICKER_SIZE = 40;
const HOME_SECTIONS = 6;
const SECTION_SIZE = 4;
const NAV_CATEGORIES = 6;

// The page cache (another module) keys on this; a cast, not a type augmentation,
// so that its own declaration of the option stays the one that counts.
const CACHED = { config: { pageCache: true } } as unknown as RouteShorthandOptions;

export interface CategoryGroup extends CategoryLink {
  /** The stored spellings that share the slug. */
  raw: string[];
  count: number;
}

/** The latest articles of an edition, one per story, and their cards. */
export interface Ticker {
  items: SiteArticleSummary[];
  cards: ArticleCard[];
}

/** One of the home's sections: the latest articles of a main category. */
export interface HomeSection {
  category: CategoryGroup;
  items: ArticleCard[];
}

export interface SourceLink {
  name: string;
  url: string;
  count: number;
}

/**
 * The site's shared pieces, for the page modules (each keeps its routes in
 * its own file and gets this object).
 */
export interface SiteContext {
  site: SiteConfig;
  store: Store;
  /** Every edition, resolved against the current sources. */
  editions(): Promise<Edition[]>;
  edition(config: EditionConfig): Promise<Edition>;
  /** The edition's categories, most used first (spellings that share a slug merged). */
  categories(ed: Edition): Promise<CategoryGroup[]>;
  /** The edition's sources with their article counts, for the home and the sources page. */
  sourceList(ed: Edition): Promise<SourceLink[]>;
  ticker(ed: Edition): Promise<Ticker>;
  homeSections(ed: Edition): Promise<HomeSection[]>;
  /** The frame of every page of an edition: header, ticker, navigation. */
  chrome(ed: Edition, ticker?: ArticleCard[]): Promise<Chrome>;
  /** Sends the edition's error page with its status; returns the body. */
  sendError(reply: FastifyReply, ed: Edition, status: 400 | 404): Promise<string>;
  /** The image report forms' CSRF token now; empty when pages carry no token. */
  reportToken(): string;
  /** Route options that put an answer in the page cache. */
  cached: RouteShorthandOptions;
}

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

export function createSiteContext(store: Store, site: SiteConfig, reportToken?: () => string): SiteContext {
  const sources = memo(5_000, () => siteSources(store));
  const categoriesOf = new Map<string, () => Promise<CategoryGroup[]>>();
  const countsOf = new Map<string, () => Promise<Map<number, number>>>();

  // One Edition per read of the sources (kept 5 s) rather than one per
  // page: its lists and maps were made again for every request.
  const resolved = new WeakMap<SiteSource[], Map<EditionConfig, Edition>>();
  function resolve(config: EditionConfig, all: SiteSource[]): Edition {
    let byConfig = resolved.get(all);
    if (!byConfig) {
      byConfig = new Map();
      resolved.set(all, byConfig);
    }
    let ed = byConfig.get(config);
    if (!ed) {
      ed = resolveEdition(config, all);
      byConfig.set(config, ed);
    }
    return ed;
  }

  async function editions(): Promise<Edition[]> {
    const all = await sources();
    return site.editions.map((e) => resolve(e, all));
  }
  async function edition(config: EditionConfig): Promise<Edition> {
    return resolve(config, await sources());
  }

  function categories(ed: Edition): Promise<CategoryGroup[]> {
    let load = categoriesOf.get(ed.config.prefix);
    if (!load) {
      load = memo(60_000, async () => {
        const current = await edition(ed.config);
        const groups = new Map<string, CategoryGroup>();
        for (const { category, count } of await articleCategories(store, current.sourceIds)) {
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
      load = memo(60_000, async () => sourceArticleCounts(store, (await edition(ed.config)).sourceIds));
      countsOf.set(ed.config.prefix, load);
    }
    return load();
  }

  async function sourceList(ed: Edition): Promise<SourceLink[]> {
    const n = await counts(ed);
    return ed.sources.map((s) => ({
      name: s.name,
      url: paths.source(ed.config, s.slug),
      count: n.get(s.id) ?? 0,
    }));
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
  const tickers = new Map<string, { version: number; ticker: Promise<Ticker> }>();
  async function ticker(ed: Edition): Promise<Ticker> {
    const v = await siteVersion();
    const held = tickers.get(ed.config.prefix);
    if (held && held.version === v && v !== -1) return held.ticker;
    // A story shows once (its latest article), not five near-identical
    // headlines: twice the rows are read to fill the ticker after that.
    const loaded = listSiteArticles(store, { sourceIds: ed.sourceIds }, { limit: TICKER_SIZE * 2 }).then(
      (p) => {
        const items = summariesOnePerStory(p.items).slice(0, TICKER_SIZE);
        return { items, cards: articleCards(items, ed, site.timezone) };
      },
    );
    tickers.set(ed.config.prefix, { version: v, ticker: loaded });
    loaded.catch(() => tickers.delete(ed.config.prefix));
    return loaded;
  }

  // The home's sections (the latest of each main category) likewise: the
  // same for every reader until articles land, and six lists to read.
  const sectionsOf = new Map<string, { version: number; sections: Promise<HomeSection[]> }>();
  async function homeSections(ed: Edition): Promise<HomeSection[]> {
    const v = await siteVersion();
    const held = sectionsOf.get(ed.config.prefix);
    if (held && held.version === v && v !== -1) return held.sections;
    const sections = (async () => {
      const cats = (await categories(ed)).slice(0, HOME_SECTIONS);
      return Promise.all(
        cats.map(async (c) => ({
          category: c,
          items: articleCards(
            summariesOnePerStory(
              (
                await listSiteArticles(
                  store,
                  { sourceIds: ed.sourceIds, categories: c.raw },
                  { limit: SECTION_SIZE * 2 },
                )
              ).items,
            ).slice(0, SECTION_SIZE),
            ed,
            site.timezone,
          ),
        })),
      );
    })();
    sectionsOf.set(ed.config.prefix, { version: v, sections });
    sections.catch(() => sectionsOf.delete(ed.config.prefix));
    return sections;
  }

  // The same arrays from one refresh to the next, so that the page's top
  // (layout.ts, pageTop) is known by them without comparing their contents.
  const othersOf = new Map<EditionConfig, Chrome['others']>();
  const navOf = new WeakMap<CategoryGroup[], CategoryGroup[]>();

  async function chrome(ed: Edition, tickerCards?: ArticleCard[]): Promise<Chrome> {
    const [cats, tickerItems] = await Promise.all([
      categories(ed),
      tickerCards ? Promise.resolve(tickerCards) : ticker(ed).then((t) => t.cards),
    ]);
    let others = othersOf.get(ed.config);
    if (!others) {
      others = site.editions
        .filter((o) => o !== ed.config)
        .map((o) => ({ name: o.name, language: o.language, url: editionBase(o) }));
      othersOf.set(ed.config, others);
    }
    let nav = navOf.get(cats);
    if (!nav) {
      nav = cats.slice(0, NAV_CATEGORIES);
      navOf.set(cats, nav);
    }
    return {
      site,
      edition: ed,
      others,
      ticker: tickerItems,
      categories: nav,
      cssPath: SITE_CSS.path,
    };
  }

  async function sendError(reply: FastifyReply, ed: Edition, status: 400 | 404): Promise<string> {
    reply.code(status).type(HTML);
    return errorPage(await chrome(ed), status);
  }

  return {
    site,
    store,
    editions,
    edition,
    categories,
    sourceList,
    ticker,
    homeSections,
    chrome,
    sendError,
    reportToken: () => reportToken?.() ?? '',
    cached: CACHED,
  };
}
