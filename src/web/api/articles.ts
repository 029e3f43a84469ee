// GET /api/v1/articles (newest first, paged by a cursor) and
// GET /api/v1/articles/:id (one article with its text and HTML).
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.ts';
import {
  decodeCursor,
  findArticleTakedown,
  getArticle,
  listArticles,
  sourceExists,
} from '../../store/index.ts';
import { WITHDRAWN_JSON } from '../admin/withdrawn.ts';
import { errorResponses } from './errors.ts';
import { idParams, nullable } from './schemas.ts';

const MAX_LIMIT = 100;

const listQuery = {
  type: 'object',
  // Unknown parameters are dropped (Fastify's removeAdditional), not refused.
  additionalProperties: false,
  properties: {
    source: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 20 },
    before: { type: 'string', maxLength: 200 },
  },
} as const;

/** An article in a list; the search answers items of this shape too. Properties in the order sent. */
export const articleItemSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'integer' },
    source: { type: 'string' },
    title: { type: 'string' },
    url: nullable('string'),
    publishedAt: { type: 'string' },
    summary: nullable('string'),
    language: { type: 'string' },
    category: nullable('string'),
    imageUrl: nullable('string'),
  },
} as const;

const listResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    items: { type: 'array', items: articleItemSchema },
    /** The `before` of the next page, or null on the last. */
    next: nullable('string'),
  },
} as const;

const articleResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    ...articleItemSchema.properties,
    contentHtml: nullable('string'),
    text: nullable('string'),
    author: nullable('string'),
    storyId: nullable('integer'),
    sourceName: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export function registerArticles(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: { source?: string; limit?: number; before?: string } }>(
    '/api/v1/articles',
    { schema: { querystring: listQuery, response: { 200: listResponse, ...errorResponses } } },
    async (request, reply) => {
      const { source, limit = 20, before } = request.query;
      if (before && !decodeCursor(before)) {
        return reply
          .code(400)
          .send({ error: 'bad_cursor', message: 'before is not a cursor given by this API' });
      }
      if (source && !(await sourceExists(store, source))) {
        return reply.code(404).send({ error: 'unknown_source', message: `no source with slug "${source}"` });
      }
      return listArticles(store, {
        limit,
        ...(source ? { source } : {}),
        ...(before ? { before } : {}),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/articles/:id',
    { schema: { params: idParams, response: { 200: articleResponse, ...errorResponses } } },
    async (request, reply) => {
      const id = Number(request.params.id);
      if (!/^\d{1,15}$/.test(request.params.id) || !Number.isSafeInteger(id)) {
        return reply.code(400).send({ error: 'bad_id', message: 'an article id is a positive whole number' });
      }
      const article = await getArticle(store, id);
      if (!article) {
        if (await findArticleTakedown(store, id)) return reply.code(410).send(WITHDRAWN_JSON);
        return reply.code(404).send({ error: 'not_found', message: `no article ${id}` });
      }
      const { sourceName: _n, updatedAt: _u, fetchedAt: _f, ...rest } = article;
      return { ...rest, sourceName: article.sourceName, updatedAt: article.updatedAt };
    },
  );
}
