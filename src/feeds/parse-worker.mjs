// Entry point of a feed-parser worker thread (see pool.ts). Plain JavaScript
// on purpose: a worker does not inherit the tsx loader that bin/kiosque.js
// registers in the main thread, so it registers its own before loading the
// TypeScript parser.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker-impl.ts');
