// Search: the pages /<edition>/recherche?q=… (in the site's frame) and their
// RSS feed /<edition>/recherche.rss?q=…; GET /api/v1/search (src/web/api/search.ts)
// reads its parameters with readSearchParams too. Not page-cached (one entry
// per query would be an unbounded cache); each answer is one bounded index
// query (src/store/search) plus one read of the page's articles.
import type { FastifyInstance } from 'fastify';
import {
  decodeSearchCursor,
  highlight,
  type ParsedQuery,
  parseQuery,
  QueryError,
  type SearchProblem,
  type SearchSort,
  snippet,
} from '../../search/index.ts';
import { type SearchHitRow, searchArticles, searchHits } from '../../store/index.ts';
import type { EditionConfig } from '../site-config.ts';
import { dayBounds, isDay } from './dates.ts';
import { type FeedModel, rssFeed } from './feeds-out.ts';
import { type Html, html, trustedHtml } from '../html.ts';
import { type Chrome, layout, type PageMeta } from './layout.ts';
import { categorySlug, editionBase, paths } from './paths.ts';
import type { SiteContext } from './context.ts';
import { type ArticleCard, articleCard, type Edition } from './views.ts';

const PAGE_SIZE = 20;
const FEED_SIZE = 50;

const WORDS = {
  fr: {
    title: 'Recherche',
    resultsFor: 'Résultats pour',
    source: 'Source',
    anySource: 'Toutes les sources',
    category: 'Catégorie',
    from: 'Du',
    to: 'Au',
    sort: 'Trier par',
    relevance: 'pertinence',
    date: 'date',
    submit: 'Rechercher',
    none: 'Aucun article ne correspond à cette recherche.',
    more: 'Résultats suivants',
    first: 'Premiers résultats',
    feed: 'Flux RSS de cette recherche',
    prompt: 'Tapez un ou plusieurs mots ; "des guillemets" pour une expression exacte.',
    problem: (p: SearchProblem): string => {
      switch (p.kind) {
        case 'empty':
        case 'no_words':
          return 'Tapez un ou plusieurs mots à chercher.';
        case 'too_long':
          return `Cette recherche fait ${p.length} caractères ; ${p.max} au plus.`;
        case 'long_phrase':
          return `L’expression « ${p.phrase} » a ${p.words} mots ; ${p.max} au plus.`;
        case 'too_many':
          return `Cette recherche a ${p.count} mots ou expressions ; ${p.max} au plus.`;
        case 'source':
          return `Aucune source « ${p.value} » ici.`;
        case 'category':
          return `« ${p.value} » n’est pas une rubrique.`;
        case 'day':
          return `« ${p.value} » n’est pas une date (AAAA-MM-JJ).`;
        case 'order':
          return `La date de fin (${p.to}) précède celle de début (${p.from}).`;
        case 'sort':
          return 'Le tri est par pertinence ou par date.';
        case 'cursor':
        case 'feed_cursor':
          return 'Cette page de résultats n’existe plus : reprenez depuis la première.';
        default:
          return 'Cette recherche n’est pas valide.';
      }
    },
  },
  ar: {
    title: 'بحث',
    resultsFor: 'نتائج البحث عن',
    source: 'المصدر',
    anySource: 'كل المصادر',
    category: 'القسم',
    from: 'من',
    to: 'إلى',
    sort: 'الترتيب حسب',
    relevance: 'الأهمية',
    date: 'التاريخ',
    submit: 'بحث',
    none: 'لا توجد مقالات مطابقة لهذا البحث.',
    more: 'النتائج التالية',
    first: 'النتائج الأولى',
    feed: 'خلاصة RSS لهذا البحث',
    prompt: 'اكتب كلمة أو أكثر، وضع العبارة بين "علامتي تنصيص" للبحث عنها كما هي.',
    problem: (p: SearchProblem): string => {
      switch (p.kind) {
        case 'empty':
        case 'no_words':
          return 'اكتب كلمة أو أكثر للبحث عنها.';
        case 'too_long':
          return `طول هذا البحث ${p.length} حرفًا، والحد الأقصى ${p.max}.`;
        case 'long_phrase':
          return `العبارة «${p.phrase}» فيها ${p.words} كلمة، والحد الأقصى ${p.max}.`;
        case 'too_many':
          return `في هذا البحث ${p.count} كلمة أو عبارة، والحد الأقصى ${p.max}.`;
        case 'source':
          return `لا يوجد مصدر «${p.value}» هنا.`;
        case 'category':
          return `«${p.value}» ليس قسمًا.`;
        case 'day':
          return `«${p.value}» ليس تاريخًا (سنة-شهر-يوم).`;
        case 'order':
          return `تاريخ النهاية (${p.to}) قبل تاريخ البداية (${p.from}).`;
        case 'sort':
          return 'الترتيب حسب الأهمية أو حسب التاريخ.';
        case 'cursor':
        case 'feed_cursor':
          return 'صفحة النتائج هذه لم تعد موجودة: ابدأ من الأولى.';
        default:
          return 'هذا البحث غير صالح.';
      }
    },
  },
} as const;

