// The page shell every HTML page of an edition shares: head (title, meta,
// canonical, feeds, Open Graph, Twitter, JSON-LD), the header with the
// edition's navigation, the headline ticker, main, footer. No inline script
// or style (the CSP forbids both): one stylesheet from our origin.
import type { SiteConfig } from '../site-config.ts';
import { FAVICON, REPORT_JS } from './assets.ts';
import { manifestPath, THEME_COLOR } from './pages/manifest.ts';
import { escapeHtml, type Html, html, jsonForScript, trustedHtml } from '../html.ts';
import { utf8Of } from '../bytes.ts';
import type { CategoryLink, Edition } from './views.ts';
import { paths } from './paths.ts';
import type { ArticleCard } from './views.ts';

export interface Alternate {
  title: string;
  /** Path of the page the feeds belong to: its rss.xml and atom.xml sit beside it. */
  pagePath: string;
}

export interface PageMeta {
  title: string;
  description?: string;
  /** Absolute URL; defaults to the page's own URL. */
  canonical: string;
  feeds?: Alternate;
  /** og:type: website or article. */
  ogType?: 'website' | 'article';
  image?: string | null;
  jsonLd?: Record<string, unknown>;
  /** extra <meta property="article:…"> pairs */
  article?: { published: string; modified: string; section?: string | null };
  noindex?: boolean;
  /** A feed of this very page that is not beside it (a search's: /fr/recherche.rss?q=…). */
  rss?: { title: string; href: string };
  /** The report forms' token: a page with report forms carries it in <meta name="csrf-token"> with the report script. */
  reportToken?: string;
}

export interface Chrome {
  site: SiteConfig;
  edition: Edition;
  /** The other editions, for the language switch. */
  others: Array<{ name: string; language: string; url: string }>;
  ticker: ArticleCard[];
  categories: CategoryLink[];
  cssPath: string;
}

export function layout(chrome: Chrome, meta: PageMeta, main: Html): string {
  const parts = layoutParts(chrome, meta, main);
  return parts.before + parts.top.html + parts.after;
}

/**
 * A page in three parts, the shared top (header, ticker) between its own
 * head and main: the top's UTF-8 bytes are made once per top, not once per
 * page (pageBytes), where encoding the whole page cost as much as rendering it.
 */
export interface PageParts {
  before: string;
  top: PageTop;
  after: string;
}

/** The page's UTF-8 bytes, the same as Buffer.from(the page as one string). */
export function pageBytes(parts: PageParts): Buffer {
  return utf8Of([parts.before, topBytes(parts.top), parts.after]);
}

export function layoutParts(chrome: Chrome, meta: PageMeta, main: Html): PageParts {
  const { edition } = chrome;
  const w = edition.words;
  const lang = edition.config.language;
  const home = paths.home(edition.config);
  const feeds = meta.feeds;
  // Shown two to four times each: escaped once.
  const title = trustedHtml(escapeHtml(meta.title));
  const description = trustedHtml(escapeHtml(meta.description ?? ''));
  const canonical = trustedHtml(escapeHtml(meta.canonical));
  const image = trustedHtml(escapeHtml(meta.image ?? ''));
  const before = html`<!DOCTYPE html>
<html lang="${lang}" dir="${w.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${meta.description ? html`<meta name="description" content="${description}">\n` : ''}${meta.noindex ? html`<meta name="robots" content="noindex, follow">\n` : ''}<link rel="canonical" href="${canonical}">
<link rel="stylesheet" href="${chrome.cssPath}">
<link rel="icon" href="${FAVICON.path}" type="image/svg+xml">
<link rel="manifest" href="${manifestPath(edition.config)}">
<meta name="theme-color" content="${THEME_COLOR}">
${meta.reportToken ? html`<meta name="csrf-token" content="${meta.reportToken}">\n<script src="${REPORT_JS.path}" defer></script>\n` : ''}${
  feeds
    ? html`<link rel="alternate" type="application/rss+xml" title="${feeds.title} (RSS)" href="${paths.feed(feeds.pagePath, 'rss')}">
<link rel="alternate" type="application/atom+xml" title="${feeds.title} (Atom)" href="${paths.feed(feeds.pagePath, 'atom')}">
`
    : ''
}${meta.rss ? html`<link rel="alternate" type="application/rss+xml" title="${meta.rss.title}" href="${meta.rss.href}">\n` : ''}<meta property="og:site_name" content="${edition.config.name}">
<meta property="og:locale" content="${w.locale}">
<meta property="og:type" content="${meta.ogType ?? 'website'}">
<meta property="og:title" content="${title}">
<meta property="og:url" content="${canonical}">
${meta.description ? html`<meta property="og:description" content="${description}">\n` : ''}${meta.image ? html`<meta property="og:image" content="${image}">\n` : ''}${
  meta.article
    ? html`<meta property="article:published_time" content="${meta.article.published}">
<meta property="article:modified_time" content="${meta.article.modified}">
${meta.article.section ? html`<meta property="article:section" content="${meta.article.section}">\n` : ''}`
    : ''
}<meta name="twitter:card" content="${meta.image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${title}">
${meta.description ? html`<meta name="twitter:description" content="${description}">\n` : ''}${meta.image ? html`<meta name="twitter:image" content="${image}">\n` : ''}${meta.jsonLd ? html`<script type="application/ld+json">${jsonForScript(meta.jsonLd)}</script>\n` : ''}</head>
<body>
`.value;
  const top = pageTop(chrome);
  const after = html`<main id="main" class="wrap">
${main}
</main>
<footer class="site-footer">
<div class="wrap">
<p>${w.footer}</p>
<p><a href="${paths.sources(edition.config)}">${w.sources}</a> · <a href="${paths.feed(home, 'rss')}">RSS</a> · <a href="${paths.feed(home, 'atom')}">Atom</a></p>
</div>
</footer>
</body>
</html>
`.value;
  return { before, top, after };
}

