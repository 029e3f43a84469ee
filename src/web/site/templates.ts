// The page bodies, one function per page kind: view models in, HTML out.
import { escapeHtml, html, type Html, trustedHtml } from '../html.ts';
import { type Chrome, layout, layoutParts, type PageMeta, type PageParts, pageBytes } from './layout.ts';
import { paths } from './paths.ts';
import { reportForm } from './body.ts';
import { IMAGE_SIZES, pictureAttributes } from './picture.ts';
import type { ArticleCard, ArticleView, CategoryLink } from './views.ts';
import { newsArticleJsonLd } from './views.ts';
import { coverageSection, type HomeStory, topStoriesSection } from './stories.ts';

// A card's title is one level below the heading of the list it sits in
// (h2 under a page's h1, h3 under a section's h2): no level is skipped.
// The first cards of a page's list are on screen at once on a phone: their
// thumbnails load at once (the first sooner than the rest); the others wait
// until the reader scrolls near them.
const EAGER_THUMBNAILS = 2;

function card(a: ArticleCard, withImage: boolean, level: 2 | 3, index: number): Html {
  const title =
    level === 2
      ? html`<h2><a href="${a.url}">${a.title}</a></h2>`
      : html`<h3><a href="${a.url}">${a.title}</a></h3>`;
  return html`<li class="card">
${withImage && a.image ? html`<a class="thumb" href="${a.url}" tabindex="-1" aria-hidden="true">${thumbnail(a.image, index)}</a>\n` : ''}${title}
<p class="meta"><a href="${a.sourceUrl}">${a.sourceName}</a> · <time datetime="${a.datetime}">${a.date}</time>${a.category ? html` · <a href="${a.category.url}">${a.category.name}</a>` : ''}</p>
${a.summary ? html`<p class="summary">${a.summary}</p>\n` : ''}</li>
`;
}

/** A card's picture: always 16:9 on screen (cropped by CSS), so its width and height say that ratio. */
function thumbnail(image: NonNullable<ArticleCard['image']>, index: number): Html {
  const loading =
    index === 0
      ? html`fetchpriority="high"`
      : index < EAGER_THUMBNAILS
        ? html`loading="eager"`
        : html`loading="lazy"`;
  return image.srcset
    ? html`<img src="${image.src}" srcset="${image.srcset}" sizes="${IMAGE_SIZES.card}" alt="" ${loading} decoding="async" width="320" height="180">`
    : html`<img src="${image.src}" alt="" ${loading} decoding="async" width="320" height="180">`;
}

function cardList(items: ArticleCard[], chrome: Chrome, withImages: boolean, level: 2 | 3): Html {
  if (!items.length) return html`<p class="empty">${chrome.edition.words.noArticles}</p>`;
  return html`<ul class="cards">
${items.map((a, i) => card(a, withImages, level, i))}</ul>`;
}

function pager(chrome: Chrome, pagePath: string, next: string | null, paged: boolean): Html {
  const w = chrome.edition.words;
  if (!next && !paged) return html``;
  return html`<nav class="pager" aria-label="pagination">
${paged ? html`<a href="${pagePath}">${w.newerArticles}</a>\n` : ''}${next ? html`<a rel="next" href="${pagePath}?avant=${next}">${w.olderArticles}</a>\n` : ''}</nav>`;
}

export interface HomeModel {
  latest: ArticleCard[];
  next: string | null;
  sections: Array<{ category: CategoryLink; items: ArticleCard[] }>;
  /** The most covered stories of the day (src/web/site/stories.ts). */
  stories?: HomeStory[];
  sources: Array<{ name: string; url: string; count: number }>;
}

export function homePage(chrome: Chrome, m: HomeModel): string {
  const { edition, site } = chrome;
  const w = edition.words;
  const home = paths.home(edition.config);
  const meta: PageMeta = {
    title: `${edition.config.name} — ${w.latest}`,
    description:
      `${edition.config.name}: ${w.latest}, ${edition.sources.map((s) => s.name).join(', ')}`.slice(0, 200),
    canonical: site.baseUrl + home,
    feeds: { title: edition.config.name, pagePath: home },
  };
  return layout(
    chrome,
    meta,
    html`<section class="latest" aria-labelledby="latest-title">
<h1 id="latest-title" class="page-title">${w.latest}</h1>
${cardList(m.latest, chrome, true, 2)}
${pager(chrome, home, m.next, false)}
</section>
${topStoriesSection(m.stories ?? [], edition)}
${m.sections.map(
  (s, i) => html`<section class="category-section" aria-labelledby="cat-${i}">
<h2 id="cat-${i}"><a href="${s.category.url}">${s.category.name}</a></h2>
${cardList(s.items, chrome, false, 3)}
</section>
`,
)}<section class="sources-section" aria-labelledby="sources-title">
<h2 id="sources-title">${w.sources}</h2>
${sourceList(m.sources, chrome)}
</section>`,
  );
}

function sourceList(sources: HomeModel['sources'], chrome: Chrome): Html {
  return html`<ul class="source-list">
${sources.map((s) => html`<li><a href="${s.url}">${s.name}</a> <span class="count">${chrome.edition.words.articles(s.count)}</span></li>\n`)}</ul>`;
}

