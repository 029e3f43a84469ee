// GET /img/<id>: every image on the site comes through here. The publisher
// is asked through src/fetch (address guard, size limit, timeouts, robots,
// politeness) with our own headers only — never the reader's cookies,
// referrer or address. The bytes are kept on disk with the publisher's
// validators and asked again with a conditional GET once they are older than
// the revalidation age; a publisher that fails then keeps its old bytes
// served. What we send is sniffed from the bytes (JPEG, PNG, GIF, WebP, AVIF
// only), with our own ETag and Cache-Control.
//
// /img/<id>?w=<width> is the same picture resized to one of IMAGE_WIDTHS and
// encoded in the best format the browser's Accept names (variants.ts), kept
// in the same disk cache under the original's content hash, so a new version
// of the picture makes new copies and moderation still judges the original.
// A picture over MAX_IMAGE_PIXELS is refused (the placeholder) before any
// decoder, ours or the reader's, sees it.
//
// The neutral placeholder (placeholder.ts) stands in for an unknown id (404),
// a blocked image, and any failure (timeout, 404, refused address, too
// large, not an image, SVG). A block reaches every process within
// STATUS_TTL_MS: the blocked flag (also by content hash) is read from the
// database, cached in memory no longer than that.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type {} from '@fastify/compress'; // the route option `compress`
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpClient } from '../../fetch/index.ts';
import { getImage, isImageBlocked, recordImageFetch, type Store } from '../../store/index.ts';
import type { Logger } from '../../util/log.ts';
import { matchesEtag, SizedLru } from '../cache/index.ts';
import { type CachedImage, cacheKey, ImageDiskCache } from './disk-cache.ts';
import { PLACEHOLDER_ETAG, PLACEHOLDER_PNG, PLACEHOLDER_TYPE } from './placeholder.ts';
import { sniffImage } from './sniff.ts';
import {
  makeVariant,
  readSize,
  tooManyPixels,
  type Variant,
  type VariantType,
  variantType,
} from './variants.ts';
import { IMAGE_WIDTHS, type ImageWidth, isImageWidth } from './widths.ts';
import { storageTrouble } from '../../store/storage-errors.ts';
import { storageErrorsTotal } from '../../util/metrics.ts';

