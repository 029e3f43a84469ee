// The page cache: routes declared with `config: { pageCache: true }` (HTML
// pages, feeds out, sitemaps) are rendered once and then served from memory
// until articles change. Rendering a 17 KB page costs tens of microseconds
// of CPU plus its queries; sending a stored buffer costs almost nothing, and
// that gap is what makes a busy site cheap to serve (figures in
// docs/benchmarks.md, "Web").
//
// - Invalidation: the "site version" (a counter row kept by database
//   triggers on articles and sources, migration 0005_image_cache) is read at
//   most once per `versionCheckMs` (1 s) per process, so a page reflects
//   another worker's new articles within about a second, on SQLite or
//   PostgreSQL. The version is read before rendering: a page stored under a
//   version never shows older data than that version.
// - Bounded: a least-recently-used map by bytes (KIOSQUE_PAGE_CACHE_MB,
//   default 64 MB), identity and compressed bodies counted together.
// - Validators: a weak ETag (hash of the uncompressed body, the same for
//   every encoding), Cache-Control public with a short max-age, 304 on a
//   matching If-None-Match — on hits and misses alike.
// - Compression: brotli or gzip bodies are made once per page (in zlib's
//   thread pool) and kept beside it, so a hit never compresses; routes not in
//   the cache are left to @fastify/compress.
// - KIOSQUE_PAGE_CACHE=off keeps validators but renders every request (the
//   benchmark's cold runs); X-Kiosque-Cache says hit, miss or off.
import { hash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readSiteVersion, type Store } from '../../store/index.ts';
import { utf8Of } from '../bytes.ts';
import { type Encoding, matchesEtag, negotiateEncoding } from './http.ts';
import { SizedLru } from './lru.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this route's 200 answers in the page cache (HTML pages, feeds out, sitemaps). */
    pageCache?: boolean;
  }
}

export interface PageCacheOptions {
  store: Store;
  /** Longest life of a cached page even when no article changed; default 5 minutes. */
  ttlMs?: number;
  /** How often the site version is read from the database; default 1 s. */
  versionCheckMs?: number;
  /** KIOSQUE_PAGE_CACHE_MB; default 64 MB. */
  maxBytes?: number;
  /** Cache-Control max-age for readers and proxies (KIOSQUE_PAGE_MAX_AGE_S); default 60. */
  maxAgeS?: number;
  /** False when KIOSQUE_PAGE_CACHE is "off"; default true. */
  enabled?: boolean;
  now?: () => number;
}

interface CachedPage {
  version: number;
  expires: number;
  etag: string;
  headers: Record<string, string>;
  identity: Buffer;
  compressed: Partial<Record<Encoding, Buffer | Promise<Buffer>>>;
}

interface PageState {
  key: string;
  version: number;
  hit: boolean;
}

const STATE = Symbol('kiosque.pageCache');
type WithState = FastifyRequest & { [STATE]?: PageState };

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const COMPRESS: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  // Quality 5: near gzip's speed with brotli's size; made once per page.
  br: (body) =>
    brotli(body, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body) => gzipAsync(body, { level: 6 }),
};
/** Smaller bodies are sent as they are: compression would not pay for its header. */
const MIN_COMPRESS_BYTES = 1024;

// Headers of the rendered answer that are not replayed on a hit.
const NOT_REPLAYED = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
  'etag',
  'cache-control',
  'vary',
  'x-kiosque-cache',
]);

export const DEFAULT_PAGE_CACHE_MB = 64;
export const DEFAULT_PAGE_MAX_AGE_S = 60;

export interface PageCacheHandle {
  /** Forget every page (tests, or after an operator's change outside the articles). */
  clear(): void;
  readonly stats: { hits: number; misses: number; bytes: () => number; entries: () => number };
}

