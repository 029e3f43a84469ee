// A story's page (/fr/story/<id>): the timeline of the articles that tell
// the same story, the first publisher first.
import type { FastifyInstance } from 'fastify';
import { getStory } from '../../../store/index.ts';
import type { EditionConfig } from '../../site-config.ts';
import type { SiteContext } from '../context.ts';
import { editionBase } from '../paths.ts';
import { STORY_ID, storyPage, storyView } from '../stories.ts';
import { sendHtml } from './reply.ts';

export function registerStory(app: FastifyInstance, ctx: SiteContext, config: EditionConfig): void {
  app.get<{ Params: { id: string } }>(
    `${editionBase(config)}story/:id`,
    ctx.cached,
    async (request, reply) => {
      const ed = await ctx.edition(config);
      const raw = request.params.id;
      const id = Number(raw);
      if (!STORY_ID.test(raw) || !Number.isSafeInteger(id)) return ctx.sendError(reply, ed, 404);
      const story = await getStory(ctx.store, id);
      // A story none of whose articles this edition shows is not this edition's.
      if (!story?.articles.some((a) => ed.sourceById.has(a.sourceId))) {
        return ctx.sendError(reply, ed, 404);
      }
      return sendHtml(reply, storyPage(await ctx.chrome(ed), storyView(story, ed, ctx.site)));
    },
  );
}
