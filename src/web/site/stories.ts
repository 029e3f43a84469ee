// Story clusters on the site: the article page's coverage
// ("Couverture : 3 sources" and the others' links), the story page's
// timeline (its route: ./pages/story.ts), the home's most covered stories of
// the day, and lists that show a story once. The API's GET
// /api/v1/stories/<id> is src/web/api/stories.ts; the detection itself is
// src/stories and src/store/stories/.
import {
  articlesOfStory,
  firstArticlesAmong,
  type SiteArticleSummary,
  type Store,
  type Story,
  type StoryArticle,
  topStories,
} from '../../store/index.ts';
import type { EditionConfig, SiteConfig } from '../site-config.ts';
import { displayDate, displayTime } from './dates.ts';
import { type Html, html, safeHttpUrl } from '../html.ts';
import { type Chrome, layout } from './layout.ts';
import { paths } from './paths.ts';
import type { CoverageView, Edition, StoryEntryView } from './views.ts';

/** How many stories the home shows, and how far back "of the day" reaches. */
const HOME_STORIES = 5;
const DAY_MS = 24 * 3_600_000;

// ── View models ─────────────────────────────────────────────────────────

export interface StoryView {
  id: number;
  title: string;
  path: string;
  sources: number;
  articles: number;
  first: StoryEntryView | null;
  entries: StoryEntryView[];
}

/** The edition that shows this article when it is not `ed`: the one of its language that lists its source. */
function otherEdition(a: StoryArticle, ed: Edition, site: SiteConfig): EditionConfig | null {
  return (
    site.editions.find(
      (e) =>
        e !== ed.config && e.language === a.language && (e.sources === 'all' || e.sources.includes(a.source)),
    ) ?? null
  );
}

function entryView(a: StoryArticle, ed: Edition, site: SiteConfig, first: boolean): StoryEntryView {
  const source = ed.sourceById.get(a.sourceId);
  const other = source ? null : otherEdition(a, ed, site);
  return {
    id: a.id,
    title: a.title,
    url: source
      ? paths.article(ed.config, source.slug, a.id)
      : other
        ? paths.article(other, a.source, a.id)
        : safeHttpUrl(a.url),
    otherLanguage: a.language !== ed.config.language ? a.language : null,
    sourceName: a.sourceName,
    sourceUrl: source ? paths.source(ed.config, source.slug) : other ? paths.source(other, a.source) : null,
    date: displayDate(a.publishedAt, site.timezone),
    time: displayTime(a.publishedAt, site.timezone),
    datetime: a.publishedAt,
    first,
  };
}

/** The coverage of an article's story as its page shows it; null when no other article covers it. */
export function coverageView(
  articleId: number,
  coverage: StoryArticle[],
  storyId: number | null,
  ed: Edition,
  site: SiteConfig,
): CoverageView | null {
  if (coverage.length < 2 || storyId === null) return null;
  return {
    sources: new Set(coverage.map((a) => a.sourceId)).size,
    storyUrl: paths.story(ed.config, storyId),
    others: coverage
      .map((a, i) => ({ a, first: i === 0 }))
      .filter(({ a }) => a.id !== articleId)
      .map(({ a, first }) => entryView(a, ed, site, first)),
  };
}

export function storyView(story: Story, ed: Edition, site: SiteConfig): StoryView {
  const entries = story.articles.map((a, i) => entryView(a, ed, site, i === 0));
  // Under its first title in the edition's language, when it has one.
  const own = story.articles.find((a) => a.language === ed.config.language);
  return {
    id: story.id,
    title: own?.title ?? story.title,
    path: paths.story(ed.config, story.id),
    sources: story.sourceCount,
    articles: story.articleCount,
    first: entries[0] ?? null,
    entries,
  };
}

/**
 * A list that shows each story once: the first article met of each story is
 * kept (lists run newest first, so the story's latest), articles in no story
 * all stay. Items without a known story id stay too.
 */
export function onePerStory<T extends { storyId?: number | null }>(items: readonly T[]): T[] {
  const seen = new Set<number>();
  const out: T[] = [];
  for (const item of items) {
    const s = item.storyId;
    if (s !== null && s !== undefined) {
      if (seen.has(s)) continue;
      seen.add(s);
    }
    out.push(item);
  }
  return out;
}

// ── Templates ──────────────────────────────────────────────────────────

/** The article's title, linked; in the other language, marked as such and written in its direction. */
function entryLink(e: StoryEntryView, ed: Edition): Html {
  const lang = e.otherLanguage;
  const title = lang
    ? html`<span lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">${e.title}</span>`
    : html`${e.title}`;
  const link = !e.url
    ? title
    : e.sourceUrl || e.url.startsWith('/')
      ? html`<a href="${e.url}">${title}</a>`
      : html`<a href="${e.url}" rel="noopener noreferrer">${title}</a>`;
  return lang ? html`${link} <span class="other-language">(${ed.words.story.inLanguage(lang)})</span>` : link;
}

