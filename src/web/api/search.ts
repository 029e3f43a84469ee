// GET /api/v1/search?q=…: full-text search over every source, items shaped as
// GET /api/v1/articles, paged by `cursor`, with each item's highlighted title
// and snippet. The parameters are read by the same code as the site's search
// page (readSearchParams), under their English names.
import type { FastifyInstance } from 'fastify';
import { highlight, snippet } from '../../search/index.ts';
import { siteSources } from '../../store/index.ts';
import type { SiteContext } from '../site/context.ts';
import { readSearchParams, runSearch, SearchParamError } from '../site/search.ts';
import { articleItemSchema } from './articles.ts';
import { errorResponses } from './errors.ts';
import { nullable } from './schemas.ts';

const MAX_LIMIT = 100;

const NAMES = {
  category: 'category',
  from: 'from',
  to: 'to',
  sort: 'sort',
  cursor: 'cursor',
  relevance: 'relevance',
} as const;
const KNOWN = ['q', 'source', 'category', 'from', 'to', 'sort', 'cursor', 'limit'];

// Strings only: the checks and their messages are readSearchParams', shared
// with the site's page; the schema refuses a parameter given twice. An unknown
// parameter is refused by the handler, which sees them all.
const searchQuery = {
  type: 'object',
  properties: {
    q: { type: 'string' },
    source: { type: 'string' },
    category: { type: 'string' },
    from: { type: 'string', description: 'a day, YYYY-MM-DD' },
    to: { type: 'string', description: 'a day, YYYY-MM-DD' },
    sort: { type: 'string', description: '"relevance" (the default) or "date"' },
    cursor: { type: 'string', description: 'the `next` of the previous page' },
    limit: { type: 'string', description: 'a whole number from 1 to 100, 20 by default' },
  },
} as const;

const searchResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    items: { type: 'array', items: articleItemSchema },
    next: nullable('string'),
    /** The highlighted title and text of each item, by id (HTML: escaped, matches in <mark>). */
    highlights: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: true,
        properties: { title: { type: 'string' }, snippet: nullable('string') },
      },
    },
  },
} as const;

export function registerSearchApi(app: FastifyInstance, context: SiteContext): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/api/v1/search',
    { schema: { querystring: searchQuery, response: { 200: searchResponse, ...errorResponses } } },
    async (request, reply) => {
      const query = request.query;
      try {
        const unknown = Object.keys(query).filter((k) => !KNOWN.includes(k));
        if (unknown.length)
          throw new SearchParamError(unknown[0] as string, `unknown parameter "${unknown[0]}"`, {
            kind: 'unknown',
            field: unknown[0] as string,
          });
        const rawLimit = query.limit === undefined || query.limit === '' ? null : query.limit;
        const limit = rawLimit === null ? 20 : Number(rawLimit);
        if (!/^\d{1,3}$/.test(rawLimit ?? '20') || limit < 1 || limit > MAX_LIMIT) {
          throw new SearchParamError('limit', `limit is a whole number from 1 to ${MAX_LIMIT}`, {
            kind: 'limit',
            max: MAX_LIMIT,
          });
        }
        const params = readSearchParams(query, NAMES);
        const bySlug = new Map((await siteSources(context.store)).map((s) => [s.slug, s.id]));
        const found = await runSearch(context, params, undefined, (slug) => bySlug.get(slug), limit);
        return {
          items: found.hits.map((h) => ({
            id: h.id,
            source: h.sourceSlug,
            title: h.title,
            url: h.canonicalUrl,
            publishedAt: h.publishedAt,
            summary: h.summary,
            language: h.language,
            category: h.category,
            imageUrl: h.leadImageUrl,
          })),
          next: found.next,
          highlights: Object.fromEntries(
            found.hits.map((h) => [
              h.id,
              {
                title: highlight(h.title, params.query),
                snippet: snippet(h.head || h.summary, params.query),
              },
            ]),
          ),
        };
      } catch (err) {
        if (!(err instanceof SearchParamError)) throw err;
        return reply.code(400).send({ error: 'bad_request', field: err.field, message: err.message });
      }
    },
  );
}
