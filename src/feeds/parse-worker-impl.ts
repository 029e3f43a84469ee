// The worker side of the parser pool: one feed text in, one ParsedFeed (or
// an error value) out. Dates survive the structured clone; a KiosqueError
// does not keep its class, so it travels as { kind, message } and is rebuilt.
import { serveJobs } from '../util/worker-pool.ts';
import { parseFeed } from './parse.ts';
import type { ParseOptions } from './types.ts';

await serveJobs((payload: { text: string; options: ParseOptions }) =>
  parseFeed(payload.text, payload.options),
);