/** A search as the reader asked for it, checked. */
export interface SearchParams {
  q: string;
  query: ParsedQuery;
  source: string | null;
  category: string | null;
  from: string | null;
  to: string | null;
  sort: SearchSort;
  cursor: string | null;
}

/** Thrown for a parameter that is wrong: the answer is a 400 naming it. */
export class SearchParamError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly problem: SearchProblem,
  ) {
    super(message);
  }
}

function one(raw: unknown, field: string): string | null {
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string')
    throw new SearchParamError(field, `${field} is given more than once`, { kind: 'repeated', field });
  return raw;
}

/**
 * Reads a search's parameters. `names` maps each to its name in the URL
 * (French on the site, English in the API).
 */
export function readSearchParams(
  query: Record<string, unknown>,
  names: { category: string; from: string; to: string; sort: string; cursor: string; relevance: string },
): SearchParams {
  const q = one(query.q, 'q') ?? '';
  let parsed: ParsedQuery;
  try {
    parsed = parseQuery(q);
  } catch (err) {
    if (err instanceof QueryError) throw new SearchParamError('q', err.message, err.problem);
    throw err;
  }
  const source = one(query.source, 'source');
  if (source !== null && !/^[a-z0-9-]{1,64}$/.test(source)) {
    throw new SearchParamError('source', `source "${source.slice(0, 80)}" is not a source slug`, {
      kind: 'source',
      value: source.slice(0, 80),
    });
  }
  const category = one(query[names.category], names.category);
  if (category !== null && (category.length > 80 || categorySlug(category) === null)) {
    throw new SearchParamError(
      names.category,
      `${names.category} "${category.slice(0, 80)}" is not a category`,
      { kind: 'category', value: category.slice(0, 80) },
    );
  }
  const from = one(query[names.from], names.from);
  const to = one(query[names.to], names.to);
  for (const [field, v] of [
    [names.from, from],
    [names.to, to],
  ] as const) {
    if (v !== null && !isDay(v))
      throw new SearchParamError(field, `${field} "${v.slice(0, 40)}" is not a day (YYYY-MM-DD)`, {
        kind: 'day',
        field,
        value: v.slice(0, 40),
      });
  }
  if (from && to && from > to)
    throw new SearchParamError(names.to, `${names.to} (${to}) is before ${names.from} (${from})`, {
      kind: 'order',
      from,
      to,
    });
  const rawSort = one(query[names.sort], names.sort);
  let sort: SearchSort = 'relevance';
  if (rawSort === 'date') sort = 'date';
  else if (rawSort !== null && rawSort !== names.relevance) {
    throw new SearchParamError(
      names.sort,
      `${names.sort} is "${names.relevance}" or "date", not "${rawSort.slice(0, 40)}"`,
      { kind: 'sort', value: rawSort.slice(0, 40) },
    );
  }
  const cursor = one(query[names.cursor], names.cursor);
  if (cursor !== null && (cursor.length > 200 || !decodeSearchCursor(cursor, sort))) {
    throw new SearchParamError(
      names.cursor,
      `${names.cursor} is not a cursor of this search (sorted by ${sort})`,
      { kind: 'cursor' },
    );
  }
  return { q, query: parsed, source, category, from, to, sort, cursor };
}

const SITE_NAMES = {
  category: 'categorie',
  from: 'du',
  to: 'au',
  sort: 'tri',
  cursor: 'avant',
  relevance: 'pertinence',
} as const;

/** The query string of a search page (or its feed), with the cursor of another page. */
function searchHref(path: string, p: SearchParams, cursor: string | null): string {
  const u = new URLSearchParams({ q: p.q });
  if (p.source) u.set('source', p.source);
  if (p.category) u.set(SITE_NAMES.category, p.category);
  if (p.from) u.set(SITE_NAMES.from, p.from);
  if (p.to) u.set(SITE_NAMES.to, p.to);
  if (p.sort === 'date') u.set(SITE_NAMES.sort, 'date');
  if (cursor) u.set(SITE_NAMES.cursor, cursor);
  return `${path}?${u.toString()}`;
}

