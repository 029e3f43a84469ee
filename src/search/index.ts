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
export { keyTerms } from './key-terms.ts';
export { normalizeArabic, normalizeText, normalizeWord, stemArabic, tokenize } from './normalize.ts';
export {
  categoryTag,
  MAX_QUERY_LENGTH,
  type ParsedQuery,
  parseQuery,
  QueryError,
  queryTokens,
  type SearchTerm,
  sourceTag,
} from './query.ts';
export { highlight, snippet } from './snippet.ts';
