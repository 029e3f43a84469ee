// Entry point of an ingest worker thread (see work-pool.ts). Plain JavaScript
// on purpose: a worker does not inherit the tsx loader that bin/kiosque.js
// registers in the main thread, so it registers its own first.
import { register } from 'tsx/esm/api';

register();
await import('./work-worker-impl.ts');
