// The HTTP server: the JSON API, health and metrics for now; the public site
// joins it in a later issue. Fastify, for its schemas and plugin model.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Store } from '../store/index.ts';
import type { Logger } from '../util/log.ts';
import { registry, setFailingFeedsReader } from '../util/metrics.ts';
import { registerApi } from './api.ts';

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
}

export async function buildServer({ store, log }: WebOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: log.child({ role: 'web' }) as FastifyBaseLogger,
    disableRequestLogging: true,
  }) as unknown as FastifyInstance;
  setFailingFeedsReader(() => store.countFailingFeeds());

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

  app.get('/', async () => ({
    name: 'Kiosque',
    api: ['/api/v1/sources', '/api/v1/articles', '/api/v1/articles/:id', '/healthz', '/metrics'],
  }));

  await registerApi(app, { store });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `nothing at ${request.method} ${request.url}` });
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
