// The JSON API, version 1: one file per resource, every route with schemas
// for what it takes and what it answers, every 4xx as {error, field?, message}
// (errors.ts).
//
//   GET  /api/v1/sources                 sources.ts
//   GET  /api/v1/articles                articles.ts
//   GET  /api/v1/articles/:id            articles.ts
//   GET  /api/v1/search                  search.ts
//   GET  /api/v1/stories/:id             stories.ts
//   GET  /api/v1/images/report-token     images.ts
//   POST /api/v1/images/:id/report       images.ts
//
// /healthz and /metrics are the server's own (src/web/server.ts).
import type { FastifyInstance } from 'fastify';
import type { Moderation } from '../../moderation/index.ts';
import type { Store } from '../../store/index.ts';
import type { SiteContext } from '../site/context.ts';
import { registerArticles } from './articles.ts';
import { useApiErrors } from './errors.ts';
import { registerReports } from './images.ts';
import { registerSearchApi } from './search.ts';
import { registerSources } from './sources.ts';
import { registerStoriesApi } from './stories.ts';

export type { ApiError } from './errors.ts';

export interface ApiOptions {
  store: Store;
  /** The site's sources and time zone (search), editions and words (the answer page of a report). */
  site: SiteContext;
  moderation: Moderation;
}

export async function registerApi(
  app: FastifyInstance,
  { store, site, moderation }: ApiOptions,
): Promise<void> {
  // A scope of its own, so its error handler and formatter are the API's only.
  await app.register(async (api) => {
    useApiErrors(api);
    registerSources(api, store);
    registerArticles(api, store);
    registerSearchApi(api, site);
    registerStoriesApi(api, store);
    await registerReports(api, { context: site, moderation });
  });
}
