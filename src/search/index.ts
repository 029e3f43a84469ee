export {
  type ArticleForIndex,
  type IndexText,
  indexDocument,
  indexText,
  keyRange,
  type SearchDocument,
  searchKey,
  timeTagGroup,
  timeTags,
} from './document.ts';
export {
  decodeSearchCursor,
  encodeSearchCursor,
  type SearchCursor,
  type SearchSort,
} from './cursor.ts';
export { keyTerms } from './key-terms.ts';
export { filterTags, ftsExpression, ftsTags, relatedMatch, titleQuery, tsqueryLiteral } from './match.ts';
export { normalizeArabic, normalizeText, normalizeWord, stemArabic, tokenize } from './normalize.ts';
export {
  categoryTag,
  MAX_QUERY_LENGTH,
  type ParsedQuery,
  parseQuery,
  QueryError,
  type SearchProblem,
  queryTokens,
  type SearchTerm,
  sourceTag,
} from './query.ts';
export {
  byRelevance,
  CANDIDATES,
  candidateLimit,
  keyBelow,
  MULTI_WORD_CANDIDATES,
  PHRASE_CANDIDATES,
  RELATED_CANDIDATES,
  RELATED_DAYS,
  RELATED_PAIR_TERMS,
  type RelatedText,
  strongRelated,
} from './rank.ts';
export { highlight, snippet } from './snippet.ts';
