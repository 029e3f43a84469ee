// src/extract: an article page to title, body, lead image, author, date.
// Pure: an HTML string and its URL in, the article out; no network, no
// database. The body HTML is not sanitized here (src/sanitize does that).
export type { ExtractedArticle, ExtractedImage, ExtractOptions } from './types.ts';
export { extractArticle } from './extract.ts';
export { parseJsonLd } from './json-ld.ts';
export { detectLanguage, primaryLanguage } from './language.ts';
export { stripSiteName } from './title.ts';
