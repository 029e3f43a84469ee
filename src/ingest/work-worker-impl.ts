// The worker side of the ingest pool: a feed or a page job in, its result out.
// The page's extractor is loaded at the thread's first page, not before: a
// thread that only reads feeds never holds it (see prepare-page.ts).
import { serveJobs } from '../util/worker-pool.ts';
import type { PageJob } from './prepare-page.ts';
import { type FeedJob, prepareFeed } from './prepare.ts';

let pages: Promise<typeof import('./prepare-page.ts')> | undefined;

await serveJobs(async (job: FeedJob | PageJob) => {
  if (job.type === 'feed') return prepareFeed(job);
  pages ??= import('./prepare-page.ts');
  return (await pages).preparePage(job);
});