export interface Found {
  hits: SearchHitRow[];
  next: string | null;
}

/**
 * Runs a search within these sources (all of them when undefined); the
 * source filter must be one of them (else 400). The site's page, its feed
 * and the JSON API all search through here.
 */
export async function runSearch(
  { site, store }: Pick<SiteContext, 'site' | 'store'>,
  p: SearchParams,
  sourceIds: number[] | undefined,
  slugToId: (slug: string) => number | undefined,
  limit: number,
): Promise<Found> {
  let ids = sourceIds;
  if (p.source) {
    const id = slugToId(p.source);
    if (id === undefined)
      throw new SearchParamError('source', `no source with slug "${p.source}"`, {
        kind: 'source',
        value: p.source,
      });
    ids = [id];
  }
  const from = p.from ? dayBounds(p.from, site.timezone)?.from : undefined;
  const to = p.to ? dayBounds(p.to, site.timezone)?.to : undefined;
  const result = await searchArticles(store, {
    query: p.query,
    sort: p.sort,
    limit,
    cursor: p.cursor,
    ...(ids ? { sourceIds: ids } : {}),
    ...(p.category ? { categories: [p.category] } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  });
  return { hits: await searchHits(store, result.ids), next: result.next };
}

export async function registerSearch(app: FastifyInstance, context: SiteContext): Promise<void> {
  const { site } = context;

  function cards(
    ed: Edition,
    hits: SearchHitRow[],
    query: ParsedQuery,
  ): Array<ArticleCard & { titleHtml: Html; snippetHtml: Html | null }> {
    const out = [];
    for (const h of hits) {
      const card = articleCard(
        {
          id: h.id,
          sourceId: h.sourceId,
          title: h.title,
          summary: h.summary,
          publishedAt: h.publishedAt,
          category: h.category,
          author: h.author,
          canonicalUrl: h.canonicalUrl,
          leadImageId: h.leadImageId,
        },
        ed,
        site.timezone,
      );
      if (!card) continue;
      const snip = snippet(h.head || h.summary, query);
      // Both are escaped by highlight/snippet, with <mark> around the matches.
      out.push({
        ...card,
        titleHtml: trustedHtml(highlight(h.title, query)),
        snippetHtml: snip ? trustedHtml(snip) : null,
      });
    }
    return out;
  }

  for (const config of site.editions) {
    const base = editionBase(config);
    const pagePath = `${base}recherche`;
    const words = WORDS[config.language];

    app.get(pagePath, async (request, reply) => {
      const ed = await context.edition(config);
      const chrome = await context.chrome(ed);
      const query = request.query as Record<string, unknown>;
      if (query.q === undefined || query.q === '') {
        reply.type('text/html; charset=utf-8');
        return searchPage(chrome, config, { params: null, raw: query, error: null, found: null, pagePath });
      }
      let params: SearchParams;
      let found: Found;
      try {
        params = readSearchParams(query, SITE_NAMES);
        found = await runSearch(
          context,
          params,
          ed.sourceIds,
          (slug) => ed.sourceBySlug.get(slug)?.id,
          PAGE_SIZE,
        );
      } catch (err) {
        if (!(err instanceof SearchParamError)) throw err;
        reply.code(400).type('text/html; charset=utf-8');
        return searchPage(chrome, config, {
          params: null,
          raw: query,
          error: words.problem(err.problem),
          found: null,
          pagePath,
        });
      }
      reply.type('text/html; charset=utf-8');
      return searchPage(chrome, config, {
        params,
        raw: query,
        error: null,
        found: { items: cards(ed, found.hits, params.query), next: found.next },
        pagePath,
      });
    });

    app.get(`${pagePath}.rss`, async (request, reply) => {
      const ed = await context.edition(config);
      let params: SearchParams;
      let found: Found;
      try {
        params = readSearchParams(request.query as Record<string, unknown>, SITE_NAMES);
        if (params.cursor)
          throw new SearchParamError('avant', 'a feed has no pages: avant is not taken here', {
            kind: 'feed_cursor',
          });
        // A feed follows what is new: newest first, whatever the page's order.
        params = { ...params, sort: 'date' };
        found = await runSearch(
          context,
          params,
          ed.sourceIds,
          (slug) => ed.sourceBySlug.get(slug)?.id,
          FEED_SIZE,
        );
      } catch (err) {
        if (!(err instanceof SearchParamError)) throw err;
        return reply.code(400).type('text/plain; charset=utf-8').send(`${err.field}: ${err.message}\n`);
      }
      const items = cards(ed, found.hits, params.query);
      const pageUrl = site.baseUrl + searchHref(pagePath, params, null);
      const model: FeedModel = {
        title: `${words.title} « ${params.q} » — ${config.name}`,
        description: `${words.resultsFor} « ${params.q} » — ${config.name}`,
        language: config.language,
        pageUrl,
        selfUrl: site.baseUrl + searchHref(`${pagePath}.rss`, params, null),
        items: items.map((c) => ({
          ...c,
          absoluteUrl: site.baseUrl + c.url,
          sourceFeedUrl: site.baseUrl + paths.feed(c.sourceUrl, 'rss'),
        })),
        updated: items[0]?.datetime ?? new Date().toISOString(),
      };
      reply.type('application/rss+xml; charset=utf-8');
      return rssFeed(model);
    });
  }
}

interface PageState {
  params: SearchParams | null;
  /** The raw query, to fill the form again after an error. */
  raw: Record<string, unknown>;
  error: string | null;
  found: {
    items: Array<ArticleCard & { titleHtml: Html; snippetHtml: Html | null }>;
    next: string | null;
  } | null;
  pagePath: string;
}

function searchPage(chrome: Chrome, config: EditionConfig, s: PageState): string {
  const { edition, site } = chrome;
  const w = WORDS[config.language];
  const val = (k: string) => (typeof s.raw[k] === 'string' ? (s.raw[k] as string) : '');
  const p = s.params;
  const heading = p ? `${w.resultsFor} « ${p.q} »` : w.title;
  const meta: PageMeta = {
    title: `${heading} — ${config.name}`,
    canonical: site.baseUrl + s.pagePath,
    noindex: true,
    ...(p ? { rss: { title: `${w.feed} — ${p.q}`, href: searchHref(`${s.pagePath}.rss`, p, null) } } : {}),
  };
  const sort = val('tri') === 'date' ? 'date' : 'pertinence';
  const form = html`<form class="search-page-form" role="search" method="get" action="${s.pagePath}">
<p><label>${w.title} <input type="search" name="q" value="${val('q')}" required maxlength="300"></label>
<button type="submit">${w.submit}</button></p>
<p class="filters">
<label>${w.source} <select name="source"><option value="">${w.anySource}</option>
${edition.sources.map((src) => html`<option value="${src.slug}"${val('source') === src.slug ? html` selected` : ''}>${src.name}</option>\n`)}</select></label>
<label>${w.category} <input type="text" name="categorie" value="${val('categorie')}" maxlength="80"></label>
<label>${w.from} <input type="date" name="du" value="${val('du')}"></label>
<label>${w.to} <input type="date" name="au" value="${val('au')}"></label>
<label>${w.sort} <select name="tri"><option value="pertinence"${sort === 'pertinence' ? html` selected` : ''}>${w.relevance}</option><option value="date"${sort === 'date' ? html` selected` : ''}>${w.date}</option></select></label>
</p>
</form>`;
  let body: Html;
  if (s.error) body = html`<p class="error" role="alert">${s.error}</p>`;
  else if (!p || !s.found) body = html`<p class="hint">${w.prompt}</p>`;
  else if (!s.found.items.length) body = html`<p class="empty">${w.none}</p>`;
  else {
    body = html`<ol class="cards search-results">
${s.found.items.map(
  (a) => html`<li class="card">
<h2><a href="${a.url}">${a.titleHtml}</a></h2>
<p class="meta"><a href="${a.sourceUrl}">${a.sourceName}</a> · <time datetime="${a.datetime}">${a.date}</time>${a.category ? html` · <a href="${a.category.url}">${a.category.name}</a>` : ''}</p>
${a.snippetHtml ? html`<p class="snippet">${a.snippetHtml}</p>\n` : ''}</li>
`,
)}</ol>
<nav class="pager" aria-label="pagination">
${p.cursor ? html`<a href="${searchHref(s.pagePath, p, null)}">${w.first}</a>\n` : ''}${s.found.next ? html`<a rel="next" href="${searchHref(s.pagePath, p, s.found.next)}">${w.more}</a>\n` : ''}</nav>
<p class="feeds"><a href="${searchHref(`${s.pagePath}.rss`, p, null)}">${w.feed}</a></p>`;
  }
  return layout(
    chrome,
    meta,
    html`<h1 class="page-title">${heading}</h1>
${form}
${body}`,
  );
}
