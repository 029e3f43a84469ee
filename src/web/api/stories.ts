// GET /api/v1/stories/:id: a story and its articles, oldest first. The
// detection is src/stories; the edition's story page is src/web/site/stories.ts.
import type { FastifyInstance } from 'fastify';
import { getStory, type Store, type Story } from '../../store/index.ts';
import { errorResponses } from './errors.ts';
import { idParams, nullable } from './schemas.ts';

const ID = /^[1-9]\d{0,14}$/;

const storyResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'integer' },
    title: { type: 'string' },
    /** The source that published first. */
    firstPublisher: {
      type: 'object',
      additionalProperties: true,
      properties: { source: { type: 'string' }, name: { type: 'string' } },
    },
    firstArticleId: { type: 'integer' },
    articleCount: { type: 'integer' },
    sourceCount: { type: 'integer' },
    firstPublishedAt: { type: 'string' },
    lastPublishedAt: { type: 'string' },
    articles: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: {
          id: { type: 'integer' },
          source: { type: 'string' },
          sourceName: { type: 'string' },
          title: { type: 'string' },
          url: nullable('string'),
          publishedAt: { type: 'string' },
          language: { type: 'string' },
        },
      },
    },
  },
} as const;

function storyJson(story: Story) {
  return {
    id: story.id,
    title: story.title,
    firstPublisher: { source: story.firstSource.slug, name: story.firstSource.name },
    firstArticleId: story.firstArticleId,
    articleCount: story.articleCount,
    sourceCount: story.sourceCount,
    firstPublishedAt: story.firstPublishedAt,
    lastPublishedAt: story.lastPublishedAt,
    articles: story.articles.map((a) => ({
      id: a.id,
      source: a.source,
      sourceName: a.sourceName,
      title: a.title,
      url: a.url,
      publishedAt: a.publishedAt,
      language: a.language,
    })),
  };
}

export function registerStoriesApi(app: FastifyInstance, store: Store): void {
  app.get<{ Params: { id: string } }>(
    '/api/v1/stories/:id',
    { schema: { params: idParams, response: { 200: storyResponse, ...errorResponses } } },
    async (request, reply) => {
      const raw = request.params.id;
      const id = Number(raw);
      if (!ID.test(raw) || !Number.isSafeInteger(id)) {
        return reply.code(400).send({ error: 'bad_id', message: 'a story id is a positive whole number' });
      }
      const story = await getStory(store, id);
      if (!story?.articles.length) {
        return reply.code(404).send({ error: 'not_found', message: `no story ${id}` });
      }
      return storyJson(story);
    },
  );
}
