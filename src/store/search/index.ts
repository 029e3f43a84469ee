// The search index's storage: documents written (indexArticles), a page of
// a search (searchArticles) and its rows (searchHits), "Lire aussi"
// (relatedArticles), and a rebuild queued (queueSearchReindex). The pure
// parts (match expressions, cursors, scores) are in src/search.
export { indexArticles } from './documents.ts';
export { type SearchHitRow, searchHits } from './hits.ts';
export type { SearchTuning } from './postgres.ts';
export { markTimeTagsComplete, queueSearchReindex } from './reindex.ts';
export { relatedArticles } from './related.ts';
export { type SearchFilter, type SearchRequest, type SearchResult, searchArticles } from './search.ts';
