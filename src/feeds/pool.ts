// parseFeed in worker threads, with a time and a memory bound.
//
// The parser is linear on every input we could think of, but it runs on
// publishers' bytes: a bound that does not depend on our being right is
// cheap insurance. A worker (not the caller's thread) does the work, so a
// slow parse never blocks the crawler's event loop, and a worker over its
// bound is terminated (V8 interrupts even a tight loop) and replaced.
// Workers are reused: starting one (tsx loader + modules) costs far more
// than parsing a typical feed.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ErrorInfo, KiosqueError } from '../util/errors.ts';
import type { ParsedFeed, ParseOptions } from './types.ts';

export interface ParseLimits {
  /** Wall-clock bound for one parse once a worker has started it. Default 10 s. */
  timeoutMs?: number;
  /** The worker's old-generation heap bound. Default 512 MB. */
  maxHeapMb?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_HEAP_MB = 512;
// One or two workers: parsing is a small share of a feed run (fetch and SQL
// dominate), and the machine is shared with the web server and the database.
const POOL_SIZE = Math.min(2, Math.max(1, availableParallelism()));
const WORKER_URL = new URL('./parse-worker.mjs', import.meta.url);

interface Job {
  id: number;
  text: string;
  options: ParseOptions;
  timeoutMs: number;
  heapMb: number;
  resolve: (feed: ParsedFeed) => void;
  reject: (error: KiosqueError) => void;
}

interface Slot {
  worker: Worker;
  heapMb: number;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

type WorkerMessage = { ready: true } | { id: number; feed: ParsedFeed } | { id: number; error: ErrorInfo };

const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 1;

/**
 * Parses a feed in a worker thread. Rejects with `parse_timeout` when the
 * parse takes longer than `timeoutMs`, `too_large` when it needs more heap
 * than `maxHeapMb`, and with parseFeed's own errors otherwise.
 */
export function parseFeedBounded(
  text: string,
  options: ParseOptions,
  limits: ParseLimits = {},
): Promise<ParsedFeed> {
  return new Promise<ParsedFeed>((resolve, reject) => {
    queue.push({
      id: nextId++,
      text,
      options,
      timeoutMs: limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      heapMb: limits.maxHeapMb ?? DEFAULT_HEAP_MB,
      resolve,
      reject,
    });
    dispatch();
  });
}

/** Stops every worker and fails the parses still waiting. For shutdown and tests. */
export async function closeFeedParserPool(): Promise<void> {
  const closing = new KiosqueError({ kind: 'internal', message: 'the feed parser pool was closed' });
  for (const job of queue.splice(0)) job.reject(closing);
  const stopping = slots.splice(0).map((slot) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.job?.reject(closing);
    slot.job = null;
    return slot.worker.terminate();
  });
  await Promise.all(stopping);
}

function dispatch(): void {
  while (queue.length > 0) {
    const job = queue[0]!;
    let slot = slots.find((s) => s.job === null && s.heapMb === job.heapMb);
    if (!slot) {
      if (slots.length >= POOL_SIZE) {
        // A worker with another heap bound is idle: replace it with one that fits.
        const idle = slots.find((s) => s.job === null);
        if (!idle) return; // all busy: the job waits its turn
        retire(idle);
      }
      slot = spawn(job.heapMb);
    }
    queue.shift();
    start(slot, job);
  }
}

function spawn(heapMb: number): Slot {
  const worker = new Worker(WORKER_URL, {
    // The worker loads tsx itself (parse-worker.mjs), the same way whether the
    // main thread runs under `node --import tsx` or registered tsx by hand.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  const slot: Slot = { worker, heapMb, ready: false, job: null, timer: null };
  worker.unref(); // an idle pool must not keep the process alive
  worker.on('message', (message: WorkerMessage) => onMessage(slot, message));
  worker.on('error', (err: Error & { code?: string }) => {
    const outOfMemory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
    fail(
      slot,
      new KiosqueError(
        {
          kind: outOfMemory ? 'too_large' : 'internal',
          message: outOfMemory
            ? `the feed needed more than ${slot.heapMb} MB to parse`
            : `the feed parser worker failed: ${err.message}`,
          ...(slot.job ? { url: slot.job.options.url } : {}),
        },
        { cause: err },
      ),
    );
  });
  worker.on('exit', (code) => {
    fail(
      slot,
      new KiosqueError({ kind: 'internal', message: `the feed parser worker exited (code ${code})` }),
    );
  });
  slots.push(slot);
  return slot;
}

function start(slot: Slot, job: Job): void {
  slot.job = job;
  slot.worker.ref(); // a parse in progress keeps the process alive until it settles
  slot.worker.postMessage({ id: job.id, text: job.text, options: job.options });
  // The clock starts when the worker can work, so its start-up is not counted.
  if (slot.ready) arm(slot);
}

function arm(slot: Slot): void {
  const job = slot.job;
  if (!job) return;
  slot.timer = setTimeout(() => {
    fail(
      slot,
      new KiosqueError({
        kind: 'parse_timeout',
        message: `parsing the feed took longer than ${job.timeoutMs} ms`,
        url: job.options.url,
      }),
    );
  }, job.timeoutMs);
  slot.timer.unref();
}

function onMessage(slot: Slot, message: WorkerMessage): void {
  if ('ready' in message) {
    slot.ready = true;
    arm(slot);
    return;
  }
  const job = slot.job;
  if (!job || job.id !== message.id) return;
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  slot.job = null;
  slot.worker.unref();
  if ('error' in message) job.reject(new KiosqueError(message.error));
  else job.resolve(message.feed);
  dispatch();
}

// The worker is gone or going: settle its job, forget it, let the queue move on.
function fail(slot: Slot, error: KiosqueError): void {
  const index = slots.indexOf(slot);
  if (index === -1 && slot.job === null) return;
  if (index !== -1) slots.splice(index, 1);
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  const job = slot.job;
  slot.job = null;
  void slot.worker.terminate();
  job?.reject(error);
  dispatch();
}

function retire(slot: Slot): void {
  const index = slots.indexOf(slot);
  if (index !== -1) slots.splice(index, 1);
  void slot.worker.terminate();
}
