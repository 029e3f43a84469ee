// Articles: the upsert of a feed run (one transaction with the feed's
// state), the one read path of the site and the JSON API (lists paged by
// key, one article, "Lire aussi", counts and sitemaps), and the one routine
// that withdraws articles (takedowns).
export { type ArticleDetail, getArticle, type SiteArticle, type SiteImage, siteArticle } from './article.ts';
export {
  articleCategories,
  articleRows,
  countArticles,
  publishedBetween,
  publishedRange,
  type SitemapEntry,
  sourceArticleCounts,
} from './counts.ts';
export { type ArticleKey, decodeCursor, encodeCursor } from './cursor.ts';
export { saveFeedRun } from './feed-run.ts';
export {
  type ArticleFilter,
  type ArticleListItem,
  articleSummaries,
  listArticles,
  listSiteArticles,
  type SiteArticleSummary,
  type SitePage,
} from './lists.ts';
export { articlesAtUrls, type ReadAlsoArticle, readAlso } from './read-also.ts';
export { type Withdrawn, withdrawArticles } from './removal.ts';
export type { ArticleCandidate, SaveResult } from './upsert.ts';
