// src/web/cache: the in-process cache of rendered pages, with validators and
// compression, invalidated by the site version (see page-cache.ts).
export { COMPRESSIBLE_TYPES, type Encoding, matchesEtag, negotiateEncoding } from './http.ts';
export { SizedLru } from './lru.ts';
export { type PageCacheHandle, type PageCacheOptions, registerPageCache } from './page-cache.ts';