function sourceLink(e: StoryEntryView): Html {
  return e.sourceUrl ? html`<a href="${e.sourceUrl}">${e.sourceName}</a>` : html`${e.sourceName}`;
}

/** The article page's block: "Couverture : N sources" and the other articles. */
export function coverageSection(c: CoverageView, ed: Edition): Html {
  const w = ed.words.story;
  return html`<aside class="coverage" aria-labelledby="coverage-title">
<h2 id="coverage-title">${w.coverage(c.sources)}</h2>
<ul>
${c.others.map((e) => html`<li>${sourceLink(e)} · ${entryLink(e, ed)} <time datetime="${e.datetime}">${e.date} ${e.time}</time></li>\n`)}</ul>
<p><a href="${c.storyUrl}">${w.seeStory}</a></p>
</aside>`;
}

export function storyPage(chrome: Chrome, v: StoryView): string {
  const { edition, site } = chrome;
  const w = edition.words.story;
  return layout(
    chrome,
    {
      title: `${v.title} — ${edition.config.name}`,
      description: `${w.story} : ${v.title} — ${w.counts(v.sources, v.articles)}`.slice(0, 200),
      canonical: site.baseUrl + v.path,
      feeds: { title: edition.config.name, pagePath: paths.home(edition.config) },
    },
    html`<article class="story">
<p class="kicker">${w.story}</p>
<h1 class="page-title">${v.title}</h1>
<p class="meta">${w.counts(v.sources, v.articles)}${v.first ? html` · ${w.first} : ${v.first.sourceName}` : ''}</p>
<h2>${w.timeline}</h2>
<ol class="timeline">
${v.entries.map(
  (
    e,
  ) => html`<li${e.first ? html` class="first"` : ''}><time datetime="${e.datetime}">${e.date} ${e.time}</time> · <strong>${sourceLink(e)}</strong> <span class="role">${e.first ? w.first : w.followed}</span>
<p>${entryLink(e, edition)}</p></li>
`,
)}</ol>
</article>`,
  );
}

export interface HomeStory {
  title: string;
  url: string;
  counts: string;
  firstSource: string;
}

/** The home's "most covered stories of the day" section; empty when there is none. */
export function topStoriesSection(stories: HomeStory[], ed: Edition): Html {
  if (!stories.length) return html``;
  return html`<section class="top-stories" aria-labelledby="top-stories-title">
<h2 id="top-stories-title">${ed.words.story.mostCovered}</h2>
<ol>
${stories.map((s) => html`<li><a href="${s.url}">${s.title}</a> <span class="meta">${s.counts} · ${ed.words.story.first} : ${s.firstSource}</span></li>\n`)}</ol>
</section>`;
}

// ── Reads for the site's own routes ──────────────────────────────────────

/** What the reads below need of the site. */
interface StoryReads {
  store: Store;
  site: SiteConfig;
}

/**
 * The coverage of an article for its page: nothing to read when it is in no
 * story, else one indexed range (articles_story).
 */
export async function articleCoverage(
  context: StoryReads,
  article: { id: number; storyId?: number | null },
  ed: Edition,
): Promise<CoverageView | null> {
  const storyId = article.storyId ?? null;
  if (storyId === null) return null;
  const coverage = await articlesOfStory(context.store, storyId);
  return coverageView(article.id, coverage, storyId, ed, context.site);
}

/**
 * The most covered stories of the last 24 hours told in the edition: counted
 * in both languages (a story's sources are all its sources), each under the
 * title of its first article in the edition.
 */
export async function homeStories(context: StoryReads, ed: Edition, now = Date.now()): Promise<HomeStory[]> {
  const since = new Date(now - DAY_MS).toISOString();
  const stories = (await topStories(context.store, since, HOME_STORIES * 4)).filter(
    (s) => s.sourceCount >= 2,
  );
  // Stories first told elsewhere: their first article in this edition, if any.
  const elsewhere = stories.filter((s) => !ed.sourceById.has(s.firstSourceId)).map((s) => s.id);
  const firstHere = await firstArticlesAmong(context.store, elsewhere, ed.sourceIds);
  return stories
    .filter((s) => ed.sourceById.has(s.firstSourceId) || firstHere.has(s.id))
    .slice(0, HOME_STORIES)
    .map((s) => ({
      title: firstHere.get(s.id)?.title ?? s.title,
      url: paths.story(ed.config, s.id),
      counts: ed.words.story.counts(s.sourceCount, s.articleCount),
      firstSource: ed.sourceById.get(s.firstSourceId)?.name ?? s.firstArticle?.sourceName ?? '',
    }));
}

/** Keeps one article per story in a list of summaries (see onePerStory). */
export function summariesOnePerStory(items: SiteArticleSummary[]): SiteArticleSummary[] {
  return onePerStory(items as Array<SiteArticleSummary & { storyId?: number | null }>);
}

/** A story id in a URL: a positive whole number of at most 15 digits, no leading zero. */
export const STORY_ID = /^[1-9]\d{0,14}$/;