export interface ImageProxyOptions {
  store: Store;
  /** The HTTP client to reach publishers with (buildServer makes one from the configuration). */
  client: HttpClient;
  log: Logger;
  /** KIOSQUE_IMAGE_CACHE; default ./data/image-cache. */
  cacheDir?: string;
  /** Bound of the disk cache (KIOSQUE_IMAGE_CACHE_MB); default 1024 MB. */
  maxCacheBytes?: number;
  /** Hot images kept in memory too; default 32 MB. */
  memoryBytes?: number;
  /** Age after which the publisher is asked again, conditional GET (KIOSQUE_IMAGE_MAX_AGE_S); default 1 day. */
  revalidateAfterMs?: number;
  /** Cache-Control max-age sent to readers for real images; default 1 hour (a block reaches browsers by then). */
  browserMaxAgeS?: number;
  /** How long a blocked/unblocked status may be believed without asking the database; default 2 s. */
  statusTtlMs?: number;
  /** How long a failed fetch is not retried (placeholder or stale bytes meanwhile); default 60 s. */
  failureTtlMs?: number;
  /** A reader waits at most this long for a publisher; default 15 s. */
  fetchTimeoutMs?: number;
  /** Politeness between two image requests to one publisher; default 250 ms. */
  hostDelayMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export const STATUS_TTL_MS = 2000;
export const DEFAULT_IMAGE_CACHE_DIR = './data/image-cache';
export const DEFAULT_IMAGE_CACHE_MB = 1024;
export const DEFAULT_IMAGE_MAX_AGE_S = 86_400;
const PLACEHOLDER_MAX_AGE_S = 60;

interface ImageStatus {
  url: string;
  blocked: boolean;
  /** The hash the database knows, to notice bytes it has not seen. */
  contentHash: string | null;
  until: number;
}

type Served = { image: CachedImage; cache: 'hit' | 'miss' | 'revalidated' | 'stale' } | { failed: string };

type ImageRequest = FastifyRequest<{ Params: { id: string }; Querystring: { w?: string } }>;

const VARIANT_EXTENSION: Record<VariantType, string> = {
  'image/avif': 'avif',
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

export async function registerImageProxy(app: FastifyInstance, options: ImageProxyOptions): Promise<void> {
  const proxy = new ImageProxy(options);
  app.get<{ Params: { id: string }; Querystring: { w?: string } }>(
    '/img/:id',
    { compress: false },
    (request, reply) => proxy.serve(request, reply),
  );
}

class ImageProxy {
  private readonly store: Store;
  private readonly client: HttpClient;
  private readonly log: Logger;
  private readonly cache: ImageDiskCache;
  private readonly statuses = new SizedLru<number, ImageStatus>(20_000);
  private readonly failures = new SizedLru<string, { until: number; reason: string }>(20_000);
  private readonly inFlight = new Map<string, Promise<Served>>();
  private readonly variantsInFlight = new Map<string, Promise<CachedImage>>();
  private readonly revalidateAfterMs: number;
  private readonly browserMaxAgeS: number;
  private readonly statusTtlMs: number;
  private readonly failureTtlMs: number;
  private readonly fetchTimeoutMs: number;
  private readonly hostDelayMs: number;
  private readonly now: () => number;

  constructor(o: ImageProxyOptions) {
    this.store = o.store;
    this.client = o.client;
    this.log = o.log;
    const dir = resolve(o.cacheDir ?? DEFAULT_IMAGE_CACHE_DIR);
    const maxBytes = o.maxCacheBytes ?? DEFAULT_IMAGE_CACHE_MB * 1024 * 1024;
    this.cache = new ImageDiskCache(dir, maxBytes, o.memoryBytes ?? 32 * 1024 * 1024, o.log);
    this.revalidateAfterMs = o.revalidateAfterMs ?? DEFAULT_IMAGE_MAX_AGE_S * 1000;
    this.browserMaxAgeS = o.browserMaxAgeS ?? 3600;
    this.statusTtlMs = o.statusTtlMs ?? STATUS_TTL_MS;
    this.failureTtlMs = o.failureTtlMs ?? 60_000;
    this.fetchTimeoutMs = o.fetchTimeoutMs ?? 15_000;
    this.hostDelayMs = o.hostDelayMs ?? 250;
    this.now = o.now ?? Date.now;
  }

  async serve(request: ImageRequest, reply: FastifyReply): Promise<FastifyReply> {
    const width = request.query.w === undefined ? null : Number(request.query.w);
    if (width !== null && !isImageWidth(width)) {
      return reply
        .code(400)
        .type('text/plain; charset=utf-8')
        .send(
          `w must be one of ${IMAGE_WIDTHS.join(', ')} (the widths pictures are made in), not "${request.query.w}"\n`,
        );
    }
    const raw = request.params.id;
    const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : 0;
    const status = id > 0 && id <= 2 ** 31 - 1 ? await this.status(id) : null;
    if (!status) return this.placeholder(request, reply, 404, 'unknown');
    if (status.blocked) return this.placeholder(request, reply, 200, 'blocked');

    const served = await this.obtain(status.url);
    if ('failed' in served) return this.placeholder(request, reply, 200, 'failed');
    const { image } = served;
    if (image.meta.contentHash !== status.contentHash) {
      // Bytes the database has not seen: record their hash, then ask again
      // whether they are blocked (the same bytes under another id may be).
      await recordImageFetch(this.store, id, {
        contentHash: image.meta.contentHash,
        contentType: image.meta.contentType,
        width: image.meta.width,
        height: image.meta.height,
        at: new Date(image.meta.fetchedAt).toISOString(),
      });
      this.statuses.delete(id);
      const again = await this.status(id);
      if (!again || again.blocked) return this.placeholder(request, reply, 200, 'blocked');
    }

    reply
      .header('cache-control', `public, max-age=${this.browserMaxAgeS}`)
      .header('x-kiosque-cache', served.cache);
    const type = width === null ? null : variantType(request.headers.accept, image.meta.contentType);
    if (width !== null && type !== null) {
      // The copy differs by Accept: a shared cache must keep one per format.
      reply.header('vary', 'Accept');
      // A 600-pixel picture asked at 960 or 1280 is the 640 copy: made once.
      const widest = IMAGE_WIDTHS.find((w) => w >= (image.meta.width ?? Number.POSITIVE_INFINITY)) ?? width;
      const made = Math.min(width, widest) as ImageWidth;
      const etag = `"${image.meta.contentHash.slice(0, 32)}-${made}-${VARIANT_EXTENSION[type]}"`;
      reply.header('etag', etag);
      if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
      const variant = await this.variant(image, made, type);
      if (variant) {
        return reply
          .code(200)
          .header('content-type', variant.meta.contentType)
          .header('x-kiosque-variant', `${variant.meta.width}x${variant.meta.height}`)
          .send(variant.bytes);
      }
      reply.removeHeader('vary'); // the original, the same for everyone
    }
    const etag = `"${image.meta.contentHash.slice(0, 32)}"`;
    reply.header('content-type', image.meta.contentType).header('etag', etag);
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.code(200).send(image.bytes);
  }

  /**
   * The picture resized to `width` as `type`, from the disk cache or made now
   * (one making per copy at a time). Null when it cannot be made, or would be
   * the original's bytes again: the original is then served as it is.
   */
  private async variant(
    image: CachedImage,
    width: ImageWidth,
    type: VariantType,
  ): Promise<CachedImage | null> {
    const { meta } = image;
    if (type === meta.contentType && meta.width !== null && meta.width <= width) return null;
    const key = cacheKey(`variant ${meta.contentHash} ${width} ${type}`);
    const cached = await this.cache.read(key);
    if (cached && cached.meta.contentHash === meta.contentHash) return cached;
    let pending = this.variantsInFlight.get(key);
    if (!pending) {
      pending = this.makeVariant(key, image, width, type).finally(() => this.variantsInFlight.delete(key));
      this.variantsInFlight.set(key, pending);
    }
    try {
      return await pending;
    } catch (err) {
      this.log.warn(
        { url: meta.url, width, type, err: String(err) },
        'image could not be resized: the original is served',
      );
      return null;
    }
  }

  private async makeVariant(
    key: string,
    image: CachedImage,
    width: ImageWidth,
    type: VariantType,
  ): Promise<CachedImage> {
    const made: Variant = await makeVariant(image.bytes, width, type);
    const variant: CachedImage = {
      bytes: made.bytes,
      meta: {
        url: image.meta.url,
        etag: null,
        lastModified: null,
        fetchedAt: this.now(),
        contentType: made.type,
        // The original's hash: a copy belongs to those bytes (see variant's key).
        contentHash: image.meta.contentHash,
        width: made.width,
        height: made.height,
        size: made.bytes.length,
      },
    };
    await this.keep(key, variant);
    return variant;
  }

  /** Into the disk cache; a full or read-only disk costs the cache, not the reader's image. */
  private async keep(key: string, image: CachedImage): Promise<void> {
    try {
      await this.cache.write(key, image);
    } catch (err) {
      const trouble = storageTrouble(err);
      if (trouble) storageErrorsTotal.inc({ kind: trouble });
      this.log.error({ err, dir: this.cache.dir }, 'image cache write failed');
    }
  }

  private placeholder(
    request: ImageRequest,
    reply: FastifyReply,
    code: 200 | 404,
    why: 'unknown' | 'blocked' | 'failed',
  ): FastifyReply {
    reply
      .header('content-type', PLACEHOLDER_TYPE)
      .header('etag', PLACEHOLDER_ETAG)
      .header('cache-control', `public, max-age=${PLACEHOLDER_MAX_AGE_S}`)
      .header('x-kiosque-image', why);
    if (code === 200 && matchesEtag(request.headers['if-none-match'], PLACEHOLDER_ETAG)) {
      return reply.code(304).send();
    }
    return reply.code(code).send(PLACEHOLDER_PNG);
  }

  /** The image's URL and blocked flag, from the database at most STATUS_TTL_MS ago. */
  private async status(id: number): Promise<ImageStatus | null> {
    const now = this.now();
    const known = this.statuses.get(id);
    if (known && known.until > now) return known;
    const [row, blocked] = await Promise.all([getImage(this.store, id), isImageBlocked(this.store, id)]);
    if (!row) {
      this.statuses.delete(id);
      return null;
    }
    const status = { url: row.url, blocked, contentHash: row.contentHash, until: now + this.statusTtlMs };
    this.statuses.set(id, status, 1);
    return status;
  }

  /** The bytes for a URL: from the cache when fresh, else fetched (one fetch per URL at a time). */
  private async obtain(url: string): Promise<Served> {
    const key = cacheKey(url);
    const cached = await this.cache.read(key);
    if (cached && cached.meta.url === url && this.now() - cached.meta.fetchedAt < this.revalidateAfterMs) {
      return { image: cached, cache: 'hit' };
    }
    const previous = cached?.meta.url === url ? cached : null;
    const failure = this.failures.get(key);
    if (failure && failure.until > this.now()) {
      return previous ? { image: previous, cache: 'stale' } : { failed: failure.reason };
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetch(key, url, previous).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fetch(key: string, url: string, previous: CachedImage | null): Promise<Served> {
    const outcome = await this.client.fetch({
      url,
      kind: 'image',
      etag: previous?.meta.etag ?? null,
      lastModified: previous?.meta.lastModified ?? null,
      hostDelayMs: this.hostDelayMs,
      signal: AbortSignal.timeout(this.fetchTimeoutMs),
    });
    const fail = (reason: string): Served => {
      this.failures.set(key, { until: this.now() + this.failureTtlMs, reason }, 1);
      this.log.warn({ url, reason, stale: previous !== null }, 'image fetch failed');
      return previous ? { image: previous, cache: 'stale' } : { failed: reason };
    };
    if (!outcome.ok) return fail(`${outcome.error.kind}: ${outcome.error.message}`);
    if (outcome.notModified) {
      if (!previous) return fail('http_status: 304 to a request without validators');
      const image: CachedImage = {
        bytes: previous.bytes,
        meta: {
          ...previous.meta,
          etag: outcome.etag ?? previous.meta.etag,
          lastModified: outcome.lastModified ?? previous.meta.lastModified,
          fetchedAt: this.now(),
        },
      };
      await this.cache.updateMeta(key, image);
      return { image, cache: 'revalidated' };
    }
    const sniffed = sniffImage(outcome.body);
    if (!sniffed) {
      const said = outcome.contentType ?? 'no Content-Type';
      return fail(`not_an_image: the bytes are not JPEG, PNG, GIF, WebP or AVIF (${said})`);
    }
    // A bomb is refused on our own reading of its header, before libvips sees it.
    const claimed =
      sniffed.width !== null && sniffed.height !== null ? tooManyPixels(sniffed.width, sniffed.height) : null;
    if (claimed) return fail(`too_large: ${claimed}`);
    // The size a reader sees: libvips reads the header, EXIF orientation applied
    // (a portrait photo stored sideways), and the size of an AVIF, which we do not parse.
    const size = (await readSize(outcome.body).catch(() => null)) ?? sniffed;
    const { width, height } = size;
    if (width === null || height === null)
      return fail(`not_an_image: the ${sniffed.type} header gives no size`);
    const bomb = tooManyPixels(width, height);
    if (bomb) return fail(`too_large: ${bomb}`);
    this.failures.delete(key);
    const image: CachedImage = {
      bytes: outcome.body,
      meta: {
        url,
        etag: outcome.etag,
        lastModified: outcome.lastModified,
        fetchedAt: this.now(),
        contentType: sniffed.type,
        contentHash: createHash('sha256').update(outcome.body).digest('hex'),
        width,
        height,
        size: outcome.body.length,
      },
    };
    await this.keep(key, image);
    return { image, cache: previous ? 'revalidated' : 'miss' };
  }
}
