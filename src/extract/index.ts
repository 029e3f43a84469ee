// src/extract: an article page to title, body, lead image, author, date.
// An HTML string and its URL in, the article out; no network, no database
// (a SiteMemory, when given, learns the site's boilerplate from its pages). The body HTML is not sanitized here (src/sanitize does that).
export type { ExtractedArticle, ExtractedImage, ExtractOptions } from './types.ts';
export { extractArticle } from './extract.ts';
export { SiteMemory } from './site-memory.ts';
export { parseJsonLd } from './json-ld.ts';
export { detectLanguage, primaryLanguage } from './language.ts';
export { stripSiteName } from './title.ts';