export function registerPageCache(app: FastifyInstance, options: PageCacheOptions): PageCacheHandle {
  const now = options.now ?? Date.now;
  const enabled = options.enabled ?? true;
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const maxAgeS = options.maxAgeS ?? DEFAULT_PAGE_MAX_AGE_S;
  const cacheControl = `public, max-age=${maxAgeS}`;
  const pages = new SizedLru<string, CachedPage>(options.maxBytes ?? DEFAULT_PAGE_CACHE_MB * 1024 * 1024);
  const version = new SiteVersion(options.store, options.versionCheckMs ?? 1000, now, () => pages.clear());
  const stats = { hits: 0, misses: 0, bytes: () => pages.size, entries: () => pages.count };

  app.addHook('onRequest', async (request: WithState, reply) => {
    if (request.method !== 'GET' || request.routeOptions.config?.pageCache !== true) return;
    const key = request.url;
    const current = await version.current();
    const state: PageState = { key, version: current, hit: false };
    request[STATE] = state;
    if (!enabled) return;
    const page = pages.get(key);
    if (!page) return;
    if (page.version !== current || page.expires <= now()) {
      pages.delete(key);
      return;
    }
    state.hit = true;
    stats.hits++;
    reply.headers(page.headers);
    reply.header('etag', page.etag).header('cache-control', cacheControl).header('vary', 'Accept-Encoding');
    reply.header('x-kiosque-cache', 'hit');
    if (matchesEtag(request.headers['if-none-match'], page.etag)) return reply.code(304).send();
    const encoding =
      page.identity.length >= MIN_COMPRESS_BYTES
        ? negotiateEncoding(request.headers['accept-encoding'])
        : null;
    if (!encoding) return reply.send(page.identity);
    const body = await compressedBody(page, encoding, key);
    return reply.header('content-encoding', encoding).send(body);
  });

  app.addHook('onSend', async (request: WithState, reply, payload) => {
    const state = request[STATE];
    if (!state || state.hit || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams are not kept
    if (reply.getHeader('set-cookie') !== undefined || reply.getHeader('content-encoding') !== undefined) {
      return payload;
    }
    const identity = typeof payload === 'string' ? utf8Of([payload]) : payload;
    // One-shot: no Hash object per page (a tenth of a cold page's own work, profiled).
    const etag = `W/"${hash('sha1', identity, 'base64url')}"`;
    reply.header('etag', etag).header('cache-control', cacheControl).header('vary', 'Accept-Encoding');
    reply.header('x-kiosque-cache', enabled ? 'miss' : 'off');
    const notModified = matchesEtag(request.headers['if-none-match'], etag);
    if (!enabled) {
      if (notModified) reply.code(304);
      // The bytes just hashed, not the string: fastify would encode it again.
      return notModified ? '' : identity; // @fastify/compress compresses it, if asked
    }
    stats.misses++;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !NOT_REPLAYED.has(name)) headers[name] = String(value);
    }
    const page: CachedPage = {
      version: state.version,
      expires: now() + ttlMs,
      etag,
      headers,
      identity,
      compressed: {},
    };
    // Only if no newer version was seen meanwhile (that cleared the cache).
    if (state.version === version.known) pages.set(state.key, page, identity.length + 512);
    if (notModified) {
      reply.code(304);
      return '';
    }
    const encoding =
      identity.length >= MIN_COMPRESS_BYTES ? negotiateEncoding(request.headers['accept-encoding']) : null;
    if (!encoding) return identity;
    const body = await compressedBody(page, encoding, state.key);
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return body;
  });

  /** The page's body in this encoding, made once and kept beside it. */
  async function compressedBody(page: CachedPage, encoding: Encoding, key: string): Promise<Buffer> {
    const have = page.compressed[encoding];
    if (have) return have;
    const making = COMPRESS[encoding](page.identity);
    page.compressed[encoding] = making;
    const body = await making;
    page.compressed[encoding] = body;
    if (pages.peek(key) === page) {
      const extra =
        (Buffer.isBuffer(page.compressed.br) ? page.compressed.br.length : 0) +
        (Buffer.isBuffer(page.compressed.gzip) ? page.compressed.gzip.length : 0);
      pages.resize(key, page.identity.length + extra + 512);
    }
    return body;
  }

  return {
    clear: () => pages.clear(),
    stats,
  };
}

/** The site version, read from the database at most once per interval, one read at a time. */
class SiteVersion {
  known = Number.NaN;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly onChange: () => void,
  ) {}

  current(): number | Promise<number> {
    if (this.now() - this.checkedAt < this.intervalMs) return this.known;
    if (!this.pending) {
      const started = this.now();
      this.pending = readSiteVersion(this.store)
        .then((value) => {
          if (value !== this.known) {
            if (!Number.isNaN(this.known)) this.onChange();
            this.known = value;
          }
          this.checkedAt = started;
          return value;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }
}
