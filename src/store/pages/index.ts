// Article pages: the pages of teaser articles queued for fetching and what
// fetching them gave. Their leases are in ../leases.
export { type PageOutcome, pagesDone, queuePages, savePage } from './pages.ts';
