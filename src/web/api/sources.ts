// GET /api/v1/sources: every source listed with its enabled feeds and how
// their last fetch went.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.ts';
import { errorResponses } from './errors.ts';
import { nullable } from './schemas.ts';
import { listSourcesWithFeeds } from '../../store/index.ts';

const feedSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    /** Where the feed is fetched from now (after a permanent redirect). */
    url: { type: 'string' },
    /** Where sources.yaml says it is. */
    configuredUrl: { type: 'string' },
    category: nullable('string'),
    status: { type: 'string' },
    lastFetchedAt: nullable('string'),
    lastSuccessAt: nullable('string'),
    nextFetchAt: nullable('string'),
    lastError: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: true,
          properties: { kind: { type: 'string' }, message: { type: 'string' }, at: { type: 'string' } },
        },
      ],
    },
  },
} as const;

const sourcesResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: {
          slug: { type: 'string' },
          name: { type: 'string' },
          language: { type: 'string' },
          homepage: { type: 'string' },
          enabled: { type: 'boolean' },
          feeds: { type: 'array', items: feedSchema },
        },
      },
    },
  },
} as const;

export function registerSources(app: FastifyInstance, store: Store): void {
  app.get(
    '/api/v1/sources',
    { schema: { response: { 200: sourcesResponse, ...errorResponses } } },
    async () => {
      const sources = await listSourcesWithFeeds(store);
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
    },
  );
}
