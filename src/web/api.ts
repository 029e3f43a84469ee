// The JSON API, version 1. Routes declare schemas for what they take, so a
// wrong parameter is a 400 with a message, never a crash or a silent default.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/index.ts';
import { decodeCursor, findArticleTakedown } from '../store/index.ts';
import { WITHDRAWN_JSON } from './admin/withdrawn.ts';

export interface ApiOptions {
  store: Store;
}

const MAX_LIMIT = 100;

export async function registerApi(app: FastifyInstance, { store }: ApiOptions): Promise<void> {
  app.get('/api/v1/sources', async () => {
    const sources = await store.listSourcesWithFeeds();
    return {
      items: sources.map((s) => ({
        slug: s.slug,
        name: s.name,
        language: s.language,
        homepage: s.homepage,
        enabled: s.enabled,
        feeds: s.feeds
          .filter((f) => f.enabled === 1)
          .map((f) => ({
            url: f.effective_url ?? f.url,
            configuredUrl: f.url,
            category: f.category,
            status: f.status,
            lastFetchedAt: f.last_fetched_at,
            lastSuccessAt: f.last_success_at,
            nextFetchAt: f.next_fetch_at,
            lastError:
              f.last_error_kind && f.last_error_at
                ? { kind: f.last_error_kind, message: f.last_error_message ?? '', at: f.last_error_at }
                : null,
          })),
      })),
    };
  });

  app.get<{ Querystring: { source?: string; limit?: number; before?: string } }>(
    '/api/v1/articles',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            source: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 20 },
            before: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    async (request, reply) => {
      const { source, limit = 20, before } = request.query;
      if (before && !decodeCursor(before)) {
        return reply
          .code(400)
          .send({ error: 'bad_cursor', message: 'before is not a cursor given by this API' });
      }
      if (source && !(await store.sourceExists(source))) {
        return reply.code(404).send({ error: 'unknown_source', message: `no source with slug "${source}"` });
      }
      return store.listArticles({
        limit,
        ...(source ? { source } : {}),
        ...(before ? { before } : {}),
      });
    },
  );

  app.get<{ Params: { id: string } }>('/api/v1/articles/:id', async (request, reply) => {
    const id = Number(request.params.id);
    if (!/^\d{1,15}$/.test(request.params.id) || !Number.isSafeInteger(id)) {
      return reply.code(400).send({ error: 'bad_id', message: 'an article id is a positive whole number' });
    }
    const article = await store.getArticle(id);
    if (!article) {
      if (await findArticleTakedown(store, id)) return reply.code(410).send(WITHDRAWN_JSON);
      return reply.code(404).send({ error: 'not_found', message: `no article ${id}` });
    }
    const { sourceName: _n, updatedAt: _u, fetchedAt: _f, ...rest } = article;
    return { ...rest, sourceName: article.sourceName, updatedAt: article.updatedAt };
  });
}
