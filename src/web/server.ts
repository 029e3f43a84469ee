// The HTTP server: the reader's site, the JSON API, health and metrics.
// Fastify, for its schemas and plugin model.
import fastifyCompress from '@fastify/compress';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import {
  type Config,
  defaultConfig,
  imageProxySettingsOf,
  pageCacheSettingsOf,
  reportConfigOf,
} from '../config/index.ts';
import { createHttpClient, defaultHttpClientOptions } from '../fetch/index.ts';
import type { Store } from '../store/index.ts';
import type { Logger } from '../util/log.ts';
import { registry, setFailingFeedsReader, setIndexQueueReader } from '../util/metrics.ts';
import { registerAdmin } from './admin/index.ts';
import { registerApi } from './api/index.ts';
import { COMPRESSIBLE_TYPES, type PageCacheOptions, registerPageCache } from './cache/index.ts';
import { type ImageProxyOptions, registerImageProxy } from './images/index.ts';
import { Moderation, type ReportConfig } from '../moderation/index.ts';
import { registerSite } from './site/index.ts';
import { registerSearch } from './site/search.ts';
import { registerWebSub } from './websub.ts';
import { loadSiteConfig, type SiteConfig } from './site-config.ts';
import { countFailingFeeds, indexQueueSize } from '../store/index.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export interface WebOptions {
  store: Store;
  log: Logger;
  /** The settings read at start (src/config); default: every default. The options below override it. */
  config?: Config;
  /** Image proxy settings (client, cache directory, ...); default from the configuration. */
  images?: Partial<Omit<ImageProxyOptions, 'store' | 'log'>>;
  pageCache?: Partial<Omit<PageCacheOptions, 'store'>>;
  /** The site configuration; default: the configuration's site file or config/site.yaml, else the defaults. */
  site?: SiteConfig;
  /** Image reports: threshold, trusted proxies, rate limits; default from the configuration. */
  reports?: Partial<ReportConfig>;
  /** A WebSub push was kept: a crawler in this process looks for due feeds at once. */
  onPush?: () => void;
}

export async function buildServer({
  store,
  log,
  config = defaultConfig(),
  site,
  images,
  pageCache,
  reports,
  onPush,
}: WebOptions): Promise<FastifyInstance> {
  const siteConfig = site ?? loadSiteConfig(config);
  const app = Fastify({
    loggerInstance: log.child({ role: 'web' }) as FastifyBaseLogger,
    // No line per request (the access log is the proxy's); fastify 5.12's
    // way, which the top-level option now warns about at every start.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  setFailingFeedsReader(() => countFailingFeeds(store));
  setIndexQueueReader(() => indexQueueSize(store));
  // Text answers compressed (cached pages bring their own, made once); images never.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], customTypes: COMPRESSIBLE_TYPES });
  registerPageCache(app, { store, ...pageCacheSettingsOf(config), ...pageCache });
  const imageClient = images?.client ?? createHttpClient(defaultHttpClientOptions(config));
  if (!images?.client) app.addHook('onClose', () => imageClient.close());
  await registerImageProxy(app, {
    store,
    log,
    ...imageProxySettingsOf(config),
    ...images,
    client: imageClient,
  });

  // The second wall behind the sanitizer: no inline script, nothing from
  // another origin, no plugins, no <base> games, no framing.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  });

  app.get('/healthz', async (_req, reply) => {
    try {
      await store.ping();
      return { status: 'ok' };
    } catch (err) {
      return reply.code(503).send({ status: 'error', message: (err as Error).message });
    }
  });

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  const reportConfig = { ...reportConfigOf(config), ...reports };
  const moderation = await Moderation.open(store, reportConfig, () =>
    log.warn(
      "the disk is full: the report button's keys could not be stored, this process uses its own until it restarts with space",
    ),
  );
  const siteHandle = await registerSite(app, {
    store,
    config: siteConfig,
    reportToken: () => moderation.csrfToken(),
  });
  await registerApi(app, { store, site: siteHandle.context, moderation });
  await registerWebSub(app, { store, log, ...(onPush ? { onPush } : {}) });
  await registerSearch(app, siteHandle.context);
  await registerAdmin(app, {
    store,
    log,
    site: siteHandle.context,
    client: imageClient,
    trustProxy: reportConfig.trustProxy,
    reportThreshold: reportConfig.threshold,
    feedRequestsPerHour: config.feedRequestsPerHour,
  });

  app.setNotFoundHandler(async (request, reply) => {
    // A reader who mistypes a page gets a page, in the edition's language; the API answers JSON.
    const page = request.method === 'GET' ? await siteHandle.notFoundPage(request.url) : null;
    if (page !== null) return reply.code(404).type('text/html; charset=utf-8').send(page);
    return reply
      .code(404)
      .send({ error: 'not_found', message: `nothing at ${request.method} ${request.url}` });
  });
  app.setErrorHandler(
    (err: { statusCode?: number; validation?: unknown; message: string }, request, reply) => {
      if (err.validation) {
        return reply.code(400).send({ error: 'bad_request', message: err.message });
      }
      request.log.error({ err }, 'request failed');
      return reply.code(err.statusCode && err.statusCode < 500 ? err.statusCode : 500).send({
        error: 'internal',
        message: err.statusCode && err.statusCode < 500 ? err.message : 'internal error',
      });
    },
  );
  return app;
}
