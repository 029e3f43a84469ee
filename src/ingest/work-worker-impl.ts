// The worker side of the ingest pool: a feed or a page job in, its result out.
import { serveJobs } from '../util/worker-pool.ts';
import { type FeedJob, type PageJob, prepareFeed, preparePage } from './prepare.ts';

await serveJobs((job: FeedJob | PageJob) => (job.type === 'feed' ? prepareFeed(job) : preparePage(job)));
