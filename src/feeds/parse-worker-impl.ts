// The worker side of the parser pool: one message in, one ParsedFeed (or an
// error value) out. Dates survive the structured clone; a KiosqueError does
// not keep its class, so it travels as { kind, message } and is rebuilt.
import { parentPort } from 'node:worker_threads';
import { toKiosqueError } from '../util/errors.ts';
import { parseFeed } from './parse.ts';
import type { ParseOptions } from './types.ts';

export interface ParseRequest {
  id: number;
  text: string;
  options: ParseOptions;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (request: ParseRequest) => {
    try {
      port.postMessage({ id: request.id, feed: parseFeed(request.text, request.options) });
    } catch (err) {
      const error = toKiosqueError(err, 'internal', request.options.url);
      port.postMessage({ id: request.id, error: error.toJSON() });
    }
  });
  port.postMessage({ ready: true });
}