/**
 * The top of every page of an edition (skip link, header, navigation,
 * ticker) changes only when the ticker or the sections do, so it is
 * rendered once per such change (the ticker's cards are one array per site
 * version) instead of once per page: forty escaped headlines cost more than
 * an article's own body.
 */
const tops = new WeakMap<
  object,
  { ticker: ArticleCard[]; categories: CategoryLink[]; others: Chrome['others']; key: string; top: PageTop }
>();

/** The top as HTML, and its bytes once a page asked for them. */
export interface PageTop {
  readonly html: string;
  bytes?: Buffer;
}

function topBytes(top: PageTop): Buffer {
  if (!top.bytes) top.bytes = Buffer.from(top.html);
  return top.bytes;
}

function pageTop(chrome: Chrome): PageTop {
  const { edition } = chrome;
  const held = tops.get(edition.config);
  // The site context hands out the same arrays until they change (context.ts, chrome).
  if (
    held &&
    held.ticker === chrome.ticker &&
    held.categories === chrome.categories &&
    held.others === chrome.others
  )
    return held.top;
  // New arrays with the same contents (a refresh that changed nothing) keep the rendered top.
  const key = JSON.stringify([chrome.categories, chrome.others]);
  if (held && held.ticker === chrome.ticker && held.key === key) {
    held.categories = chrome.categories;
    held.others = chrome.others;
    return held.top;
  }
  const w = edition.words;
  const home = paths.home(edition.config);
  const value = html`<a class="skip" href="#main">${w.skip}</a>
<header class="site-header">
<div class="wrap bar">
<a class="brand" href="${home}">${edition.config.name}</a>
<nav class="main-nav" aria-label="${w.mainNav}">
<ul>
<li><a href="${home}">${w.home}</a></li>
${chrome.categories.map((c) => html`<li><a href="${c.url}">${c.name}</a></li>\n`)}<li><a href="${paths.sources(edition.config)}">${w.sources}</a></li>
${chrome.others.map((o) => html`<li><a href="${o.url}" lang="${o.language}" hreflang="${o.language}">${o.name}</a></li>\n`)}</ul>
</nav>
<form class="search-form" role="search" method="get" action="${home}recherche"><input type="search" name="q" required maxlength="300" aria-label="${w.search}" placeholder="${w.search}"><button type="submit">${w.search}</button></form>
</div>
</header>
<nav class="ticker" aria-label="${w.ticker}">
<div class="wrap">
<h2 class="ticker-label">${w.ticker}</h2>
<ul>
${chrome.ticker.map((a) => html`<li><a href="${a.url}">${a.title}</a></li>\n`)}</ul>
</div>
</nav>
`.value;
  const top: PageTop = { html: value };
  tops.set(edition.config, {
    ticker: chrome.ticker,
    categories: chrome.categories,
    others: chrome.others,
    key,
    top,
  });
  return top;
}