export interface ListModel {
  /** The h1. */
  heading: string;
  /** Shown under the h1 (a source's homepage link, for instance). */
  intro?: Html;
  pagePath: string;
  items: ArticleCard[];
  next: string | null;
  /** True on the pages after the first (?avant=…). */
  paged: boolean;
  description: string;
  /** Feeds of this very page (source, category), else the edition's. */
  ownFeeds: boolean;
}

export function listPage(chrome: Chrome, m: ListModel): string {
  const { edition, site } = chrome;
  const home = paths.home(edition.config);
  const meta: PageMeta = {
    title: `${m.heading} — ${edition.config.name}`,
    description: m.description,
    canonical: site.baseUrl + m.pagePath,
    feeds: m.ownFeeds
      ? { title: `${m.heading} — ${edition.config.name}`, pagePath: m.pagePath }
      : { title: edition.config.name, pagePath: home },
    noindex: m.paged,
  };
  return layout(
    chrome,
    meta,
    html`<h1 class="page-title">${m.heading}</h1>
${m.intro ?? ''}
${cardList(m.items, chrome, true, 2)}
${pager(chrome, m.pagePath, m.next, m.paged)}`,
  );
}

export function sourcesPage(chrome: Chrome, sources: HomeModel['sources']): string {
  const { edition, site } = chrome;
  const w = edition.words;
  return layout(
    chrome,
    {
      title: `${w.sources} — ${edition.config.name}`,
      description: `${w.sources}: ${sources.map((s) => s.name).join(', ')}`.slice(0, 200),
      canonical: site.baseUrl + paths.sources(edition.config),
      feeds: { title: edition.config.name, pagePath: paths.home(edition.config) },
    },
    html`<h1 class="page-title">${w.sources}</h1>
${sourceList(sources, chrome)}`,
  );
}

export function articlePage(chrome: Chrome, v: ArticleView): string {
  const parts = articlePageParts(chrome, v);
  return parts.before + parts.top.html + parts.after;
}

/** The article page's UTF-8 bytes (what articlePage's text encodes to), for the route. */
export function articlePageBytes(chrome: Chrome, v: ArticleView): Buffer {
  return pageBytes(articlePageParts(chrome, v));
}

function articlePageParts(chrome: Chrome, v: ArticleView): PageParts {
  const w = chrome.edition.words;
  const meta: PageMeta = {
    title: `${v.title} — ${v.sourceName}`,
    description: v.description,
    canonical: v.canonical,
    feeds: { title: `${v.sourceName} — ${chrome.edition.config.name}`, pagePath: v.sourceUrl },
    ogType: 'article',
    image: v.shareImage,
    jsonLd: newsArticleJsonLd(v),
    article: { published: v.datetime, modified: v.updated, section: v.category?.name ?? null },
    ...(v.reportToken ? { reportToken: v.reportToken } : {}),
  };
  return layoutParts(
    chrome,
    meta,
    html`<article class="article" lang="${v.language}">
<header class="article-header">
${v.category ? html`<p class="kicker"><a href="${v.category.url}">${v.category.name}</a></p>\n` : ''}<h1>${v.title}</h1>
<p class="published">${w.publishedIn} <a href="${v.sourceUrl}">${v.sourceName}</a> ${w.on} <a href="${paths.archive(chrome.edition.config, v.day)}"><time datetime="${v.datetime}">${v.date}</time></a></p>
${v.author ? html`<p class="byline">${w.by} <a href="${v.author.url}">${v.author.name}</a></p>\n` : ''}</header>
${
  v.leadImage
    ? html`<figure class="lead-image">
${trustedHtml(`<img ${pictureAttributes(v.leadImage.picture, IMAGE_SIZES.column)} alt="${escapeHtml(v.leadImage.alt)}" fetchpriority="high" decoding="async">`)}
${v.leadImage.blocked ? '' : trustedHtml(reportForm(v.leadImage.id, { label: w.reportImage, token: v.reportToken, lang: chrome.edition.config.language }))}
</figure>
`
    : ''
}<div class="article-body">
${trustedHtml(v.bodyHtml)}
</div>
${v.originalUrl ? html`<p class="read-at-source"><a href="${v.originalUrl}" rel="noopener noreferrer">${w.readAtSource}</a></p>\n` : ''}</article>
${v.coverage ? coverageSection(v.coverage, chrome.edition) : ''}
${
  v.readAlso.length
    ? html`<aside class="read-also" aria-labelledby="read-also-title">
<h2 id="read-also-title">${w.readAlso}</h2>
<ul>
${v.readAlso.map((a) => html`<li><a href="${a.url}">${a.title}</a> <time datetime="${a.datetime}">${a.date}</time></li>\n`)}</ul>
</aside>`
    : ''
}`,
  );
}

export function errorPage(chrome: Chrome, status: 400 | 404): string {
  const w = chrome.edition.words;
  const home = paths.home(chrome.edition.config);
  return layout(
    chrome,
    {
      title: `${status === 404 ? w.notFound : w.badRequest} — ${chrome.edition.config.name}`,
      canonical: chrome.site.baseUrl + home,
      noindex: true,
    },
    html`<h1 class="page-title">${status === 404 ? w.notFound : w.badRequest}</h1>
<p>${status === 404 ? w.notFoundText : w.badRequestText}</p>
<p><a href="${home}">${w.home}</a></p>`,
  );
}
